import { builder } from '../builder.js';
import { ordersOf } from '../context.js';
import { Order } from './order.js';

/**
 * LIMIT, STOP and SNIPER orders and cancellation. Inputs are plain strings and ints, as for market
 * orders: the service validates them and names the offending field (expiresAt too, so a malformed
 * instant is EXPIRY_MALFORMED on input.expiresAt rather than a scalar-coercion error).
 */

const EXPIRES_AT = 'ISO-8601 instant (e.g. "2026-12-24T18:00:00Z"), at most 30 days out. An order still OPEN then ends EXPIRED. Absent: good until cancelled.';

export const SubmitLimitOrderInput = builder.inputType('SubmitLimitOrderInput', {
  fields: (t) => ({
    tokenIn: t.string({ required: true, description: 'Symbol or mint of the token sold.' }),
    tokenOut: t.string({ required: true, description: 'Symbol or mint of the token bought.' }),
    amountIn: t.string({ required: true, description: 'Decimal string in whole units of tokenIn.' }),
    limitPrice: t.string({
      required: true,
      description: 'The least tokenOut per whole tokenIn (positive decimal). minAmountOut = amountIn × limitPrice, rounded up in atoms.',
    }),
    expiresAt: t.string({ required: false, description: EXPIRES_AT }),
    clientOrderId: t.string({ required: true, description: 'Idempotency key: resubmitting it returns the same order.' }),
  }),
});

export const SubmitStopOrderInput = builder.inputType('SubmitStopOrderInput', {
  fields: (t) => ({
    tokenIn: t.string({ required: true }),
    tokenOut: t.string({ required: true }),
    amountIn: t.string({ required: true, description: 'Decimal string in whole units of tokenIn.' }),
    stopPrice: t.string({ required: true, description: 'Triggers when the whole order gets this many tokenOut per tokenIn or fewer.' }),
    slippageBps: t.int({ required: true, description: "The market order's minAmountOut is the quote at the trigger less this." }),
    expiresAt: t.string({ required: false, description: EXPIRES_AT }),
    clientOrderId: t.string({ required: true }),
  }),
});

export const SubmitSniperOrderInput = builder.inputType('SubmitSniperOrderInput', {
  fields: (t) => ({
    tokenIn: t.string({ required: true }),
    tokenOut: t.string({ required: true, description: 'A symbol or mint the market lists, or any valid base58 mint no pool lists yet.' }),
    amountIn: t.string({ required: true, description: 'Decimal string in whole units of tokenIn.' }),
    minLiquidity: t.string({ required: true, description: "The least depth of the route's pools, in whole tokenIn units." }),
    maxPriceImpactBps: t.int({ required: true, description: "The whole order's price impact at most this (1 to 10000)." }),
    slippageBps: t.int({ required: true, description: "The market order's minAmountOut is the quote at the trigger less this." }),
    expiresAt: t.string({ required: false, description: EXPIRES_AT }),
    clientOrderId: t.string({ required: true }),
  }),
});

builder.mutationField('submitLimitOrder', (t) =>
  t.field({
    type: Order,
    description: 'Rests the order OPEN until the whole order fills at limitPrice or better, then executes it. Idempotent per clientOrderId.',
    authScopes: { trade: true },
    args: { input: t.arg({ type: SubmitLimitOrderInput, required: true }) },
    resolve: (_root, { input }, ctx) => ordersOf(ctx).submitLimitOrder(input),
  }),
);

builder.mutationField('submitStopOrder', (t) =>
  t.field({
    type: Order,
    description: 'Rests the order OPEN until the executable price for the whole order falls to stopPrice or below, then executes it as a market order.',
    authScopes: { trade: true },
    args: { input: t.arg({ type: SubmitStopOrderInput, required: true }) },
    resolve: (_root, { input }, ctx) => ordersOf(ctx).submitStopOrder(input),
  }),
);

builder.mutationField('submitSniperOrder', (t) =>
  t.field({
    type: Order,
    description:
      "Rests the order OPEN until a route to tokenOut exists whose pools hold minLiquidity and whose price impact for the whole order is at most maxPriceImpactBps; it fires in the first market version where that holds.",
    authScopes: { trade: true },
    args: { input: t.arg({ type: SubmitSniperOrderInput, required: true }) },
    resolve: (_root, { input }, ctx) => ordersOf(ctx).submitSniperOrder(input),
  }),
);

builder.mutationField('cancelOrder', (t) =>
  t.field({
    type: Order,
    description:
      'Cancels an OPEN order, or a PENDING one no worker has taken. Against a trigger or a worker at the same moment exactly one wins; ' +
      'the loser is NOT_CANCELLABLE. Another account\'s order is NOT_FOUND.',
    authScopes: { trade: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ordersOf(ctx).cancelOrder(String(id)),
  }),
);
