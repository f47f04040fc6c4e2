import { ceilDiv, isqrt } from './bigmath.js';
import type { CpmmPool, Ratio } from './venues/pool.js';
import { CPMM_FEE_DENOMINATOR, cpmmMaxIn } from './venues/raydium-cpmm.js';

/**
 * One side of a Raydium CPMM's book, sampled on its constant-product curve at fixed bps steps from
 * the spot price (docs/venue-math.md §9). Amounts are cumulative from the spot; order-book.ts turns
 * them into levels.
 */

/** A curve sample: everything a taker trades from the spot up to (asks) or down to (bids) `price`. */
export interface CurvePoint {
  /** Quote atoms per base atom: spot·(1 ± k·step). */
  readonly price: Ratio;
  readonly base: bigint;
  readonly quote: bigint;
  /** Trade fee on top, atoms of what the taker pays (quote on asks, base on bids). */
  readonly fee: bigint;
}

/** The program's output for a fee-net input: floor(net·Ro / (Ri + net)) (raydium-cpmm.ts). */
function outFor(net: bigint, ri: bigint, ro: bigint): bigint {
  return (net * ro) / (ri + net);
}

/** Least y ≥ 0 with y²·b ≥ a (a ≥ 0, b > 0): ⌈√(a/b)⌉ without leaving integers. */
function ceilSqrtRatio(a: bigint, b: bigint): bigint {
  let y = isqrt(a / b);
  while (y * y * b < a) y++;
  return y;
}

/**
 * The least q in [start, limit] with reached(q), given that reached is monotone in q and false
 * below `start` (galloping, then bisection); undefined when even `limit` does not reach.
 */
function leastReaching(start: bigint, limit: bigint, reached: (q: bigint) => boolean): bigint | undefined {
  if (start > limit) return undefined;
  if (reached(start)) return start;
  let lo = start;
  let hi: bigint;
  for (let step = 1n; ; step *= 2n) {
    hi = lo + step;
    if (hi >= limit) {
      if (!reached(limit)) return undefined;
      hi = limit;
      break;
    }
    if (reached(hi)) break;
    lo = hi;
  }
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The first `levels` curve points of one side. Asks: the taker pays quote and the pool's price
 * (quote per base) rises to spot·(1 + k·step/10^4); bids: the taker pays base and it falls to
 * spot·(1 − k·step/10^4). Point k is the LEAST fee-net input whose swap leaves the pool's own spot
 * (reserves after the program's rounded-down output) at or past that price, and the output that
 * input gets, so `swapExactIn` of `input + fee` pays out exactly the point's output. The fee is
 * what grosses the net input up: ceil(net·10^6 / (10^6 − r)) − net, the program's
 * calculate_pre_fee_amount. The side ends early where that gross input would not fit the input
 * vault (u64::MAX).
 */
export function cpmmCurvePoints(pool: CpmmPool, baseIsX: boolean, asks: boolean, levels: number, stepBps: number): CurvePoint[] {
  const rb = baseIsX ? pool.reserveX : pool.reserveY;
  const rq = baseIsX ? pool.reserveY : pool.reserveX;
  const ri = asks ? rq : rb;
  const ro = asks ? rb : rq;
  const k = ri * ro;
  const d = CPMM_FEE_DENOMINATOR;
  const keep = d - pool.tradeFeeRate;
  const gross = (net: bigint): bigint => (pool.tradeFeeRate === 0n ? net : ceilDiv(net * d, keep));
  // The largest fee-net input whose gross fits the vault: net(G) = G − ceil(G·r/10^6).
  const maxGross = cpmmMaxIn(pool, asks !== baseIsX);
  const limit = maxGross - ceilDiv(maxGross * pool.tradeFeeRate, d);

  const points: CurvePoint[] = [];
  let prev = 0n;
  for (let level = 1; level <= levels; level++) {
    const scale = BigInt(asks ? 10_000 + level * stepBps : 10_000 - level * stepBps);
    const price: Ratio = { num: rq * scale, den: rb * 10_000n };
    // Spot after a net input q: output reserve ro − out(q) (rounded-down output leaves it ≥ k/(ri+q)).
    // Asks: (ri + q)/(ro − out) ≥ price. Bids: (ro − out)/(ri + q) ≤ price. Both monotone in q.
    const reached = asks
      ? (q: bigint): boolean => (ri + q) * price.den >= price.num * (ro - outFor(q, ri, ro))
      : (q: bigint): boolean => (ro - outFor(q, ri, ro)) * price.den <= price.num * (ri + q);
    // On the real curve the input reserve would be √(k·price) (asks) or √(k/price) (bids); the
    // rounded output only raises what it takes, so that is a lower bound to start from.
    const ideal = asks ? ceilSqrtRatio(k * price.num, price.den) : ceilSqrtRatio(k * price.den, price.num);
    const from = ideal - ri > prev ? ideal - ri : prev;
    const q = leastReaching(from, limit, reached);
    if (q === undefined) break;
    prev = q;
    const out = outFor(q, ri, ro);
    points.push({ price, base: asks ? out : q, quote: asks ? q : out, fee: gross(q) - q });
  }
  return points;
}
