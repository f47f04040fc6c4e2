/**
 * The expiry sweep: OPEN orders whose expiresAt has passed end EXPIRED. A periodic task (periodic.ts:
 * a BullMQ job scheduler, one run at a time across every worker process) over the partial index of
 * resting orders, so a run reads only what expired. Each order moves by compare-and-set on its seq,
 * so a trigger or a cancel at the same moment and the sweep never both land; whichever wrote first
 * is the order's fate. A trigger index drops an order at its expiry too (TriggerIndex.expired), so
 * an order past its time never fires while it waits for the sweep.
 */
import type { Logger } from 'pino';
import type { OrderRepository } from '../db/port.js';
import type { OrderView } from '../domain/order-view.js';
import type { Clock } from '../domain/rng.js';
import type { OrderEvents } from '../events/order-events.js';
import type { Metrics } from '../metrics/metrics.js';
import { observeTransition } from './observe.js';

export const EXPIRY_TASK = 'expiry';

/** Orders read per query. */
const PAGE = 500;

export interface ExpiryDeps {
  readonly orders: OrderRepository;
  readonly events: OrderEvents;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** One sweep: every OPEN order expired by now ends EXPIRED. Gives how many this run expired. */
export async function expireOnce(deps: ExpiryDeps): Promise<number> {
  const { orders, events, clock, metrics } = deps;
  const now = clock();
  let expired = 0;
  for (;;) {
    const ids = await orders.expiredResting(now, PAGE);
    for (const id of ids) {
      let previous: OrderView | undefined;
      const { update } = await orders.transition(id, clock(), (o) =>
        (previous = o).status === 'OPEN' && o.expiresAt !== undefined && o.expiresAt <= now
          ? { status: 'EXPIRED', detail: `expired: its expiresAt ${new Date(o.expiresAt).toISOString()} passed while OPEN` }
          : undefined,
      );
      if (update === undefined) continue;
      expired++;
      observeTransition(metrics, previous, update);
      await events.publish(update).catch((err: unknown) => deps.logger.error({ err, orderId: id }, 'publish failed; subscribers resync from the database'));
    }
    // A short page was the last; a full one may have more behind it (the ones moved here are gone).
    if (ids.length < PAGE) break;
  }
  if (expired > 0) deps.logger.info({ expired }, 'resting orders expired');
  return expired;
}
