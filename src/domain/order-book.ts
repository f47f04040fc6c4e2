import { formatAmount } from './amount.js';
import { ONE_Q64 } from './bigmath.js';
import { DomainError } from './errors.js';
import { poolsForPair, type MarketState } from './market/market.js';
import { cpmmCurvePoints, type CurvePoint } from './order-book-cpmm.js';
import { FEE_PRECISION, totalFeeRate } from './venues/meteora-dlmm-fees.js';
import { dlmmWalk } from './venues/meteora-dlmm-walk.js';
import type { DlmmPool, Pool, Ratio, VenueId } from './venues/pool.js';
import { CPMM_FEE_DENOMINATOR } from './venues/raydium-cpmm.js';
import { spotPrice } from './venues/venue.js';

/**
 * The order book of a pair, read off the pools as they are (docs/venue-math.md §9): for every pool
 * of the pair, its liquidity at price levels on both sides. A DLMM's levels are its bins; a CPMM's
 * are samples of its curve every `stepBps` from the spot. Prices are exact ratios of quote atoms per
 * base atom, fee excluded; the fee a taker pays on top is stated per level.
 *
 * Input checks: `levels` and `stepBps` are the caller's to validate at the edge (an InputError
 * naming the field, with the bounds exported here); out of range here is a RangeError, a
 * programming error, as for minAmountOutFor's slippageBps.
 */

/** Levels per side when the caller does not say. */
export const DEFAULT_BOOK_LEVELS = 20;
/** Most levels per side a book may ask for. */
export const MAX_BOOK_LEVELS = 100;
/**
 * Distance between a CPMM's sampled levels, bps of the spot price: 10 bps (0.1%), within the
 * simulated DLMMs' bin steps (1 to 20 bps), so a 20-level book shows ±2% of depth.
 */
export const CPMM_BOOK_STEP_BPS = 10;
/** Largest CPMM step: 100 levels of 99 bps keep the deepest bid above 1% of the spot. */
export const MAX_BOOK_STEP_BPS = 99;

/** One price level of one side. */
export interface BookLevel {
  /** Quote atoms per base atom, fee excluded: the worst price in the level (the limit that takes it all). */
  readonly price: Ratio;
  /** Base atoms the level holds (asks: for sale; bids: wanted). */
  readonly base: bigint;
  /** Quote atoms the level trades against them, fee excluded (asks: to pay; bids: paid out). */
  readonly quote: bigint;
  /** Fee a taker pays on top, in atoms of what it pays: quote on asks, base on bids. */
  readonly fee: bigint;
  /** Totals from the spot through this level. */
  readonly cumulativeBase: bigint;
  readonly cumulativeQuote: bigint;
  readonly cumulativeFee: bigint;
}

/** One pool's book. */
export interface PoolBook {
  readonly poolId: string;
  readonly venue: VenueId;
  readonly kind: Pool['kind'];
  /** Spot price, quote atoms per base atom: a CPMM's reserve ratio, a DLMM's active bin. */
  readonly mid: Ratio;
  /**
   * The pool's fee as a fraction of the taker's input: a CPMM's trade fee; a DLMM's base fee (its
   * variable part comes on top and grows bin by bin, which the levels' `fee` already includes).
   */
  readonly feeRate: Ratio;
  /** Base for sale, price ascending. */
  readonly asks: readonly BookLevel[];
  /** Base wanted, price descending. */
  readonly bids: readonly BookLevel[];
}

export interface OrderBook {
  readonly baseMint: string;
  readonly quoteMint: string;
  readonly levels: number;
  readonly stepBps: number;
  /** One book per pool trading the pair, in either X/Y orientation, in market order (empty when none). */
  readonly pools: readonly PoolBook[];
}

function checkInt(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer in 1..${max}, got ${value}`);
  }
}

interface SideEntry {
  readonly price: Ratio;
  readonly base: bigint;
  readonly quote: bigint;
  readonly fee: bigint;
}

/** Per-level entries with their running totals. */
function withTotals(entries: readonly SideEntry[]): BookLevel[] {
  let base = 0n;
  let quote = 0n;
  let fee = 0n;
  return entries.map((e) => {
    base += e.base;
    quote += e.quote;
    fee += e.fee;
    return { ...e, cumulativeBase: base, cumulativeQuote: quote, cumulativeFee: fee };
  });
}

/** Curve points are cumulative; levels are their differences. */
function curveLevels(points: readonly CurvePoint[]): BookLevel[] {
  const entries: SideEntry[] = [];
  let prev: CurvePoint | undefined;
  for (const p of points) {
    entries.push({
      price: p.price,
      base: p.base - (prev?.base ?? 0n),
      quote: p.quote - (prev?.quote ?? 0n),
      fee: p.fee - (prev?.fee ?? 0n),
    });
    prev = p;
  }
  return withTotals(entries);
}

/**
 * A DLMM side: the first `levels` bins the pool pays out of, in walk order, from the exact walk
 * table the swap uses (meteora-dlmm-walk.ts). The pool pays out base on asks, quote on bids; the
 * bin's reserve of it is the level's amount as it is, the other side is what the program asks for
 * it (rounded up), and the fee is that bin's at `nowSec` (it grows as the walk leaves the
 * volatility reference).
 */
function dlmmLevels(pool: DlmmPool, baseIsX: boolean, asks: boolean, levels: number, nowSec: number): BookLevel[] {
  const paysX = asks === baseIsX;
  const walk = dlmmWalk(pool, !paysX, nowSec);
  // The walk is shared and may already hold more bins than asked for.
  const n = Math.min(levels, walk.extendTo(levels));
  const entries: SideEntry[] = [];
  for (let k = 0; k < n; k++) {
    const out = walk.maxOut[k]!;
    const fee = walk.maxFee[k]!;
    const paid = walk.maxIn[k]! - fee;
    const p = walk.prices[k]!;
    entries.push({
      price: baseIsX ? { num: p, den: ONE_Q64 } : { num: ONE_Q64, den: p },
      base: asks ? out : paid,
      quote: asks ? paid : out,
      fee,
    });
  }
  return withTotals(entries);
}

function poolBook(pool: Pool, baseMint: string, levels: number, stepBps: number, nowSec: number): PoolBook {
  const baseIsX = pool.mintX === baseMint;
  const spot = spotPrice(pool); // Y per X
  const common = { poolId: pool.id, venue: pool.venue, kind: pool.kind, mid: baseIsX ? spot : { num: spot.den, den: spot.num } };
  if (pool.kind === 'CPMM') {
    return {
      ...common,
      feeRate: { num: pool.tradeFeeRate, den: CPMM_FEE_DENOMINATOR },
      asks: curveLevels(cpmmCurvePoints(pool, baseIsX, true, levels, stepBps)),
      bids: curveLevels(cpmmCurvePoints(pool, baseIsX, false, levels, stepBps)),
    };
  }
  return {
    ...common,
    feeRate: { num: totalFeeRate(pool, 0), den: FEE_PRECISION },
    asks: dlmmLevels(pool, baseIsX, true, levels, nowSec),
    bids: dlmmLevels(pool, baseIsX, false, levels, nowSec),
  };
}

/**
 * The book of `baseMint` priced in `quoteMint` on the market as it is: one PoolBook per pool of the
 * pair (a pool stores the pair either way round; both work), none for a pair no pool trades.
 * `nowSec` (Unix seconds) fixes the DLMM fees, which depend on the time since the pool's last swap.
 * @throws DomainError SAME_TOKEN when base and quote are one mint (SOL and WSOL are);
 *   RangeError when `levels` is not an integer in 1..MAX_BOOK_LEVELS or `stepBps` not in
 *   1..MAX_BOOK_STEP_BPS (validate at the edge first)
 */
export function orderBook(
  market: MarketState,
  baseMint: string,
  quoteMint: string,
  nowSec: number,
  levels: number = DEFAULT_BOOK_LEVELS,
  stepBps: number = CPMM_BOOK_STEP_BPS,
): OrderBook {
  checkInt('levels', levels, MAX_BOOK_LEVELS);
  checkInt('stepBps', stepBps, MAX_BOOK_STEP_BPS);
  if (baseMint === quoteMint) throw new DomainError('SAME_TOKEN', 'base and quote are the same mint', { mint: baseMint });
  const pools = poolsForPair(market, baseMint, quoteMint).map((p) => poolBook(p, baseMint, levels, stepBps, nowSec));
  return { baseMint, quoteMint, levels, stepBps, pools };
}

/**
 * A book price as whole quote tokens per whole base token: num·10^baseDecimals /
 * (den·10^quoteDecimals), floored to `fractionDigits` places (default 12, as the API's other
 * prices), e.g. "150.225". Pure bigint math.
 */
export function bookPriceText(price: Ratio, baseDecimals: number, quoteDecimals: number, fractionDigits = 12): string {
  const num = price.num * 10n ** BigInt(baseDecimals + fractionDigits);
  const den = price.den * 10n ** BigInt(quoteDecimals);
  return formatAmount(num / den, fractionDigits);
}
