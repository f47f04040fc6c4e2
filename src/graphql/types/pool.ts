import type { PoolView } from '../../domain/pool-view.js';
import { builder } from '../builder.js';
import { tokenAmount } from '../format.js';
import { DateTime } from './scalars.js';
import { Token } from './token.js';
import { PoolKind, Venue } from './venue.js';

export const Pool = builder.objectRef<PoolView>('Pool').implement({
  description: 'Live state of one simulated pool (X = base, Y = quote, as the venue names them).',
  fields: (t) => ({
    id: t.exposeID('id'),
    venue: t.field({ type: Venue, resolve: (p) => p.venue }),
    kind: t.field({ type: PoolKind, resolve: (p) => p.kind }),
    pair: t.string({ description: 'e.g. "WSOL/USDC" (X/Y).', resolve: (p) => `${p.tokenX.symbol}/${p.tokenY.symbol}` }),
    tokenX: t.field({ type: Token, resolve: (p) => p.tokenX }),
    tokenY: t.field({ type: Token, resolve: (p) => p.tokenY }),
    price: t.exposeString('price', { description: 'Spot price: Y per X in whole tokens, decimal string.' }),
    reserveX: t.string({
      description: 'Liquidity on the X side, whole tokens (for DLMM: the sum over bins).',
      resolve: (p) => tokenAmount(p.reserveX, p.tokenX),
    }),
    reserveY: t.string({ description: 'Liquidity on the Y side, whole tokens.', resolve: (p) => tokenAmount(p.reserveY, p.tokenY) }),
    feeBps: t.exposeInt('feeBps', { description: 'Fee tier in bps (the base fee for DLMM).' }),
    updatedAt: t.field({ type: DateTime, resolve: (p) => p.updatedAt }),
  }),
});

builder.queryField('pools', (t) =>
  t.field({
    type: [Pool],
    description: 'Every pool with its current price and liquidity.',
    resolve: (_root, _args, ctx) => ctx.service.pools(),
  }),
);

const LaunchTokenInput = builder.inputType('LaunchTokenInput', {
  description: 'The token a launch brings (or a token the market already knows, by its own mint, symbol and decimals).',
  fields: (t) => ({
    mint: t.string({ required: true, description: 'Base58 public key of 32 bytes.' }),
    symbol: t.string({ required: true, description: '1 to 10 letters or digits; unique among the tokens.' }),
    decimals: t.int({ required: true, description: '0 to 18.' }),
    name: t.string({ required: true, description: '1 to 32 characters.' }),
  }),
});

const LaunchPoolInput = builder.inputType('LaunchPoolInput', {
  fields: (t) => ({
    venue: t.field({ type: Venue, required: true }),
    baseToken: t.field({ type: LaunchTokenInput, required: true }),
    quoteToken: t.string({ required: true, description: 'Symbol or mint of a token the market already prices (e.g. "USDC").' }),
    price: t.string({ required: true, description: 'Opening price: whole quote tokens per whole base token, decimal string.' }),
    baseAmount: t.string({
      required: true,
      description: 'Base-token liquidity in whole tokens; the same value of the quote token goes in beside it, so both sides trade from the start.',
    }),
    binStep: t.int({ description: 'METEORA only (required there): bps between bins, 1 to 400.' }),
    binsPerSide: t.int({ description: 'METEORA only: bins on each side of the active one (default 50).' }),
    feeBps: t.int({ required: true, description: "Trading fee in bps, 1 to 1000: Raydium's trade fee, Meteora's base fee." }),
  }),
});

builder.mutationField('launchPool', (t) =>
  t.field({
    type: Pool,
    authScopes: { admin: true },
    description:
      'Creates a pool, and its base token when new, at runtime: one market write that quotes, pools, poolUpdates and ' +
      'orderBook see at once on every process. Refused with a coded error naming the field (POOL_EXISTS, AMOUNT_ZERO, ' +
      'INVALID_MINT, PRICE_OUT_OF_RANGE…), with nothing written.',
    args: { input: t.arg({ type: LaunchPoolInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.service.launchPool(input),
  }),
);

builder.subscriptionField('poolUpdates', (t) =>
  t.field({
    type: [Pool],
    description:
      'Every pool: the current state first, then the fresh state whenever fills, market motion or launches change the pools ' +
      '(at most one emission per ~250 ms; the latest state always arrives).',
    subscribe: (_root, _args, ctx) => ctx.service.poolUpdates(ctx.request?.signal),
    resolve: (pools) => pools,
  }),
);
