import type { ConcaveModel } from './concave-model.js';

/**
 * Step 1 of a split (smooth + kinked form): two models, one smooth (constant product) and one
 * piecewise linear (a DLMM hull), the equalised split directly, by binary search over the hull's
 * vertices instead of bisection on λ. Segment j of the hull is worth entering while its slope beats
 * the smooth model's marginal at the input left for it; the first segment that is not worth it ends
 * the DLMM's share at its start vertex (a kink: exact atoms), unless the smooth model's marginal
 * catches up with the previous segment's slope earlier, inside that segment. Returns the smooth
 * side's input and the rate λ there. `kinked.hull()` must be defined.
 */
export function pairSolve(smooth: ConcaveModel, kinked: ConcaveModel, amount: bigint, caps: readonly [bigint, bigint]): { smoothIn: bigint; lambda: number } {
  const h = kinked.hull()!;
  const xs = h.xs;
  const slopes = h.slopes;
  const target = Number(amount);
  const last = xs.length - 1;
  // First segment j (0 ≤ j < last) not worth entering; `last` when all are (the DLMM drains).
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const j = (lo + hi) >>> 1;
    if (xs[j]! >= target || slopes[j]! <= smooth.slopeBelow(target - xs[j]!)) hi = j;
    else lo = j + 1;
  }
  const stop = lo;
  let kinkedIn: bigint;
  if (stop > 0) {
    // Inside segment stop − 1 the smooth side takes what its marginal allows at that slope.
    const s = slopes[stop - 1]!;
    const end = xs[stop]! < target ? xs[stop]! : target;
    const inside = target - smooth.inputAtRate(s);
    if (inside < end) {
      const smoothIn = BigInt(Math.floor(smooth.inputAtRate(s)));
      return { smoothIn: clampIn(smoothIn, amount, caps), lambda: s };
    }
    kinkedIn = xs[stop]! < target ? h.exactAt(stop) : amount;
  } else {
    kinkedIn = 0n;
  }
  const smoothIn = clampIn(amount - (kinkedIn < amount ? kinkedIn : amount), amount, caps);
  return { smoothIn, lambda: smooth.slopeBelow(Number(smoothIn)) };
}

/** The smooth side's input within both capacities (caps: [smooth, kinked]). */
function clampIn(smoothIn: bigint, amount: bigint, caps: readonly [bigint, bigint]): bigint {
  const min = amount > caps[1] ? amount - caps[1] : 0n;
  const max = amount < caps[0] ? amount : caps[0];
  return smoothIn < min ? min : smoothIn > max ? max : smoothIn;
}
