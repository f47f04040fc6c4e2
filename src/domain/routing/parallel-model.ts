import type { ConcaveModel, Tangent } from './concave-model.js';

/** Bisection steps on λ: past 2^-64 relative the rates stop changing in float. */
const RATE_ITERATIONS = 64;

/**
 * The concave model of several sides taken together, each input split at equal marginal rates: the
 * sup-convolution H(x) = max over splits of Σ M_i(x_i). Its marginal at x is the rate λ at which the
 * parts take x together, and the input it takes at rate λ is the sum of theirs, so inputAtRate is
 * exact and cheap; value(x) solves for λ by bisection and reports the dual bound
 * λ·x + Σ max_y (M_i(y) − λy), which equals H(x) at the solved λ and bounds it at any λ, so it stays
 * an upper bound whatever the bisection's rounding.
 */
export class ParallelModel implements ConcaveModel {
  readonly rateUpper: number;

  constructor(private readonly parts: readonly ConcaveModel[]) {
    let top = 0;
    for (const m of parts) if (m.rateUpper > top) top = m.rateUpper;
    this.rateUpper = top;
  }

  inputAtRate(lambda: number): number {
    let x = 0;
    for (const m of this.parts) x += m.inputAtRate(lambda);
    return x;
  }

  exactInputAtRate(lambda: number): bigint | undefined {
    let x = 0n;
    for (const m of this.parts) {
      const e = m.exactInputAtRate(lambda);
      if (e === undefined) return undefined;
      x += e;
    }
    return x;
  }

  /** The least rate at which the parts take no more than x (their marginal just past x). */
  private rateAt(x: number): number {
    let lo = 0;
    let hi = this.rateUpper;
    for (let it = 0; it < RATE_ITERATIONS; it++) {
      const mid = (lo + hi) / 2;
      if (mid <= lo || mid >= hi) break;
      if (this.inputAtRate(mid) > x) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /** The dual bound at rate λ: λ·a + Σ max_y (M_i(y) − λy). */
  private dual(a: number, lambda: number): number {
    let v = lambda * a;
    for (const m of this.parts) {
      const y = m.inputAtRate(lambda);
      v += m.value(y) - lambda * y;
    }
    return v;
  }

  value(a: number): number {
    return a <= 0 ? 0 : this.dual(a, this.rateAt(a));
  }

  slopeBelow(a: number): number {
    return this.rateAt(a);
  }

  /** One λ for both, so the pair is the dual bound's line: valid at every input, not only below a. */
  at(a: number): Tangent {
    if (a <= 0) return { value: 0, slope: this.rateUpper };
    const lambda = this.rateAt(a);
    return { value: this.dual(a, lambda), slope: lambda };
  }

  hull(): undefined {
    return undefined;
  }

  boundAt(a: bigint): Tangent {
    return this.at(Number(a));
  }
}
