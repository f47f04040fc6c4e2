/** The pool read model: what `pools` and `poolUpdates` show of each pool, from the market alone. */
import type { MarketState } from './market/market.js';
import { findMarketToken } from './market/market-tokens.js';
import { NATIVE_MINT, TOKENS, type Token } from './tokens.js';
import { baseFeeRate } from './venues/meteora-dlmm-fees.js';
import type { Pool, VenueId } from './venues/pool.js';
import { poolReserves, uiPrice } from './venues/venue.js';

export interface PoolView {
  readonly id: string;
  readonly venue: VenueId;
  readonly kind: 'CPMM' | 'DLMM';
  readonly tokenX: Token;
  readonly tokenY: Token;
  /** Y per X in whole tokens, decimal string. */
  readonly price: string;
  readonly reserveX: bigint;
  readonly reserveY: bigint;
  /** Fee tier in bps (base fee for DLMM). */
  readonly feeBps: number;
  readonly updatedAt: number;
}

// Pools hold WSOL, never native SOL (pool.ts), so the native mint means WSOL here; a launched
// token is the market's own.
function poolToken(market: MarketState, mint: string): Token {
  const t = mint === NATIVE_MINT ? TOKENS.WSOL : findMarketToken(market, mint);
  if (!t) throw new Error(`pool holds an unknown mint ${mint}`);
  return t;
}

function feeBps(pool: Pool): number {
  // CPMM trade fee is in 1e6 units, DLMM base fee in 1e9 units.
  return pool.kind === 'CPMM' ? Number(pool.tradeFeeRate) / 100 : Number(baseFeeRate(pool)) / 100_000;
}

/** One pool of `market` as shown to clients, last changed at `updatedAt` (ms). */
export function poolView(market: MarketState, pool: Pool, updatedAt: number): PoolView {
  const tokenX = poolToken(market, pool.mintX);
  const tokenY = poolToken(market, pool.mintY);
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
    updatedAt,
  };
}

/** Every pool of `market` as shown to clients; `updatedAt(id)` is when the pool last changed (ms). */
export function poolViews(market: MarketState, updatedAt: (poolId: string) => number): PoolView[] {
  return [...market.pools.values()].map((pool) => poolView(market, pool, updatedAt(pool.id)));
}
