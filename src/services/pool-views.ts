/** PoolView of the stored market pools (what `pools` shows), computed once per market version. */
import type { StoredMarket } from '../db/market-repo.js';
import type { MarketStore } from '../db/market-store.js';
import { NATIVE_MINT, TOKENS, findToken, type Token } from '../domain/tokens.js';
import { baseFeeRate } from '../domain/venues/meteora-dlmm-fees.js';
import type { Pool } from '../domain/venues/pool.js';
import { poolReserves, uiPrice } from '../domain/venues/venue.js';
import type { PoolView } from './types.js';

// Pools hold WSOL, never native SOL (pool.ts), so the native mint means WSOL here.
function poolToken(mint: string): Token {
  const t = mint === NATIVE_MINT ? TOKENS.WSOL : findToken(mint);
  if (!t) throw new Error(`pool holds an unknown mint ${mint}`);
  return t;
}

function feeBps(pool: Pool): number {
  // CPMM trade fee is in 1e6 units, DLMM base fee in 1e9 units.
  return pool.kind === 'CPMM' ? Number(pool.tradeFeeRate) / 100 : Number(baseFeeRate(pool)) / 100_000;
}

export function poolViews(stored: StoredMarket): PoolView[] {
  return [...stored.market.pools.values()].map((pool) => {
    const tokenX = poolToken(pool.mintX);
    const tokenY = poolToken(pool.mintY);
    const { x, y } = poolReserves(pool);
    return {
      id: pool.id,
      venue: pool.venue,
      kind: pool.kind,
      tokenX,
      tokenY,
      price: uiPrice(pool, tokenX.decimals, tokenY.decimals),
      reserveX: x,
      reserveY: y,
      feeBps: feeBps(pool),
      updatedAt: stored.poolUpdatedAt.get(pool.id) ?? 0,
    };
  });
}

export interface PoolSnapshot {
  readonly version: number;
  readonly views: readonly PoolView[];
}

/** Pool views of the freshest market (one version read), recomputed only when the version moved. */
export function cachedPoolViews(market: MarketStore): () => PoolSnapshot {
  let cache: PoolSnapshot | undefined;
  return () => {
    const stored = market.current();
    if (cache?.version !== stored.version) cache = { version: stored.version, views: poolViews(stored) };
    return cache;
  };
}
