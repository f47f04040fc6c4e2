import { isDomainError } from './errors.js';
import { rateCurve, type RateCurve } from './depth.js';
import { swapExactIn } from './venues/venue.js';
import type { Pool, SwapResult } from './venues/pool.js';

/**
 * The best way to push one hop's input through the pools of one pair: a single pool, or a split
 * across them. Search happens on the float rate curves (depth.ts); every candidate that may be
 * returned is evaluated exactly with the venue's `swapExactIn`, so the result is always a real quote.
 */

export interface HopLeg {
  readonly swap: SwapResult;
  /** This leg's share of the hop input, in bps; a hop's legs sum to 10000. */
  readonly shareBps: number;
}

export interface HopQuote {
  readonly legs: readonly HopLeg[];
  readonly amountIn: bigint;
  readonly amountOut: bigint;
}

const FULL_BPS = 10_000;
/** Bisection steps on the marginal rate: 2^-48 relative precision, far below a 1-bps share. */
const RATE_ITERATIONS = 48;
/**
 * A DLMM's capacity is known only approximately in floats; the equalised split stops this fraction
 * short of it so the exact swap does not run out of bins (the last bins are the worst-priced anyway).
 */
const CAPACITY_MARGIN = 0.999;

/**
 * Exact single-pool quote, or undefined when the pool cannot fill `amountIn` (or would pay nothing).
 * Orders clearly beyond a pool's depth are rejected from its curve without a throw/catch.
 */
export function quoteSingle(pool: Pool, mintIn: string, amountIn: bigint, nowSec: number): SwapResult | undefined {
  if (amountIn <= 0n) return undefined;
  const curve = rateCurve(pool, mintIn, nowSec);
  if (Number(amountIn) > curve.maxIn * 1.000001 + 1) return undefined;
  try {
    const r = swapExactIn(pool, mintIn, amountIn, nowSec);
    return r.amountOut > 0n ? r : undefined;
  } catch (e) {
    if (isDomainError(e, 'INSUFFICIENT_LIQUIDITY')) return undefined;
    throw e;
  }
}

/** Exact quote of a split given integer shares (bps summing to 10000); undefined if any leg fails. */
export function quoteSplit(
  pools: readonly Pool[],
  shares: readonly number[],
  mintIn: string,
  amountIn: bigint,
  nowSec: number,
): HopQuote | undefined {
  const legs: HopLeg[] = [];
  let remaining = amountIn;
  let out = 0n;
  let last = -1;
  for (let i = 0; i < shares.length; i++) if (shares[i]! > 0) last = i;
  for (let i = 0; i < shares.length; i++) {
    const bps = shares[i]!;
    if (bps <= 0) continue;
    // The last leg takes the remainder so legs sum exactly to the hop input.
    const amt = i === last ? remaining : (amountIn * BigInt(bps)) / BigInt(FULL_BPS);
    remaining -= amt;
    const swap = quoteSingle(pools[i]!, mintIn, amt, nowSec);
    if (swap === undefined) return undefined;
    out += swap.amountOut;
    legs.push({ swap, shareBps: bps });
  }
  return { legs, amountIn, amountOut: out };
}

function single(swap: SwapResult): HopQuote {
  return { legs: [{ swap, shareBps: FULL_BPS }], amountIn: swap.amountIn, amountOut: swap.amountOut };
}

/**
 * Marginal-rate equalisation: find the rate λ at which the pools together absorb `amount`
 * (Σ inputAtRate_i(λ) = amount) and turn each pool's input into integer bps. Optimal for concave
 * outputs, which both venues have (constant product; DLMM bins at worsening price and growing fee).
 */
function equalisedShares(curves: readonly RateCurve[], amount: number): number[] | undefined {
  let hi = 0;
  let capacity = 0;
  for (const c of curves) {
    if (c.rate0 > hi) hi = c.rate0;
    capacity += c.maxIn * CAPACITY_MARGIN;
  }
  if (capacity < amount || hi <= 0) return undefined;
  let lo = 0;
  for (let it = 0; it < RATE_ITERATIONS; it++) {
    const mid = (lo + hi) / 2;
    let taken = 0;
    for (const c of curves) taken += Math.min(c.inputAtRate(mid), c.maxIn * CAPACITY_MARGIN);
    if (taken > amount) lo = mid;
    else hi = mid;
  }
  // At `hi` the pools take at most `amount`. A DLMM bin has one rate over its whole width, so the
  // shortfall belongs to the bins whose rate lies in [lo, hi): fill them rather than scaling every
  // pool up (scaling would push a constant-product pool past the equalised rate).
  const inputs = curves.map((c) => Math.min(c.inputAtRate(hi), c.maxIn * CAPACITY_MARGIN));
  let deficit = amount - inputs.reduce((s, x) => s + x, 0);
  for (let i = 0; i < curves.length && deficit > 0; i++) {
    const room = Math.min(curves[i]!.inputAtRate(lo), curves[i]!.maxIn * CAPACITY_MARGIN) - inputs[i]!;
    const extra = Math.min(room, deficit);
    if (extra > 0) {
      inputs[i]! += extra;
      deficit -= extra;
    }
  }
  const sum = inputs.reduce((s, x) => s + x, 0);
  if (!(sum > 0)) return undefined;
  const shares = inputs.map((x) => Math.floor((x / sum) * FULL_BPS));
  // Hand the rounding remainder to the largest share.
  let largest = 0;
  for (let i = 1; i < shares.length; i++) if (shares[i]! > shares[largest]!) largest = i;
  shares[largest]! += FULL_BPS - shares.reduce((s, x) => s + x, 0);
  return shares;
}

function better(a: HopQuote | undefined, b: HopQuote | undefined): HopQuote | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.amountOut > a.amountOut ? b : a;
}

/**
 * Best hop for `amountIn` of `mintIn` across `pools` (all of one pair). `singles` are the exact
 * single-pool quotes when the caller already has them (the router needs them for alternatives).
 * Returns undefined when nothing can fill the amount.
 */
export function bestHop(
  pools: readonly Pool[],
  mintIn: string,
  amountIn: bigint,
  nowSec: number,
  singles: readonly (SwapResult | undefined)[] = pools.map((p) => quoteSingle(p, mintIn, amountIn, nowSec)),
): HopQuote | undefined {
  let bestIdx = -1;
  for (let i = 0; i < singles.length; i++) {
    const s = singles[i];
    if (s !== undefined && (bestIdx < 0 || s.amountOut > singles[bestIdx]!.amountOut)) bestIdx = i;
  }
  const bestSingle = bestIdx >= 0 ? single(singles[bestIdx]!) : undefined;
  if (pools.length < 2) return bestSingle;

  const amount = Number(amountIn);
  const curves = pools.map((p) => rateCurve(p, mintIn, nowSec));
  if (bestIdx >= 0) {
    // Prune: if the best pool's marginal rate after the whole order still beats every other pool's
    // first-atom rate, moving any input elsewhere can only lose.
    const tail = curves[bestIdx]!.marginal(amount);
    let othersTop = 0;
    for (let i = 0; i < curves.length; i++) if (i !== bestIdx && curves[i]!.rate0 > othersTop) othersTop = curves[i]!.rate0;
    if (tail >= othersTop) return bestSingle;
  }
  const shares = equalisedShares(curves, amount);
  if (shares === undefined || shares.filter((s) => s > 0).length < 2) return bestSingle;
  // No exact-quote hill-climb afterwards: measured on the default market, probing ±8/±2 bps around
  // the equalised split gained at most 0.0003 bps of output for 2-8 extra swaps per quote.
  return better(bestSingle, quoteSplit(pools, shares, mintIn, amountIn, nowSec));
}
