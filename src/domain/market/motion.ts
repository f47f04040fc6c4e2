import { DomainError } from '../errors.js';
import type { Rng } from '../rng.js';
import { arbitrageTo } from '../venues/venue.js';
import type { Pool, Ratio } from '../venues/pool.js';
import { referenceRatio, withReferencePrices, type MarketState } from './market.js';

/** Fixed-point scale of the random-walk multiplier: parts per billion. */
const FACTOR_SCALE = 1_000_000_000n;

/**
 * One tick of market motion: every reference price takes a geometric random-walk step, then
 * arbitrage pulls each pool toward the new reference ratio.
 *
 * The draw is a float (rng.normal()), but what is stored stays an exact rational: the step's
 * multiplier exp(σ√dt·z − σ²dt/2) (the −σ²dt/2 keeps the walk's mean flat) is rounded once to an
 * integer in parts per billion and the numerator is multiplied by it with floor division. Every
 * mint draws exactly one normal per tick, in the market's fixed order, so the same seed and the
 * same calls always give the same prices.
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
    const ppb = BigInt(Math.round(factor * 1e9));
    const num = (price.num * ppb) / FACTOR_SCALE;
    // A price never reaches zero: the pools' target ratios divide by it.
    prices.set(mint, { num: num > 0n ? num : 1n, den: price.den });
  }
  return arbitrageMarket(withReferencePrices(market, prices), nowSec);
}

/**
 * Arbitrage every pool toward the market's reference prices (no random step). Pools whose mints
 * have no reference price are left alone.
 */
export function arbitrageMarket(market: MarketState, nowSec: number): MarketState {
  const pools = new Map<string, Pool>();
  for (const [id, pool] of market.pools) {
    let target: Ratio;
    try {
      target = referenceRatio(market, pool.mintX, pool.mintY);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'INVALID_MARKET') {
        pools.set(id, pool);
        continue;
      }
      throw e;
    }
    pools.set(id, arbitrageTo(pool, target, nowSec).pool);
  }
  return { ...market, pools };
}
