import { ONE_Q64 } from '../bigmath.js';
import { poolsForPair, type MarketState } from '../market/market.js';
import { baseFeeRate, FEE_PRECISION, MAX_FEE_RATE, variableFeeRate } from '../venues/meteora-dlmm-fees.js';
import { binPrice } from '../venues/meteora-dlmm-price.js';
import { feeRegime, startIndex } from '../venues/meteora-dlmm-walk.js';
import type { DlmmPool, Pool } from '../venues/pool.js';
import { CPMM_FEE_DENOMINATOR } from '../venues/raydium-cpmm.js';

/**
 * True bounds on what a pair's routes can pay, from the pools alone (no route search), for the
 * trigger index. They assume routes of at most two hops (what the router builds) but not which
 * intermediates the router uses: every two-hop path through ANY mint counts, so the bound holds
 * for any choice of intermediates.
 */

const Q64 = Number(ONE_Q64);

/**
 * An upper bound on the marginal rate (atoms out per atom in, fee included) of `pool` at ANY size:
 * a CPMM's spot net of its fee (its curve is concave); a DLMM's best bin on the walk (the first
 * with output liquidity: prices only worsen along the walk) net of the least fee it can charge
 * (the base fee, capped). So out(a) ≤ a × bound for every a. 0 when nothing can come out.
 */
export function marginalRateUpper(pool: Pool, mintIn: string): number {
  const sellX = mintIn === pool.mintX;
  if (pool.kind === 'CPMM') {
    const ri = Number(sellX ? pool.reserveX : pool.reserveY);
    const ro = Number(sellX ? pool.reserveY : pool.reserveX);
    return ri > 0 ? (ro * (1 - Number(pool.tradeFeeRate) / Number(CPMM_FEE_DENOMINATOR))) / ri : 0;
  }
  const bins = pool.bins;
  const step = sellX ? -1 : 1;
  for (let i = startIndex(pool, sellX); i >= 0 && i < bins.length; i += step) {
    const bin = bins[i]!;
    if ((sellX ? bin.amountY : bin.amountX) <= 0n) continue;
    const price = Number(binPrice(bin.id, pool.binStep)) / Q64;
    const base = baseFeeRate(pool);
    const least = Number(base < MAX_FEE_RATE ? base : MAX_FEE_RATE) / Number(FEE_PRECISION);
    return (sellX ? price : 1 / price) * (1 - least);
  }
  return 0;
}

/**
 * Whether every marginal rate of `pool`'s walk at `nowSec` is non-increasing in the amount, so its
 * output is concave and the executable price out(a)/a falls with size. Always for a CPMM. For a
 * DLMM prices worsen by a factor (1 + binStep/10^4) per bin while the variable fee can FALL along a
 * walk only within the filter period (references kept) and while walking back toward
 * indexReference; there the fee may drop by at most f(maxVA) − f(maxVA − 10^4) per bin (f convex
 * in the accumulator), which must stay below 0.9 × binStep bps (the fee is at most 10%, so
 * (1 − f) shrinks by less than that factor). Conservative: false does not mean rates rise.
 */
export function ratesMonotone(pool: Pool, nowSec: number): boolean {
  if (pool.kind === 'CPMM') return true;
  if (feeRegime(pool, nowSec) !== 0 || pool.indexReference === pool.activeId) return true;
  return maxFeeDropPerBin(pool) * 10n <= BigInt(pool.binStep) * 100_000n * 9n;
}

function maxFeeDropPerBin(pool: DlmmPool): bigint {
  const hi = pool.maxVolatilityAccumulator;
  const lo = hi > 10_000 ? hi - 10_000 : 0;
  // +1: the program's ceiling on each rate.
  return variableFeeRate(pool, hi) - variableFeeRate(pool, lo) + 1n;
}

/** What the index knows about a pair on one market version without a route search. */
export interface PairBounds {
  /** Upper bound on the executable price (out atoms per in atom) at any size; 0: no path. */
  readonly rateUpper: number;
  /** Every pool on every path has non-increasing marginal rates (ratesMonotone). */
  readonly monotone: boolean;
  /**
   * Atoms of output that rounding can cost a route against its continuous model (see
   * trigger-index.ts): 32 × (1 + the largest last-hop rate + rateUpper), generous on purpose.
   */
  readonly slackAtoms: number;
}

/** Bounds for mintIn → mintOut over every direct and two-hop path of `market`. */
export function pairBounds(market: MarketState, mintIn: string, mintOut: string, nowSec: number): PairBounds {
  let rate = 0;
  let last = 0;
  let monotone = true;
  const direct = poolsForPair(market, mintIn, mintOut);
  for (const p of direct) {
    const r = marginalRateUpper(p, mintIn);
    if (r > rate) rate = r;
    if (r > last) last = r;
    monotone &&= ratesMonotone(p, nowSec);
  }
  const mids = new Set<string>();
  for (const p of market.pools.values()) {
    if (p.mintX === mintIn && p.mintY !== mintOut) mids.add(p.mintY);
    else if (p.mintY === mintIn && p.mintX !== mintOut) mids.add(p.mintX);
  }
  for (const mid of mids) {
    const second = poolsForPair(market, mid, mintOut);
    if (second.length === 0) continue;
    let r1 = 0;
    for (const p of poolsForPair(market, mintIn, mid)) {
      r1 = Math.max(r1, marginalRateUpper(p, mintIn));
      monotone &&= ratesMonotone(p, nowSec);
    }
    let r2 = 0;
    for (const p of second) {
      r2 = Math.max(r2, marginalRateUpper(p, mid));
      monotone &&= ratesMonotone(p, nowSec);
    }
    if (r1 * r2 > rate) rate = r1 * r2;
    if (r2 > last) last = r2;
  }
  return { rateUpper: rate, monotone, slackAtoms: 32 * (1 + last + rate) };
}
