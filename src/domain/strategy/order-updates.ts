import type { OrderStatus } from '../order-status.js';
import type { OrderUpdate, OrderUpdateStatus } from './types.js';

/**
 * How an order's fate reaches a strategy, in a backtest and live alike. A strategy hears only the
 * points it can act on: OPEN (a conditional order now rests), and each end (FILLED, FAILED,
 * REJECTED, EXPIRED, CANCELLED). The executing steps in between (PENDING … SUBMITTED) are the
 * engine's business: the backtester has no such steps, so hearing them live would make the same
 * strategy see different sequences.
 */

/** The strategy's status for a live order status; undefined for the in-flight steps it never hears. */
export function strategyStatusOf(status: OrderStatus): OrderUpdateStatus | undefined {
  switch (status) {
    case 'OPEN':
      return 'OPEN';
    case 'CONFIRMED':
      return 'FILLED';
    case 'FAILED':
    case 'CANCELLED':
    case 'EXPIRED':
      return status;
    case 'PENDING':
    case 'ROUTING':
    case 'BUILDING':
    case 'SUBMITTED':
      return undefined;
  }
}

/**
 * The update a strategy receives, one shape for both hosts: amountOut only with FILLED, a code
 * only with FAILED and REJECTED (what else a source carries is dropped, so both hosts agree).
 */
export function orderUpdate(u: {
  readonly clientOrderId: string;
  readonly status: OrderUpdateStatus;
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: bigint;
  readonly amountOut?: bigint | undefined;
  readonly code?: string | undefined;
}): OrderUpdate {
  return {
    clientOrderId: u.clientOrderId,
    status: u.status,
    tokenIn: u.tokenIn,
    tokenOut: u.tokenOut,
    amountIn: u.amountIn,
    amountOut: u.status === 'FILLED' ? u.amountOut : undefined,
    code: u.status === 'FAILED' || u.status === 'REJECTED' ? u.code : undefined,
  };
}
