import type { ConcaveModel, Tangent } from './concave-model.js';
import { ParallelModel } from './parallel-model.js';
import type { PoolQuoter } from './pool-quoter.js';

/**
 * The concave model of a whole hop (a pair's pools taken together, each input split at equal
 * marginal rates): the sup-convolution of the pools' models. It bounds the hop's best exact output
 * from above (every split's exact output is at most the sum of its parts' models). One pool is its
 * own model; a constant-product pool with a DLMM is solved directly over the DLMM's hull vertices
 * (as pair-solve.ts places a split); anything else by bisection on the rate (parallel-model.ts).
 */
export function hopModelOf(qs: readonly PoolQuoter[]): ConcaveModel {
  if (qs.length === 1) return qs[0]!.model;
  if (qs.length === 2) {
    const [a, b] = [qs[0]!.model, qs[1]!.model];
    if (a.hull() === undefined && b.hull() !== undefined) return new SmoothKinkedModel(a, b);
    if (b.hull() === undefined && a.hull() !== undefined) return new SmoothKinkedModel(b, a);
  }
  return new ParallelModel(qs.map((q) => q.model));
}

/**
 * A smooth model and a piecewise-linear one taken together. The rate λ at input x is found as
 * pairSolve finds a split (binary search over the hull's vertices against the smooth marginal), and
 * the value is the dual bound at that λ, λ·x + Σ max_y (M_i(y) − λy): equal to the sup-convolution
 * at the right λ and an upper bound at any, so float rounding in λ never makes it too low.
 */
class SmoothKinkedModel implements ConcaveModel {
  readonly rateUpper: number;

  constructor(
    private readonly smooth: ConcaveModel,
    private readonly kinked: ConcaveModel,
  ) {
    this.rateUpper = Math.max(smooth.rateUpper, kinked.rateUpper);
  }

  /** The marginal rate just below x: the hull segment both sides sit on, or the smooth marginal. */
  private rateAt(x: number): number {
    if (x <= 0) return this.rateUpper;
    const h = this.kinked.hull()!;
    const xs = h.xs;
    const slopes = h.slopes;
    const smooth = this.smooth;
    let lo = 0;
    let hi = xs.length - 1;
    while (lo < hi) {
      const j = (lo + hi) >>> 1;
      if (xs[j]! >= x || slopes[j]! <= smooth.slopeBelow(x - xs[j]!)) hi = j;
      else lo = j + 1;
    }
    if (lo > 0) {
      const s = slopes[lo - 1]!;
      const end = xs[lo]! < x ? xs[lo]! : x;
      if (x - smooth.inputAtRate(s) < end) return s;
    }
    const kinkedIn = lo > 0 ? (xs[lo]! < x ? xs[lo]! : x) : 0;
    return smooth.slopeBelow(x - kinkedIn);
  }

  private dual(x: number, lambda: number): number {
    const xs = this.smooth.inputAtRate(lambda);
    const xk = this.kinked.inputAtRate(lambda);
    return lambda * x + (this.smooth.value(xs) - lambda * xs) + (this.kinked.value(xk) - lambda * xk);
  }

  value(a: number): number {
    return a <= 0 ? 0 : this.dual(a, this.rateAt(a));
  }

  slopeBelow(a: number): number {
    return this.rateAt(a);
  }

  inputAtRate(lambda: number): number {
    return this.smooth.inputAtRate(lambda) + this.kinked.inputAtRate(lambda);
  }

  exactInputAtRate(lambda: number): bigint | undefined {
    const s = this.smooth.exactInputAtRate(lambda);
    const k = this.kinked.exactInputAtRate(lambda);
    return s === undefined || k === undefined ? undefined : s + k;
  }

  hull(): undefined {
    return undefined;
  }

  /** One λ for both, so the pair is the dual bound's line: valid at every input, not only below a. */
  at(a: number): Tangent {
    if (a <= 0) return { value: 0, slope: this.rateUpper };
    const lambda = this.rateAt(a);
    return { value: this.dual(a, lambda), slope: lambda };
  }

  boundAt(a: bigint): Tangent {
    return this.at(Number(a));
  }
}
