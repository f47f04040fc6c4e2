/**
 * The market's persisted form, for both engines: one row per pool (its state as JSON, written by the
 * domain codec) and one market_meta row holding the version every pool write bumps and the market's
 * state besides the pools (reference prices, volatilities, and the tokens pool launches brought) as
 * JSON. The database is the source of truth; processes only cache it, so every process learns a
 * launched token with the version that launched it.
 */
import { decodeJson, encodeJson } from '../domain/codec.js';
import type { MarketState } from '../domain/market/market.js';
import type { Token } from '../domain/tokens.js';
import type { Pool, Ratio } from '../domain/venues/pool.js';
import type { StoredMarket } from './port.js';

/** What market_meta.reference_prices holds. */
interface ReferenceData {
  readonly referencePrices: [string, Ratio][];
  readonly volatility: [string, number][];
  /** Launched tokens in launch order; absent before the first launch (and in rows written before launches existed). */
  readonly tokens?: Token[];
}

export function encodeReferenceData(market: MarketState): string {
  const data: ReferenceData = { referencePrices: [...market.referencePrices], volatility: [...market.volatility] };
  return encodeJson(market.tokens === undefined || market.tokens.size === 0 ? data : { ...data, tokens: [...market.tokens.values()] });
}

/**
 * Whether a market write must store the reference data: asked to (motion), or `next` carries other
 * reference prices, volatilities or tokens than `before` (a launch makes new maps; fills keep them),
 * so a write that adds a token can never leave it out of what other processes load.
 */
export function referenceDataChanged(before: MarketState, next: MarketState, asked: boolean | undefined): boolean {
  return asked === true || next.referencePrices !== before.referencePrices || next.volatility !== before.volatility || next.tokens !== before.tokens;
}

/**
 * The launched tokens as a map by mint; `previous` (the cached copy's) is reused when it holds the
 * same tokens, so lookups indexed by the map (market-tokens.ts) survive versions that launched nothing.
 */
function launchedTokens(list: readonly Token[] | undefined, previous: ReadonlyMap<string, Token> | undefined): ReadonlyMap<string, Token> | undefined {
  if (list === undefined || list.length === 0) return undefined;
  // Tokens are only ever added, so the same count means the same tokens.
  if (previous !== undefined && previous.size === list.length) return previous;
  return new Map(list.map((t) => [t.mint, Object.freeze({ ...t })]));
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
  const tokens = launchedTokens(ref.tokens, since?.market.tokens);
  const base = { pools, referencePrices: new Map(ref.referencePrices), volatility: new Map(ref.volatility) };
  return { version: meta.version, market: tokens === undefined ? base : { ...base, tokens }, poolUpdatedAt };
}
