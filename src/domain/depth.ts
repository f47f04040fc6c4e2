import type { CpmmPool, DlmmPool, Pool } from './venues/pool.js';

/**
 * Float models of a pool's marginal rate (atoms out per extra atom in, fee included) as a function
 * of the input already taken. The router uses them ONLY to decide where to look: to prune splits and
 * two-hop paths that cannot win, and to place the split point by marginal-rate equalisation. Every
 * amount the router returns is then recomputed exactly by the venue's bigint `swapExactIn`, so an
 * approximation here can cost optimality by a hair but never correctness.
 *
 * A curve depends only on an immutable pool object and a direction, so it is built once and cached
 * per pool state (a swap returns a new pool and therefore gets a fresh curve).
 */
export interface RateCurve {
  /** Marginal rate for the first atom in (the best rate the pool offers). */
  readonly rate0: number;
  /** Largest input the pool can absorb in this direction (Infinity for constant product). */
  readonly maxIn: number;
  /** Marginal rate after `amountIn` atoms went in; 0 once the pool cannot take more. */
  marginal(amountIn: number): number;
  /** Input (atoms) at which the marginal rate falls to `rate`; 0 if it starts below it. */
  inputAtRate(rate: number): number;
}

class CpmmCurve implements RateCurve {
  readonly rate0: number;
  readonly maxIn = Number.POSITIVE_INFINITY;
  private readonly k: number;
  constructor(
    private readonly rin: number,
    rout: number,
    private readonly g: number,
  ) {
    // out(a) = Ro·g·a / (Ri + g·a) ⇒ out'(a) = g·Ri·Ro / (Ri + g·a)²  (dex-model.md §1, CPMM exact-in)
    this.k = g * rin * rout;
    this.rate0 = rin > 0 ? (g * rout) / rin : 0;
  }
  marginal(a: number): number {
    const d = this.rin + this.g * a;
    return d > 0 ? this.k / (d * d) : 0;
  }
  inputAtRate(rate: number): number {
    if (rate <= 0) return Number.POSITIVE_INFINITY;
    const a = (Math.sqrt(this.k / rate) - this.rin) / this.g;
    return a > 0 ? a : 0;
  }
}

/** A piecewise-constant curve: segment i takes input up to cumIn[i] at rate rates[i]. */
class StepCurve implements RateCurve {
  readonly rate0: number;
  readonly maxIn: number;
  constructor(
    private readonly cumIn: Float64Array,
    private readonly rates: Float64Array,
  ) {
    this.rate0 = rates.length > 0 ? rates[0]! : 0;
    this.maxIn = cumIn.length > 0 ? cumIn[cumIn.length - 1]! : 0;
  }
  marginal(a: number): number {
    const cum = this.cumIn;
    // Binary search for the first segment that ends beyond a.
    let lo = 0;
    let hi = cum.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > a) hi = mid;
      else lo = mid + 1;
    }
    return lo < cum.length ? this.rates[lo]! : 0;
  }
  inputAtRate(rate: number): number {
    // Rates fall bin by bin (worse price, growing variable fee), so the segments at or above `rate`
    // form a prefix.
    const rates = this.rates;
    let lo = 0;
    let hi = rates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rates[mid]! >= rate) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.cumIn[lo - 1]! : 0;
  }
}

function cpmmCurve(pool: CpmmPool, xToY: boolean): RateCurve {
  const g = 1 - Number(pool.tradeFeeRate) / 1e6;
  const rx = Number(pool.reserveX);
  const ry = Number(pool.reserveY);
  return xToY ? new CpmmCurve(rx, ry, g) : new CpmmCurve(ry, rx, g);
}

/**
 * DLMM: walk the bins the swap would cross, each a constant-sum segment at its bin price, with the
 * fee the program would charge there (dex-model.md §2: base fee, plus the variable fee from the
 * volatility accumulator recomputed per bin, total capped at 10%).
 */
function dlmmCurve(pool: DlmmPool, xToY: boolean, nowSec: number): RateCurve {
  const bins = pool.bins;
  const step = 1 + pool.binStep / 1e4;
  const baseFee = pool.baseFactor * pool.binStep * 10 * 10 ** pool.basePowerFactor;
  // Reference update at swap start (filter / decay periods).
  const elapsed = nowSec - pool.lastUpdateTimestamp;
  let indexRef = pool.indexReference;
  let volRef = pool.volatilityReference;
  if (elapsed >= pool.filterPeriod) {
    indexRef = pool.activeId;
    volRef = elapsed < pool.decayPeriod ? Math.floor((pool.volatilityAccumulator * pool.reductionFactor) / 1e4) : 0;
  }
  // Index of the first bin with id ≥ activeId.
  let lo = 0;
  let hi = bins.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bins[mid]!.id < pool.activeId) lo = mid + 1;
    else hi = mid;
  }
  const cum: number[] = [];
  const rates: number[] = [];
  let total = 0;
  const push = (id: number, out: number, priceOutPerIn: number): void => {
    const va = Math.min(volRef + Math.abs(indexRef - id) * 1e4, pool.maxVolatilityAccumulator);
    const vb = va * pool.binStep;
    const varFee = Math.ceil((pool.variableFeeControl * vb * vb) / 1e11);
    const fee = Math.min(baseFee + varFee, 1e8) / 1e9;
    const rate = priceOutPerIn * (1 - fee);
    total += out / rate;
    cum.push(total);
    rates.push(rate);
  };
  if (xToY) {
    // Selling X: drain Y from the active bin downward.
    let i = lo < bins.length && bins[lo]!.id === pool.activeId ? lo : lo - 1;
    for (; i >= 0; i--) {
      const b = bins[i]!;
      if (b.amountY > 0n) push(b.id, Number(b.amountY), step ** b.id);
    }
  } else {
    // Buying X: drain X from the active bin upward.
    for (let i = lo; i < bins.length; i++) {
      const b = bins[i]!;
      if (b.amountX > 0n) push(b.id, Number(b.amountX), step ** -b.id);
    }
  }
  return new StepCurve(Float64Array.from(cum), Float64Array.from(rates));
}

interface CurvePair {
  xToY?: RateCurve;
  yToX?: RateCurve;
  /**
   * DLMM fees depend on the time since the pool's last update only through which period it falls in
   * (within the filter period, within the decay period, after it), so a curve is reused within one.
   */
  regime: number;
}

function feeRegime(pool: Pool, nowSec: number): number {
  if (pool.kind === 'CPMM') return 0;
  const elapsed = nowSec - pool.lastUpdateTimestamp;
  return elapsed < pool.filterPeriod ? 0 : elapsed < pool.decayPeriod ? 1 : 2;
}

const cache = new WeakMap<Pool, CurvePair>();

/** The rate curve of `pool` for input `mintIn`, cached per immutable pool state (and fee regime). */
export function rateCurve(pool: Pool, mintIn: string, nowSec: number): RateCurve {
  const xToY = mintIn === pool.mintX;
  const regime = feeRegime(pool, nowSec);
  let entry = cache.get(pool);
  if (entry === undefined || entry.regime !== regime) {
    entry = { regime };
    cache.set(pool, entry);
  }
  const hit = xToY ? entry.xToY : entry.yToX;
  if (hit !== undefined) return hit;
  const curve = pool.kind === 'CPMM' ? cpmmCurve(pool, xToY) : dlmmCurve(pool, xToY, nowSec);
  if (xToY) entry.xToY = curve;
  else entry.yToX = curve;
  return curve;
}
