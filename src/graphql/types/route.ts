import { unlistedTokenFor } from '../../domain/conditional/unlisted.js';
import type { Token as TokenModel } from '../../domain/tokens.js';
import {
  legPath,
  routePaths,
  type Route as RouteModel,
  type RouteKind as RouteKindModel,
  type RouteLeg as RouteLegModel,
  type RoutePath as RoutePathModel,
  type RouteStep as RouteStepModel,
  type VenueQuote as VenueQuoteModel,
} from '../../domain/route.js';
import { builder } from '../builder.js';
import type { TokenIndex } from '../context.js';
import { ppmToBps, tokenAmount } from '../format.js';
import { Token } from './token.js';
import { TokenAmount, tokenByMint, type TokenAmountModel } from './token-amount.js';
import { Venue } from './venue.js';

export const RouteKind = builder.enumType('RouteKind', {
  values: {
    DIRECT: { description: 'The whole order through one pool.' },
    SPLIT: { description: "One hop, split across the pair's pools." },
    TWO_HOP: { description: 'Through an intermediate token (each hop may itself be split).' },
    THREE_HOP: { description: 'Through two intermediate tokens (each hop may itself be split).' },
    MULTI_PATH: { description: 'The order split across two paths that share no pool (see Route.paths).' },
  } satisfies Record<RouteKindModel, { description: string }>,
});

export const RouteStep = builder.enumType('RouteStep', {
  description: 'Native SOL is wrapped before and unwrapped after the swap legs (pools only hold WSOL).',
  values: {
    WRAP_SOL: { description: 'Wrap native SOL into WSOL before the first leg.' },
    UNWRAP_SOL: { description: 'Unwrap WSOL into native SOL after the last leg.' },
  } satisfies Record<RouteStepModel, { description: string }>,
});

export function tokenBySymbol(tokens: TokenIndex, symbol: string): TokenModel {
  // A resting sniper's route names its unlisted token by mint (domain/conditional/unlisted.ts).
  const token = tokens.bySymbol(symbol) ?? unlistedTokenFor(symbol);
  if (token === undefined) throw new Error(`no token with symbol ${symbol}`);
  return token;
}

/** Leg fees are in atoms of each leg's input mint; summed per mint for display. */
export function routeFees(legs: readonly RouteLegModel[], tokens: TokenIndex): TokenAmountModel[] {
  // A route has at most a few legs over two input mints: a list beats a Map and its iterator.
  const out: { token: TokenModel; atoms: bigint }[] = [];
  for (const leg of legs) {
    const token = tokenByMint(tokens, leg.mintIn);
    const seen = out.find((f) => f.token === token);
    if (seen) seen.atoms += leg.fee;
    else out.push({ token, atoms: leg.fee });
  }
  return out;
}

export const RouteLeg = builder.objectRef<RouteLegModel>('RouteLeg').implement({
  description: 'One swap through one pool. Legs of one hop share mints; their shareBps sum to 10000.',
  fields: (t) => ({
    venue: t.field({ type: Venue, resolve: (l) => l.venue }),
    poolId: t.exposeID('poolId'),
    path: t.int({ description: 'The path this leg belongs to (0 unless the route is MULTI_PATH); see Route.paths.', resolve: (l) => legPath(l) }),
    hop: t.exposeInt('hop', { description: 'The hop within its path: 0 for the first, up to 2 for the third.' }),
    tokenIn: t.field({ type: Token, resolve: (l, _a, ctx) => tokenByMint(ctx.tokens, l.mintIn) }),
    tokenOut: t.field({ type: Token, resolve: (l, _a, ctx) => tokenByMint(ctx.tokens, l.mintOut) }),
    amountIn: t.string({ resolve: (l, _a, ctx) => tokenAmount(l.amountIn, tokenByMint(ctx.tokens, l.mintIn)) }),
    amountOut: t.string({ resolve: (l, _a, ctx) => tokenAmount(l.amountOut, tokenByMint(ctx.tokens, l.mintOut)) }),
    fee: t.string({
      description: 'LP + protocol fee of this leg, in whole units of tokenIn.',
      resolve: (l, _a, ctx) => tokenAmount(l.fee, tokenByMint(ctx.tokens, l.mintIn)),
    }),
    shareBps: t.exposeInt('shareBps', { description: "This leg's share of its hop's input, in bps." }),
  }),
});

interface PricedRoutePath {
  readonly path: RoutePathModel;
  readonly tokenIn: TokenModel;
  readonly tokenOut: TokenModel;
}

export const RoutePath = builder.objectRef<PricedRoutePath>('RoutePath').implement({
  description: "One path of a route: the tokens it passes through and its share of the order. A single-path route has one.",
  fields: (t) => ({
    index: t.int({ description: 'The value of RouteLeg.path on its legs.', resolve: (p) => p.path.index }),
    tokens: t.field({ type: [Token], description: 'tokenIn, the intermediate tokens, tokenOut.', resolve: (p, _a, ctx) => p.path.mints.map((m) => tokenByMint(ctx.tokens, m)) }),
    amountIn: t.string({ resolve: (p) => tokenAmount(p.path.amountIn, p.tokenIn) }),
    amountOut: t.string({ resolve: (p) => tokenAmount(p.path.amountOut, p.tokenOut) }),
    shareBps: t.int({ description: "This path's share of the route's input, in bps (a route's paths sum to 10000).", resolve: (p) => p.path.shareBps }),
  }),
});

interface PricedVenueQuote {
  readonly quote: VenueQuoteModel;
  readonly tokenIn: TokenModel;
  readonly tokenOut: TokenModel;
}

export const VenueQuote = builder.objectRef<PricedVenueQuote>('VenueQuote').implement({
  description: 'What one venue alone would give for the whole order (direct pool only).',
  fields: (t) => ({
    venue: t.field({ type: Venue, resolve: (v) => v.quote.venue }),
    poolId: t.id({ resolve: (v) => v.quote.poolId }),
    available: t.boolean({ description: 'False when this venue cannot fill the order.', resolve: (v) => v.quote.amountOut !== undefined }),
    amountOut: t.string({
      nullable: true,
      resolve: (v) => (v.quote.amountOut === undefined ? null : tokenAmount(v.quote.amountOut, v.tokenOut)),
    }),
    fee: t.string({
      nullable: true,
      description: 'Fee in whole units of tokenIn.',
      resolve: (v) => (v.quote.fee === undefined ? null : tokenAmount(v.quote.fee, v.tokenIn)),
    }),
    priceImpactBps: t.float({
      nullable: true,
      resolve: (v) => (v.quote.priceImpactPpm === undefined ? null : ppmToBps(v.quote.priceImpactPpm)),
    }),
  }),
});

export const Route = builder.objectRef<RouteModel>('Route').implement({
  description: "The router's route: legs in execution order, wrap/unwrap steps, and the venues it beat.",
  fields: (t) => ({
    kind: t.field({ type: RouteKind, resolve: (r) => r.kind }),
    steps: t.field({ type: [RouteStep], resolve: (r) => r.steps }),
    tokenIn: t.field({ type: Token, resolve: (r, _a, ctx) => tokenBySymbol(ctx.tokens, r.tokenIn) }),
    tokenOut: t.field({ type: Token, resolve: (r, _a, ctx) => tokenBySymbol(ctx.tokens, r.tokenOut) }),
    amountIn: t.string({ resolve: (r, _a, ctx) => tokenAmount(r.amountIn, tokenBySymbol(ctx.tokens, r.tokenIn)) }),
    amountOut: t.string({ resolve: (r, _a, ctx) => tokenAmount(r.amountOut, tokenBySymbol(ctx.tokens, r.tokenOut)) }),
    legs: t.field({ type: [RouteLeg], description: 'Path by path, hop by hop.', resolve: (r) => r.legs }),
    paths: t.field({
      type: [RoutePath],
      description: 'The paths the legs form, in leg order.',
      resolve: (r, _a, ctx) => {
        const tokenIn = tokenBySymbol(ctx.tokens, r.tokenIn);
        const tokenOut = tokenBySymbol(ctx.tokens, r.tokenOut);
        return routePaths(r.legs).map((path) => ({ path, tokenIn, tokenOut }));
      },
    }),
    fees: t.field({ type: [TokenAmount], description: 'Leg fees summed per token.', resolve: (r, _a, ctx) => routeFees(r.legs, ctx.tokens) }),
    priceImpactBps: t.float({
      description: 'Price impact of the whole route in bps (from ppm: may be fractional), fees excluded.',
      resolve: (r) => ppmToBps(r.priceImpactPpm),
    }),
    alternatives: t.field({
      type: [VenueQuote],
      description: 'Direct single-pool quotes for the pair, one per venue that lists it.',
      resolve: (r, _a, ctx) => {
        const tokenIn = tokenBySymbol(ctx.tokens, r.tokenIn);
        const tokenOut = tokenBySymbol(ctx.tokens, r.tokenOut);
        return r.alternatives.map((quote) => ({ quote, tokenIn, tokenOut }));
      },
    }),
    bestSingleVenueAmountOut: t.string({
      nullable: true,
      description: 'Best single-venue output; null when no single venue can fill the order.',
      resolve: (r, _a, ctx) =>
        r.bestSingleVenueOut === undefined ? null : tokenAmount(r.bestSingleVenueOut, tokenBySymbol(ctx.tokens, r.tokenOut)),
    }),
    savingsBps: t.float({
      description: '(amountOut − bestSingleVenueAmountOut) / bestSingleVenueAmountOut in bps; 0 when no single venue fills.',
      resolve: (r) => r.savingsBps,
    }),
  }),
});
