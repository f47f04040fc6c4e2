import { DomainError } from '../errors.js';
import type { Rng } from '../rng.js';
import { arbitrageTo } from '../venues/venue.js';
import type { Pool, Ratio } from '../venues/pool.js';
import { referenceRatio, withPools, withReferencePrices, type MarketState } from './market.js';

/**
 * Least numerator a stored reference price keeps. Each walk step rounds the numerator once, to
 * nearest; at ≥ 10^18 that is ≤ 5·10^-19 of the price per step (a week of 1 s ticks stays below
 * 10^-12 even if every rounding went the same way). Prices from the spec start at USD × 10^12 (BONK:
 * 2·10^7), so the first step scales numerator and denominator up by a power of ten: same value.
 */
const MIN_NUMERATOR = 10n ** 18n;

/**
 * The double `x` (finite, > 0) exactly, as m·2^e with m, e integers (IEEE 754 binary64 fields).
 */
const BITS = new DataView(new ArrayBuffer(8));

function exactDouble(x: number): { m: bigint; e: number } {
  BITS.setFloat64(0, x);
  const bits = BITS.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  // Subnormals have no implicit leading 1 and the smallest exponent.
  return exponent === 0 ? { m: fraction, e: -1074 } : { m: fraction | (1n << 52n), e: exponent - 1075 };
}

/** round(n / 2^k) for n ≥ 0, k ≥ 1, ties to even. */
function shiftRoundHalfEven(n: bigint, k: bigint): bigint {
  const q = n >> k;
  const r = n - (q << k);
  const half = 1n << (k - 1n);
  return r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q;
}

/**
 * One multiplicative step of an exact reference price: price × factor, where the factor is the
 * double the float walk would multiply by, taken exactly (m·2^e), and the product is rounded once,
 * half to even, so the walk has no drift of its own: E[rounding] = 0, unlike a floor, which loses
 * half a unit of the numerator per step (2.5·10^-8 of BONK's price at 12 USD decimals: −1.9% over
 * a week of 1 s ticks). The numerator is first brought to ≥ MIN_NUMERATOR (numerator and
 * denominator × 10^k, the same value) so one unit stays negligible. Never returns a zero price.
 * @throws RangeError when factor is not a finite number > 0
 */
export function scaleReferencePrice(price: Ratio, factor: number): Ratio {
  if (!Number.isFinite(factor) || factor <= 0) throw new RangeError(`price factor must be finite and > 0, got ${factor}`);
  let { num, den } = price;
  if (num < MIN_NUMERATOR) {
    let scale = 1n;
    while (num * scale < MIN_NUMERATOR) scale *= 10n;
    num *= scale;
    den *= scale;
  }
  const { m, e } = exactDouble(factor);
  const product = num * m;
  const next = e >= 0 ? product << BigInt(e) : shiftRoundHalfEven(product, BigInt(-e));
  // A price never reaches zero: the pools' target ratios divide by it.
  return { num: next > 0n ? next : 1n, den };
}

/**
 * One tick of market motion: every reference price takes a geometric random-walk step, then
 * arbitrage pulls each pool toward the new reference ratio.
 *
 * The draw is a float (rng.normal()), and so is the step's multiplier exp(σ√dt·z − σ²dt/2) (the
 * −σ²dt/2 keeps the walk's mean flat), but what is stored stays an exact rational: the price is
 * multiplied by that double exactly and rounded once to nearest (scaleReferencePrice), so the
 * stored walk tracks the float walk p·f₁·f₂·… to ~10^-18 per step with no bias. Every mint draws
 * exactly one normal per tick, in the market's fixed order, so the same seed and the same calls
 * always give the same prices.
 *
 * Pools keep whatever orders did to them: arbitrage trades against the pool as it is (via the
 * venue's own swap), it never rebuilds a pool from the spec.
 * @throws RangeError when dtSeconds is negative or not finite
 */
export function stepMarket(market: MarketState, rng: Rng, dtSeconds: number, nowSec: number): MarketState {
  if (!Number.isFinite(dtSeconds) || dtSeconds < 0) throw new RangeError(`dtSeconds must be ≥ 0, got ${dtSeconds}`);
  const prices = new Map<string, Ratio>();
  for (const [mint, price] of market.referencePrices) {
    const z = rng.normal();
    const sigma = market.volatility.get(mint) ?? 0;
    const factor = Math.exp(sigma * Math.sqrt(dtSeconds) * z - (sigma * sigma * dtSeconds) / 2);
    prices.set(mint, factor === 1 ? price : scaleReferencePrice(price, factor));
  }
  return arbitrageMarket(withReferencePrices(market, prices), nowSec);
}

/**
 * Arbitrage every pool toward the market's reference prices (no random step). Pools whose mints
 * have no reference price are left alone.
 */
export function arbitrageMarket(market: MarketState, nowSec: number): MarketState {
  const moved: Pool[] = [];
  for (const pool of market.pools.values()) {
    let target: Ratio;
    try {
      target = referenceRatio(market, pool.mintX, pool.mintY);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'INVALID_MARKET') continue;
      throw e;
    }
    const next = arbitrageTo(pool, target, nowSec).pool;
    if (next !== pool) moved.push(next);
  }
  // Same pools, same order: the market's structure (and pair index) carry over (market.ts).
  return withPools(market, moved);
}
