/**
 * Order lifecycle statuses. OPEN: a conditional order resting until its condition holds (then
 * PENDING). CONFIRMED, FAILED, CANCELLED and EXPIRED are terminal; FAILED is reachable from any
 * executing state.
 */
export const ORDER_STATUSES = ['OPEN', 'PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED', 'FAILED', 'CANCELLED', 'EXPIRED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What an order is: an immediate market order, or one that rests OPEN until its condition holds. */
export const ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP', 'SNIPER'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

/**
 * Why an order FAILED. NETWORK_ERROR: every attempt's transaction was dropped or expired.
 * INTERNAL_ERROR: the engine itself failed (an unexpected error on the last attempt, or an execution
 * abandoned after repeated worker crashes); the message and the logs say what.
 */
export type FailureCode = 'SLIPPAGE_EXCEEDED' | 'INSUFFICIENT_LIQUIDITY' | 'NO_ROUTE' | 'NETWORK_ERROR' | 'INTERNAL_ERROR';
