/** Order lifecycle statuses; FAILED is reachable from any non-terminal state. */
export const ORDER_STATUSES = ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED', 'FAILED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type FailureCode = 'SLIPPAGE_EXCEEDED' | 'INSUFFICIENT_LIQUIDITY' | 'NO_ROUTE' | 'NETWORK_ERROR';
