/** Order lifecycle statuses; FAILED is reachable from any non-terminal state. */
export const ORDER_STATUSES = ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED', 'FAILED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Why an order FAILED. NETWORK_ERROR: every attempt's transaction was dropped or expired.
 * INTERNAL_ERROR: the engine itself failed (an unexpected error on the last attempt, or an execution
 * abandoned after repeated worker crashes); the message and the logs say what.
 */
export type FailureCode = 'SLIPPAGE_EXCEEDED' | 'INSUFFICIENT_LIQUIDITY' | 'NO_ROUTE' | 'NETWORK_ERROR' | 'INTERNAL_ERROR';
