/**
 * The market's persisted form, for both engines: one row per pool (its state as JSON, written by the
 * domain codec) and one market_meta row holding the version every pool write bumps and the walk's
 * state besides the pools (reference prices, volatilities) as JSON. The database is the source of
 * truth; processes only cache it.
 */
import { decodeJson, encodeJson } from '../domain/codec.js';
import type { MarketState } from '../domain/market/market.js';
import type { Pool, Ratio } from '../domain/venues/pool.js';
import type { StoredMarket } from './port.js';

/** What market_meta.reference_prices holds. */
interface ReferenceData {
  readonly referencePrices: [string, Ratio][];
  readonly volatility: [string, number][];
}

export function encodeReferenceData(market: MarketState): string {
  const data: ReferenceData = { referencePrices: [...market.referencePrices], volatility: [...market.volatility] };
  return encodeJson(data);
}

/**
 * The stored market from its meta row and the pool rows read (all of them, or, given `since`, only
 * those written after its version: the others are reused from `since`).
 */
export function assembleMarket(
  meta: { readonly version: number; readonly referencePrices: string },
  rows: readonly { readonly id: string; readonly state: string; readonly updatedAt: number }[],
  since: StoredMarket | undefined,
): StoredMarket {
  const pools = since ? new Map(since.market.pools) : new Map<string, Pool>();
  const poolUpdatedAt = since ? new Map(since.poolUpdatedAt) : new Map<string, number>();
  for (const r of rows) {
    pools.set(r.id, decodeJson<Pool>(r.state));
    poolUpdatedAt.set(r.id, r.updatedAt);
  }
  const ref = decodeJson<ReferenceData>(meta.referencePrices);
  return {
    version: meta.version,
    market: { pools, referencePrices: new Map(ref.referencePrices), volatility: new Map(ref.volatility) },
    poolUpdatedAt,
  };
}
