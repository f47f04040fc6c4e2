import type { FailureCode as FailureCodeModel, OrderStatus as OrderStatusModel, OrderType as OrderTypeModel } from '../../domain/order-status.js';
import { builder } from '../builder.js';

export const OrderStatus = builder.enumType('OrderStatus', {
  description:
    'PENDING → ROUTING → BUILDING → SUBMITTED → CONFIRMED, or FAILED from any executing state. A LIMIT, STOP or SNIPER ' +
    'order starts OPEN and becomes PENDING when its condition holds, or ends CANCELLED or EXPIRED.',
  values: {
    OPEN: { description: 'Resting: a LIMIT, STOP or SNIPER order whose condition has not held yet.' },
    PENDING: { description: 'Accepted (or triggered), persisted and queued. Still cancellable until a worker takes it.' },
    ROUTING: { description: 'A worker is comparing venues and choosing the route.' },
    BUILDING: { description: 'The transaction is being built.' },
    SUBMITTED: { description: 'Sent to the (simulated) chain, awaiting confirmation.' },
    CONFIRMED: { description: 'Filled. Terminal.' },
    FAILED: { description: 'Not filled; see failureCode. Terminal.' },
    CANCELLED: { description: 'Cancelled by its account while OPEN, or PENDING before a worker took it. Terminal.' },
    EXPIRED: { description: 'Its expiresAt passed while it was OPEN. Terminal.' },
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

export const OrderType = builder.enumType('OrderType', {
  description: 'MARKET executes at once; LIMIT, STOP and SNIPER rest OPEN until their condition holds.',
  values: {
    MARKET: { description: 'Quoted at submission and executed at once (submitMarketOrder).' },
    LIMIT: { description: 'Executes only when the whole order fills at limitPrice or better.' },
    STOP: { description: 'Becomes a market order when the executable price for the whole order falls to stopPrice or below.' },
    SNIPER: { description: 'Waits for a route to tokenOut with enough liquidity and low enough price impact.' },
  } satisfies Record<OrderTypeModel, { description: string }>,
});
