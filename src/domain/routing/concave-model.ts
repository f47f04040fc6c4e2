import { ONE_Q64 } from '../bigmath.js';
import { baseFeeRate, FEE_PRECISION, MAX_FEE_RATE } from '../venues/meteora-dlmm-fees.js';
import type { DlmmWalk } from '../venues/meteora-dlmm-walk.js';
import type { CpmmPool, DlmmPool } from '../venues/pool.js';
import { CPMM_FEE_DENOMINATOR } from '../venues/raydium-cpmm.js';
import { buildHull, prefixBound, type ModelHull } from './dlmm-hull.js';

/**
 * The float side of one pool in one direction: it guides the search and never decides an amount.
 * A concave function M(a) of the input with
 *   exactOut(a) ≤ M(a)   for every a,
 * so a float search can place a split, and a float bound can tell when an exact candidate is
 * provably within a tolerance of the best possible (best-hop.ts). CPMM: M(a) = h(a·g), h the
 * constant-product curve, g = 1 − fee (exact out is floor(h(a − ceil(a·fee))) ≤ M). DLMM: the upper
 * concave hull of a per-bin bound tight to an atom (dlmm-hull.ts). Both are upper bounds outright,
 * with no slack term; the search adds only a float rounding allowance (tolerance.ts).
 *
 * `rateUpper` is a true bound on the marginal rate at ANY amount, so amountIn × rateUpper bounds the
 * exact output too: the best price a walk meets (its first bin for a DLMM, the spot for a CPMM) net
 * of the least fee the pool can charge (DLMM: the base fee, i.e. zero variable fee; a capped total
 * is ≥ min(base, cap)). It holds even where a DLMM's rate rises along its walk. Pruning multiplies
 * these.
 */
export interface ConcaveModel {
  /** Sup of the marginal rate at any amount (atoms out per atom in, fee included). */
  readonly rateUpper: number;
  /** M(a). */
  value(a: number): number;
  /** M's left derivative at a: the least model marginal over [0, a]. */
  slopeBelow(a: number): number;
  /** value(a) and slopeBelow(a) in one pass (M is concave: value − (a − y)·slope ≥ M(y) for y ≤ a). */
  at(a: number): Tangent;
  /** Largest input at which M's marginal is still ≥ λ (capped at the exact capacity). */
  inputAtRate(lambda: number): number;
  /** inputAtRate(λ) as exact atoms when it is a kink of M (a DLMM bin end, the capacity). */
  exactInputAtRate(lambda: number): bigint | undefined;
  /** A piecewise-linear model's vertices (DLMM); undefined for a smooth one (CPMM). */
  hull(): ModelHull | undefined;
  /**
   * A concave upper bound B of the exact output on [0, a] (a ≤ capacity): B(a) and its left slope
   * at a (so B(a − δ) ≤ B(a) − δ·slope). Unlike value(), only the part of the pool the order
   * reaches is looked at: a DLMM's bins up to the one `a` ends in.
   */
  boundAt(a: bigint): Tangent;
}

/** A bound's value at a point and a slope with value − (a − y)·slope above the bound at every y ≤ a. */
export interface Tangent {
  readonly value: number;
  readonly slope: number;
}

export class CpmmModel implements ConcaveModel {
  readonly rateUpper: number;
  private readonly capF: number;
  private readonly ri: number;
  private readonly ro: number;
  private readonly g: number;
  private readonly k: number;

  constructor(
    pool: CpmmPool,
    sellX: boolean,
    private readonly cap: bigint,
  ) {
    this.capF = Number(cap);
    const ri = Number(sellX ? pool.reserveX : pool.reserveY);
    const ro = Number(sellX ? pool.reserveY : pool.reserveX);
    this.ri = ri;
    this.ro = ro;
    this.g = 1 - Number(pool.tradeFeeRate) / Number(CPMM_FEE_DENOMINATOR);
    this.k = this.g * ri * ro;
    this.rateUpper = ri > 0 ? (this.g * ro) / ri : 0;
  }

  value(a: number): number {
    if (a <= 0) return 0;
    const n = a * this.g;
    return (n * this.ro) / (this.ri + n);
  }

  slopeBelow(a: number): number {
    const d = this.ri + this.g * (a > 0 ? a : 0);
    return d > 0 ? this.k / (d * d) : 0;
  }

  at(a: number): Tangent {
    return { value: this.value(a), slope: this.slopeBelow(a) };
  }

  inputAtRate(lambda: number): number {
    if (lambda <= 0) return this.capF;
    if (lambda >= this.rateUpper) return 0;
    const a = (Math.sqrt(this.k / lambda) - this.ri) / this.g;
    return a <= 0 ? 0 : a < this.capF ? a : this.capF;
  }

  exactInputAtRate(lambda: number): bigint | undefined {
    if (lambda >= this.rateUpper) return 0n;
    return this.inputAtRate(lambda) >= this.capF ? this.cap : undefined;
  }

  hull(): undefined {
    return undefined;
  }

  boundAt(a: bigint): Tangent {
    return this.at(Number(a));
  }
}

export class DlmmModel implements ConcaveModel {
  readonly rateUpper: number;
  private hullCache: ModelHull | undefined;

  constructor(
    pool: DlmmPool,
    private readonly sellX: boolean,
    private readonly walk: DlmmWalk,
  ) {
    // Best price the walk can meet: its first bin with liquidity (prices only worsen along it), at
    // the lowest fee the pool can charge there: base fee only (a capped total is ≥ min(base, cap)).
    let rate = 0;
    if (walk.covers(1n) && walk.length > 0) {
      const price = Number(walk.prices[0]!) / Number(ONE_Q64);
      const base = baseFeeRate(pool);
      const least = Number(base < MAX_FEE_RATE ? base : MAX_FEE_RATE) / Number(FEE_PRECISION);
      rate = (sellX ? price : 1 / price) * (1 - least);
    }
    this.rateUpper = rate;
  }

  hull(): ModelHull {
    return (this.hullCache ??= buildHull(this.walk, this.sellX));
  }

  boundAt(a: bigint): Tangent {
    // The whole hull once it exists (no walk to redo), or outside the walk's range.
    if (this.hullCache !== undefined || !this.walk.covers(a) || a <= 0n) return this.at(Number(a));
    return prefixBound(this.walk, this.sellX, a);
  }

  /** Index of the hull segment containing x (x in (xs[j], xs[j+1]]), clamped to the segments. */
  private segment(h: ModelHull, x: number): number {
    const xs = h.xs;
    let lo = 0;
    let hi = xs.length - 2;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid + 1]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  value(a: number): number {
    const h = this.hull();
    const last = h.xs.length - 1;
    if (a <= 0 || last === 0) return 0;
    if (a >= h.xs[last]!) return h.ys[last]!;
    const j = this.segment(h, a);
    return h.ys[j]! + h.slopes[j]! * (a - h.xs[j]!);
  }

  slopeBelow(a: number): number {
    const h = this.hull();
    const last = h.xs.length - 1;
    if (last === 0 || a > h.xs[last]!) return 0;
    return h.slopes[this.segment(h, a)]!;
  }

  at(a: number): Tangent {
    const h = this.hull();
    const last = h.xs.length - 1;
    if (last === 0) return { value: 0, slope: 0 };
    if (a > h.xs[last]!) return { value: h.ys[last]!, slope: 0 };
    const j = this.segment(h, a);
    const slope = h.slopes[j]!;
    return { value: a <= 0 ? 0 : h.ys[j]! + slope * (a - h.xs[j]!), slope };
  }

  /** Number of leading hull segments whose slope is ≥ λ (slopes are non-increasing). */
  private steep(lambda: number): number {
    const s = this.hull().slopes;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]! >= lambda) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  inputAtRate(lambda: number): number {
    return this.hull().xs[this.steep(lambda)]!;
  }

  exactInputAtRate(lambda: number): bigint {
    return this.hull().exactAt(this.steep(lambda));
  }
}
