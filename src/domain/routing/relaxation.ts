import type { Tangent } from './concave-model.js';
import { padded } from './tolerance.js';

/**
 * What one path can give at most, for any input x ≤ the order: x·rate (its best rate anywhere), and,
 * when the path was quoted, its tangent at the order (path-quote.ts pathTangent).
 */
export interface PathBound {
  readonly rate: number;
  readonly tangent?: Tangent;
}

/**
 * An upper bound on the output of ANY way of sending `amount` through these paths at once, even
 * ways a route may not take (paths sharing pools): max Σ f_p(x_p) over Σ x_p = amount, with
 * f_p(x) = min(rate·x, value − (amount − x)·slope), each concave and piecewise linear in two pieces.
 * The maximum of a sum of such functions takes the steepest pieces first, so it is a sort. When it
 * is within the tolerance of the best single path, no split across paths is worth searching.
 */
export function relaxationBound(bounds: readonly PathBound[], amount: number): number {
  const pieces: { slope: number; length: number }[] = [];
  for (const b of bounds) {
    const t = b.tangent;
    if (t === undefined || t.slope >= b.rate) {
      pieces.push({ slope: b.rate, length: amount });
      continue;
    }
    // The tangent holds at 0 as well (a path gives 0 for 0), so value ≥ amount·slope up to rounding.
    const intercept = Math.max(0, t.value - amount * t.slope);
    const knee = Math.min(amount, intercept / (b.rate - t.slope));
    pieces.push({ slope: b.rate, length: knee }, { slope: t.slope, length: amount - knee });
  }
  pieces.sort((p, q) => q.slope - p.slope);
  let left = amount;
  let total = 0;
  for (const p of pieces) {
    if (left <= 0) break;
    const take = p.length < left ? p.length : left;
    total += take * p.slope;
    left -= take;
  }
  return padded(total);
}
