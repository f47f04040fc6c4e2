import type { QuoteView } from '../../services/types.js';
import { builder } from '../builder.js';
import { ppmToBps, tokenAmount, unitPrice } from '../format.js';
import { QuoteInput } from './inputs.js';
import { Route, routeFees } from './route.js';
import { DateTime } from './scalars.js';
import { Token } from './token.js';
import { TokenAmount } from './token-amount.js';

export const Quote = builder.objectRef<QuoteView>('Quote').implement({
  description: 'The best route for an order right now. Nothing is reserved: the price can move.',
  fields: (t) => ({
    tokenIn: t.field({ type: Token, resolve: (q) => q.tokenIn }),
    tokenOut: t.field({ type: Token, resolve: (q) => q.tokenOut }),
    amountIn: t.string({ resolve: (q) => tokenAmount(q.amountIn, q.tokenIn) }),
    amountOut: t.string({ description: 'Expected output of the best route.', resolve: (q) => tokenAmount(q.route.amountOut, q.tokenOut) }),
    minAmountOut: t.string({
      description: 'amountOut less slippageBps: an order placed now fails rather than receive less.',
      resolve: (q) => tokenAmount(q.minAmountOut, q.tokenOut),
    }),
    slippageBps: t.exposeInt('slippageBps'),
    price: t.string({
      description: 'Effective price, tokenOut per tokenIn (decimal string).',
      resolve: (q) => unitPrice(q.amountIn, q.tokenIn, q.route.amountOut, q.tokenOut),
    }),
    priceImpactBps: t.float({ description: 'From the route (ppm / 100; may be fractional).', resolve: (q) => ppmToBps(q.route.priceImpactPpm) }),
    fees: t.field({ type: [TokenAmount], resolve: (q, _a, ctx) => routeFees(q.route.legs, ctx.tokens) }),
    savingsBps: t.float({ description: 'Against the best single venue.', resolve: (q) => q.route.savingsBps }),
    route: t.field({ type: Route, resolve: (q) => q.route }),
    quotedAt: t.field({ type: DateTime, resolve: (q) => q.quotedAt }),
  }),
});

builder.queryField('quote', (t) =>
  t.field({
    type: Quote,
    args: { input: t.arg({ type: QuoteInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.service.quote(input),
  }),
);
