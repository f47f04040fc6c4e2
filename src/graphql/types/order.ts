import { isTerminal } from '../../domain/order.js';
import type { OrderView } from '../../domain/order-view.js';
import { builder } from '../builder.js';
import { ordersOf } from '../context.js';
import { ppmToBps, ratioText, tokenAmount, unitPrice } from '../format.js';
import { SubmitMarketOrderInput } from './inputs.js';
import { FailureCode, OrderStatus, OrderType } from './order-status.js';
import { Route, RouteLeg } from './route.js';
import { DateTime } from './scalars.js';
import { Token } from './token.js';
import { TokenAmount, tokenAmountsByMint } from './token-amount.js';

/**
 * Execution fields are flat and nullable (null until CONFIRMED) rather than nested, so a blotter row
 * is one selection and the FAILED fields sit next to them.
 */
export const Order = builder.objectRef<OrderView>('Order').implement({
  description: 'An order (market, limit, stop or sniper) and where it is in its lifecycle.',
  fields: (t) => ({
    id: t.exposeID('id'),
    clientOrderId: t.exposeString('clientOrderId'),
    type: t.field({ type: OrderType, resolve: (o) => o.type }),
    status: t.field({ type: OrderStatus, resolve: (o) => o.status }),
    terminal: t.boolean({ description: 'CONFIRMED, FAILED, CANCELLED or EXPIRED: no further update will come.', resolve: (o) => isTerminal(o.status) }),
    limitPrice: t.string({ nullable: true, description: 'LIMIT: the least tokenOut per whole tokenIn.', resolve: (o) => (o.condition?.kind === 'LIMIT' ? ratioText(o.condition.limitPrice) : null) }),
    stopPrice: t.string({ nullable: true, description: 'STOP: the price at or below which it triggers.', resolve: (o) => (o.condition?.kind === 'STOP' ? ratioText(o.condition.stopPrice) : null) }),
    minLiquidity: t.string({
      nullable: true,
      description: "SNIPER: the least depth of the route's pools, in tokenIn.",
      resolve: (o) => (o.condition?.kind === 'SNIPER' ? tokenAmount(o.condition.minLiquidity, o.tokenIn) : null),
    }),
    maxPriceImpactBps: t.int({ nullable: true, description: 'SNIPER: the most price impact it fires at.', resolve: (o) => (o.condition?.kind === 'SNIPER' ? o.condition.maxPriceImpactBps : null) }),
    expiresAt: t.field({ type: DateTime, nullable: true, description: 'When an order still OPEN ends EXPIRED.', resolve: (o) => o.expiresAt ?? null }),
    seq: t.exposeInt('seq', { description: 'Sequence number of the latest transition (PENDING is 1).' }),
    tokenIn: t.field({ type: Token, resolve: (o) => o.tokenIn }),
    tokenOut: t.field({ type: Token, resolve: (o) => o.tokenOut }),
    amountIn: t.string({ resolve: (o) => tokenAmount(o.amountIn, o.tokenIn) }),
    slippageBps: t.exposeInt('slippageBps', { description: 'Tolerance set at submission.' }),
    quotedAmountOut: t.string({ resolve: (o) => tokenAmount(o.quotedAmountOut, o.tokenOut) }),
    quotedPrice: t.string({
      description: 'tokenOut per tokenIn at submission.',
      resolve: (o) => unitPrice(o.amountIn, o.tokenIn, o.quotedAmountOut, o.tokenOut),
    }),
    minAmountOut: t.string({
      description: 'Fixed at submission from the quote and slippageBps; execution never accepts less.',
      resolve: (o) => tokenAmount(o.minAmountOut, o.tokenOut),
    }),
    quotedRoute: t.field({ type: Route, resolve: (o) => o.quotedRoute }),
    attempts: t.exposeInt('attempts', { description: 'Execution attempts so far (retries on transient failures).' }),
    createdAt: t.field({ type: DateTime, resolve: (o) => o.createdAt }),
    updatedAt: t.field({ type: DateTime, resolve: (o) => o.updatedAt }),
    // CONFIRMED
    txHash: t.string({ nullable: true, description: 'Base58 signature (64 bytes).', resolve: (o) => o.fill?.txHash ?? null }),
    executedAmountOut: t.string({
      nullable: true,
      resolve: (o) => (o.fill === undefined ? null : tokenAmount(o.fill.amountOut, o.tokenOut)),
    }),
    executedPrice: t.string({
      nullable: true,
      description: 'tokenOut per tokenIn actually received.',
      resolve: (o) => (o.fill === undefined ? null : unitPrice(o.amountIn, o.tokenIn, o.fill.amountOut, o.tokenOut)),
    }),
    executedLegs: t.field({ type: [RouteLeg], nullable: true, resolve: (o) => o.fill?.legs ?? null }),
    fees: t.field({
      type: [TokenAmount],
      nullable: true,
      description: 'Fees paid, per token (LP + protocol).',
      resolve: (o, _a, ctx) => (o.fill === undefined ? null : tokenAmountsByMint(o.fill.fees, ctx.tokens)),
    }),
    executedSlippageBps: t.float({
      nullable: true,
      description: 'Executed against quoted output, signed bps: positive = received less than quoted.',
      resolve: (o) => o.fill?.slippageBps ?? null,
    }),
    executedPriceImpactBps: t.float({
      nullable: true,
      resolve: (o) => (o.fill === undefined ? null : ppmToBps(o.fill.priceImpactPpm)),
    }),
    // FAILED
    failureCode: t.field({ type: FailureCode, nullable: true, resolve: (o) => o.failureCode ?? null }),
    failureMessage: t.string({ nullable: true, resolve: (o) => o.failureMessage ?? null }),
  }),
});

builder.queryField('order', (t) =>
  t.field({
    type: Order,
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => (await ordersOf(ctx).getOrder(String(id))) ?? null,
  }),
);

builder.mutationField('submitMarketOrder', (t) =>
  t.field({
    type: Order,
    description:
      'Validates and quotes, fixes minAmountOut, persists the order as PENDING, queues it and returns at once. ' +
      'The same clientOrderId returns the same order; with different parameters it is IDEMPOTENCY_CONFLICT.',
    authScopes: { trade: true },
    args: { input: t.arg({ type: SubmitMarketOrderInput, required: true }) },
    resolve: (_root, { input }, ctx) => ordersOf(ctx).submitMarketOrder(input),
  }),
);
