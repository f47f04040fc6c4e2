import { ONE_Q64 } from '../bigmath.js';
import type { MarketState } from '../market/market.js';
import { topology } from '../routing/topology.js';
import { baseFeeRate, FEE_PRECISION, MAX_FEE_RATE, variableFeeRate } from '../venues/meteora-dlmm-fees.js';
import { binPrice } from '../venues/meteora-dlmm-price.js';
import { feeRegime, startIndex } from '../venues/meteora-dlmm-walk.js';
import type { DlmmPool, Pool } from '../venues/pool.js';
import { CPMM_FEE_DENOMINATOR } from '../venues/raydium-cpmm.js';

/**
 * True bounds on what a pair's routes can pay, from the pools alone (no route search), for the
 * trigger index. Every path the router may use (topology.ts: up to three hops, through any mints)
 * counts, and a route split across several paths pays at most the best of them per atom, so the
 * bound holds whichever paths and splits the router picks.
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
   * pair-book.ts): 32 × (1 + rateUpper + the largest sum, over a path's hops after the first, of
   * what one atom entering that hop can become by the end), generous on purpose: an atom rounded
   * away early is worth the rest of the path's rate in output atoms.
   */
  readonly slackAtoms: number;
}

/** Bounds for mintIn → mintOut over every path the router may take on `market` (topology.ts). */
export function pairBounds(market: MarketState, mintIn: string, mintOut: string, nowSec: number): PairBounds {
  let rate = 0;
  let carried = 0;
  let monotone = true;
  for (const path of topology(market, mintIn, mintOut).paths) {
    // Per hop the best marginal rate of its pools: a split within a hop cannot beat its best pool.
    const hopRates = path.hops.map((hop) => {
      let r = 0;
      for (const p of hop.pools) {
        r = Math.max(r, marginalRateUpper(p, hop.mintIn));
        monotone &&= ratesMonotone(p, nowSec);
      }
      return r;
    });
    let suffix = 1;
    let sum = 0;
    for (let h = hopRates.length - 1; h >= 1; h--) {
      suffix *= hopRates[h]!;
      sum += suffix;
    }
    const whole = suffix * hopRates[0]!;
    if (whole > rate) rate = whole;
    if (sum > carried) carried = sum;
  }
  return { rateUpper: rate, monotone, slackAtoms: 32 * (1 + carried + rate) };
}
