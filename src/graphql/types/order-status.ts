import type { FailureCode as FailureCodeModel, OrderStatus as OrderStatusModel } from '../../domain/order-status.js';
import { builder } from '../builder.js';

export const OrderStatus = builder.enumType('OrderStatus', {
  description: 'PENDING → ROUTING → BUILDING → SUBMITTED → CONFIRMED, or FAILED from any non-terminal state.',
  values: {
    PENDING: { description: 'Accepted, persisted and queued.' },
    ROUTING: { description: 'A worker is comparing venues and choosing the route.' },
    BUILDING: { description: 'The transaction is being built.' },
    SUBMITTED: { description: 'Sent to the (simulated) chain, awaiting confirmation.' },
    CONFIRMED: { description: 'Filled. Terminal.' },
    FAILED: { description: 'Not filled; see failureCode. Terminal.' },
  } satisfies Record<OrderStatusModel, { description: string }>,
});

export const FailureCode = builder.enumType('FailureCode', {
  values: {
    SLIPPAGE_EXCEEDED: { description: 'The best route at execution paid less than minAmountOut. Not retried.' },
    INSUFFICIENT_LIQUIDITY: { description: 'The pools could not absorb the order at execution.' },
    NO_ROUTE: { description: 'No route between the tokens existed at execution.' },
    NETWORK_ERROR: { description: 'Transient chain failures (dropped tx, expired blockhash) on every attempt.' },
    INTERNAL_ERROR: {
      description: 'The engine failed (an unexpected error on the last attempt, or execution abandoned after repeated worker crashes). Never filled.',
    },
  } satisfies Record<FailureCodeModel, { description: string }>,
});
