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

builder.subscriptionField('poolUpdates', (t) =>
  t.field({
    type: [Pool],
    description:
      'Every pool: the current state first, then the fresh state whenever fills or market motion move prices ' +
      '(at most one emission per ~250 ms; the latest state always arrives).',
    subscribe: (_root, _args, ctx) => ctx.service.poolUpdates(ctx.request?.signal),
    resolve: (pools) => pools,
  }),
);
