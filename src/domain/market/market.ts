import data from './default-market.json' with { type: 'json' };
import { parseAmount } from '../amount.js';
import type { Token } from '../tokens.js';
import { DomainError } from '../errors.js';
import { createCpmmPool } from '../venues/raydium-cpmm.js';
import { binIdFromAtomRatio, createDlmmPool } from '../venues/meteora-dlmm.js';
import type { Pool, Ratio } from '../venues/pool.js';
import { parseMarketSpec, type MarketSpec, type PoolSpec } from './market-spec.js';

/**
 * The market the router and execution see: immutable pools by id and a USD reference price per
 * mint (what the random walk moves and arbitrage pulls pools toward). A new MarketState is made
 * for every change; nothing is mutated, so an old state stays a consistent snapshot.
 */
export interface MarketState {
  readonly pools: ReadonlyMap<string, Pool>;
  /**
   * Reference price per mint as an exact rational in MICRO-USD PER ATOM:
   * num = USD per whole token × 10^12, den = 10^(decimals + 6). E.g. SOL at $150:
   * 150·10^12 / 10^15 = 0.15 µUSD per lamport. Two mints' ratio gives a pool's target price in
   * atoms of Y per atom of X: (numX·denY) / (denX·numY) (see `referenceRatio`).
   */
  readonly referencePrices: ReadonlyMap<string, Ratio>;
  /** σ of each mint's reference-price random walk, per √second (motion.ts). */
  readonly volatility: ReadonlyMap<string, number>;
  /**
   * Tokens this market knows beyond the static list (tokens.ts), by mint: those pool launches
   * brought (launch.ts). Absent on a market that never launched one; resolve symbols and mints
   * with market-tokens.ts, which looks here after the static list.
   */
  readonly tokens?: ReadonlyMap<string, Token>;
}

/** The default market (default-market.json), validated once at load. */
export const DEFAULT_MARKET_SPEC: MarketSpec = parseMarketSpec(data);

/** Scale of the stored price numerators: USD × 10^12 (12 decimals of a dollar). */
const USD_DECIMALS = 12;

/** Reference price of a whole-token USD decimal string, as micro-USD per atom. */
export function usdPriceToRatio(priceUsd: string, decimals: number): Ratio {
  return { num: parseAmount(priceUsd, USD_DECIMALS), den: 10n ** BigInt(decimals + 6) };
}

/**
 * Target pool price (atoms of mintY per atom of mintX) implied by the reference prices.
 * @throws DomainError INVALID_MARKET when a mint has no reference price
 */
export function referenceRatio(market: Pick<MarketState, 'referencePrices'>, mintX: string, mintY: string): Ratio {
  const px = market.referencePrices.get(mintX);
  const py = market.referencePrices.get(mintY);
  if (px === undefined || py === undefined) {
    throw new DomainError('INVALID_MARKET', 'no reference price for a pool mint', { mintX, mintY });
  }
  return { num: px.num * py.den, den: px.den * py.num };
}

function applyOffset(r: Ratio, bps: number): Ratio {
  return { num: r.num * BigInt(10_000 + bps), den: r.den * 10_000n };
}

function buildPool(spec: PoolSpec, prices: ReadonlyMap<string, Ratio>, nowSec: number): Pool {
  const target = applyOffset(referenceRatio({ referencePrices: prices }, spec.base.mint, spec.quote.mint), spec.priceOffsetBps);
  const depthX = parseAmount(spec.depthBase, spec.base.decimals);
  if (spec.kind === 'CPMM') {
    // Reserves at the target price: Y = X · price (floored; 1 atom of Y at most off).
    return createCpmmPool({
      id: spec.id,
      mintX: spec.base.mint,
      mintY: spec.quote.mint,
      reserveX: depthX,
      reserveY: (depthX * target.num) / target.den,
      tradeFeeRate: spec.tradeFeeRate,
    });
  }
  return createDlmmPool({
    id: spec.id,
    mintX: spec.base.mint,
    mintY: spec.quote.mint,
    binStep: spec.binStep,
    activeId: binIdFromAtomRatio(target, spec.binStep),
    amountX: depthX,
    amountY: parseAmount(spec.depthQuote, spec.quote.decimals),
    binsPerSide: spec.binsPerSide,
    shape: spec.shape,
    baseFactor: spec.baseFactor,
    protocolShare: spec.protocolShare,
    nowSec,
  });
}

/**
 * Builds the starting market from a validated spec: reference prices from the token entries, then
 * each pool at its reference ratio shifted by its `priceOffsetBps`.
 * @throws DomainError INVALID_MARKET when a pool cannot be built from its parameters
 */
export function buildMarket(spec: MarketSpec, nowSec: number): MarketState {
  const referencePrices = new Map<string, Ratio>();
  const volatility = new Map<string, number>();
  for (const t of spec.tokens) {
    referencePrices.set(t.token.mint, usdPriceToRatio(t.priceUsd, t.token.decimals));
    volatility.set(t.token.mint, t.volatilityPerSqrtSecond);
  }
  const pools = new Map<string, Pool>();
  for (const p of spec.pools) pools.set(p.id, buildPool(p, referencePrices, nowSec));
  return { pools, referencePrices, volatility };
}

/**
 * A new market with `pools` replacing the pools of the same id (a swap's or an arbitrage's result).
 * @throws DomainError INVALID_MARKET for an id the market does not list (pools are never added here)
 */
export function withPools(market: MarketState, pools: readonly Pool[]): MarketState {
  if (pools.length === 0) return market;
  const next = new Map(market.pools);
  let sameMints = true;
  for (const p of pools) {
    const before = next.get(p.id);
    if (before === undefined) throw new DomainError('INVALID_MARKET', `unknown pool ${p.id}`, { poolId: p.id });
    // Same venue too: venue views (venue-view.ts) derive their structure from this one.
    sameMints &&= before.mintX === p.mintX && before.mintY === p.mintY && before.venue === p.venue;
    next.set(p.id, p);
  }
  const state = { ...market, pools: next };
  if (!sameMints) return state;
  // Every fill makes a version: its pair index is derived from this one's when asked (see pairIndex).
  const index = PAIR_INDEX.get(market);
  if (index !== undefined) DERIVED.set(state, { index, pools });
  STRUCTURE.set(state, structureOf(market));
  return state;
}

/** A new market with other reference prices (motion.ts). */
export function withReferencePrices(market: MarketState, referencePrices: ReadonlyMap<string, Ratio>): MarketState {
  const state = { ...market, referencePrices };
  STRUCTURE.set(state, structureOf(market));
  return state;
}

/**
 * Versions with the same pool ids, each on the same mints and venue, in the same order, share one
 * structure object: what depends only on which pools connect which mints (the router's paths,
 * topology.ts) is cached by it rather than recomputed for every fill's version. withPools and
 * withReferencePrices pass it on; any other new market gets its own.
 */
const STRUCTURE = new WeakMap<MarketState, object>();

export function structureOf(market: MarketState): object {
  let s = STRUCTURE.get(market);
  if (s === undefined) STRUCTURE.set(market, (s = {}));
  return s;
}

/**
 * Gives `market` (new, its structure not yet asked for) the structure `s`: for a derived market
 * whose pools are a function of another's structure alone (venue-view.ts: one venue's pools).
 */
export function shareStructure(market: MarketState, s: object): void {
  STRUCTURE.set(market, s);
}

// The pair index is derived data: built lazily, once per MarketState object (i.e. once per market
// version), and dropped with it. Nested by mint so a lookup builds no key string.
type PairIndex = Map<string, Map<string, Pool[]>>;
const PAIR_INDEX = new WeakMap<MarketState, PairIndex>();
/**
 * A version made by withPools from one whose index was built: that index and the pools replaced.
 * It holds the previous INDEX, not the previous market, so versions never chain up in memory.
 */
const DERIVED = new WeakMap<MarketState, { readonly index: PairIndex; readonly pools: readonly Pool[] }>();
const NONE: readonly Pool[] = Object.freeze([]);

/**
 * The previous version's index with the replaced pools swapped in: copies only the maps and arrays
 * on the replaced pools' pairs (a fill touches one to four pools), not the whole index.
 */
function derivedIndex(base: PairIndex, replaced: readonly Pool[]): PairIndex {
  const index: PairIndex = new Map(base);
  const copied = new Set<string>();
  const innerOf = (mint: string): Map<string, Pool[]> => {
    let inner = index.get(mint)!;
    if (!copied.has(mint)) {
      inner = new Map(inner);
      index.set(mint, inner);
      copied.add(mint);
    }
    return inner;
  };
  for (const p of replaced) {
    const list = innerOf(p.mintX).get(p.mintY)!.map((q) => (q.id === p.id ? p : q));
    innerOf(p.mintX).set(p.mintY, list);
    innerOf(p.mintY).set(p.mintX, list);
  }
  return index;
}

function pairIndex(market: MarketState): PairIndex {
  let index = PAIR_INDEX.get(market);
  if (index === undefined) {
    const derived = DERIVED.get(market);
    if (derived !== undefined) {
      index = derivedIndex(derived.index, derived.pools);
      DERIVED.delete(market);
      PAIR_INDEX.set(market, index);
      return index;
    }
    index = new Map();
    const inner = (a: string): Map<string, Pool[]> => {
      let m = index!.get(a);
      if (m === undefined) index!.set(a, (m = new Map()));
      return m;
    };
    for (const p of market.pools.values()) {
      const list = inner(p.mintX).get(p.mintY);
      if (list !== undefined) {
        list.push(p);
        continue;
      }
      // One array per unordered pair, reachable from either mint.
      const created = [p];
      inner(p.mintX).set(p.mintY, created);
      inner(p.mintY).set(p.mintX, created);
    }
    PAIR_INDEX.set(market, index);
  }
  return index;
}

/** Every pool trading mintA against mintB, in either orientation (empty when none). */
export function poolsForPair(market: MarketState, mintA: string, mintB: string): readonly Pool[] {
  return pairIndex(market).get(mintA)?.get(mintB) ?? NONE;
}
