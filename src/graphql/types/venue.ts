import type { VenueId } from '../../domain/venues/pool.js';
import { builder } from '../builder.js';

export const Venue = builder.enumType('Venue', {
  description: 'A simulated Solana DEX.',
  values: {
    RAYDIUM: { description: 'Raydium CPMM: constant-product pools.' },
    METEORA: { description: 'Meteora DLMM: liquidity in discrete price bins with a dynamic fee.' },
  } satisfies Record<VenueId, { description: string }>,
});

export const PoolKind = builder.enumType('PoolKind', {
  values: {
    CPMM: { description: 'Constant-product market maker (Raydium).' },
    DLMM: { description: 'Dynamic liquidity market maker (Meteora).' },
  },
});
