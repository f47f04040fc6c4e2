import type { ConcaveModel, Tangent } from './concave-model.js';

/** Bisection steps on the input for inputAtRate: a 2^-60 fraction of the range is below an atom. */
const INPUT_ITERATIONS = 60;

/**
 * The concave model of a path: its hops' models composed, M = H_K ∘ … ∘ H_1. Each H_k is concave,
 * nondecreasing and bounds hop k's best exact output for any input, and the exact path feeds each hop
 * at most what the previous model allows, so M bounds the path's best exact output; a composition of
 * concave nondecreasing functions is concave. Its marginal is the product of the hops' marginals
 * along the chain, and its best rate anywhere the product of their rateUppers.
 */
export class SeriesModel implements ConcaveModel {
  readonly rateUpper: number;

  constructor(
    private readonly hops: readonly ConcaveModel[],
    /** The first hop's capacity as a float: inputAtRate searches below it. */
    private readonly capF: number,
  ) {
    let r = 1;
    for (const h of hops) r *= h.rateUpper;
    this.rateUpper = r;
  }

  value(a: number): number {
    let y = a;
    for (const h of this.hops) y = h.value(y);
    return y;
  }

  slopeBelow(a: number): number {
    return this.at(a).slope;
  }

  at(a: number): Tangent {
    let y = a;
    let slope = 1;
    for (const h of this.hops) {
      const t = h.at(y);
      slope *= t.slope;
      y = t.value;
    }
    return { value: y, slope };
  }

  inputAtRate(lambda: number): number {
    if (lambda >= this.rateUpper) return 0;
    let lo = 0;
    let hi = this.capF;
    if (this.slopeBelow(hi) >= lambda) return hi;
    for (let it = 0; it < INPUT_ITERATIONS && hi - lo > 0.5; it++) {
      const mid = (lo + hi) / 2;
      if (this.slopeBelow(mid) >= lambda) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  exactInputAtRate(): undefined {
    return undefined;
  }

  hull(): undefined {
    return undefined;
  }

  boundAt(a: bigint): Tangent {
    return this.at(Number(a));
  }
}
