/** Reports a persisted order transition to the metrics (status entered, time in the previous one, the end). */
import { isTerminal } from '../domain/order.js';
import type { OrderUpdate, OrderView } from '../domain/order-view.js';
import type { Metrics } from '../metrics/metrics.js';

export function observeTransition(metrics: Metrics, previous: OrderView | undefined, update: OrderUpdate): void {
  const seconds = previous === undefined ? undefined : (update.at - previous.updatedAt) / 1000;
  metrics.transition(update.status, previous?.status, seconds);
  if (isTerminal(update.status)) {
    metrics.terminal(update.status as 'CONFIRMED' | 'FAILED' | 'CANCELLED' | 'EXPIRED', update.order.failureCode, (update.at - update.order.createdAt) / 1000);
  }
}
