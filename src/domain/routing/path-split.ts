import { exactScan } from './exact-scan.js';
import type { SplitSide } from './split-side.js';
import { padded, roundingAllowance, TOLERANCE, withinAllowance } from './tolerance.js';

/** Bracket steps of the placement: false position converges in a few, bisection bounds the rest. */
const PLACEMENT_ITERATIONS = 100;

/**
 * Splitting one order across two pool-disjoint paths: the atoms `s0` gets (s1 gets the rest), or
 * undefined when the two cannot take the order together. Pool-disjoint paths price independently,
 * so the output is out0(a) + out1(amount − a), each bounded by its path's concave model, and
 * G(a) = M0(a) + M1(amount − a) is concave.
 *  1. Placement: g(a) = M0'(a−) − M1'((amount − a)−) is a supergradient of G at a, falling with a.
 *     A bracket [l, r] with g(l) > 0 > g(r) is narrowed (false position, Illinois-damped, with a
 *     bisection step whenever it stalls).
 *  2. Certificate: G lies below both tangent lines G(l) + g(l)(y − l) and G(r) + g(r)(y − r), so
 *     their crossing bounds G everywhere, hence every split's exact output. The narrowing stops once
 *     the better end is within half the tolerance (or half an atom) of that bound; the integer split
 *     there is evaluated exactly and accepted when within TOLERANCE of the bound, or within the
 *     rounding allowance (tolerance.ts roundingAllowance).
 *  3. Otherwise (small outputs, where atom rounding exceeds the tolerance) the exact scan of
 *     exact-scan.ts: every split the model bound still allows is evaluated, so the result is exact.
 */
export function splitPaths(s0: SplitSide, s1: SplitSide, amount: bigint): bigint | undefined {
  const c0 = s0.exact.capacity();
  const c1 = s1.exact.capacity();
  if (c0 + c1 < amount) return undefined;
  const lo = amount > c1 ? amount - c1 : 0n;
  const hi = amount < c0 ? amount : c0;
  const total = Number(amount);
  const at = (a: number): { G: number; g: number } => {
    const u = s0.model.at(a);
    const v = s1.model.at(total - a);
    return { G: u.value + v.value, g: u.slope - v.slope };
  };
  let l = Number(lo);
  let r = Number(hi);
  let L = at(l);
  let R = at(r);
  let bound: number;
  let y: number;
  if (L.g <= 0) {
    // G falls from the low end on: its line there bounds everything above it.
    bound = L.G;
    y = l;
  } else if (R.g >= 0) {
    bound = R.G;
    y = r;
  } else {
    // The tangent lines' crossing bounds G; stop once the better end is within half the tolerance
    // of it (or within half an atom), which leaves the other half for the exact output's rounding.
    const crossing = (): number => Math.max(L.G + (L.g * (R.G - L.G + R.g * (l - r))) / (L.g - R.g), L.G, R.G);
    let dl = L.g;
    let dr = R.g;
    let side = 0;
    bound = crossing();
    for (let it = 0; it < PLACEMENT_ITERATIONS && r - l > 1; it++) {
      const top = L.G > R.G ? L.G : R.G;
      if (bound - top <= Math.max(0.5, top * TOLERANCE * 0.5)) break;
      let x = l + ((r - l) * dl) / (dl - dr);
      // False position stalls on one end when g is far from linear: damp that end's slope
      // (Illinois) and bisect every third step there.
      if (!(x > l && x < r) || (it % 3 === 2 && side !== 0)) x = (l + r) / 2;
      const T = at(x);
      if (T.g > 0) {
        l = x;
        L = T;
        dl = T.g;
        if (side === 1) dr /= 2;
        side = 1;
      } else {
        r = x;
        R = T;
        dr = T.g;
        if (side === -1) dl /= 2;
        side = -1;
      }
      bound = crossing();
    }
    y = L.G >= R.G ? l : r;
  }
  let a = BigInt(Math.floor(y));
  if (a < lo) a = lo;
  if (a > hi) a = hi;
  // Within an atom of the optimum, the better of the two integers around it (further out the
  // bound's slack dwarfs an atom).
  if (r - l <= 1 && a < hi && at(Number(a + 1n)).G > at(Number(a)).G) a += 1n;
  const u = s0.exact.amountOut(a);
  const w = s1.exact.amountOut(amount - a);
  if (u === undefined || w === undefined) return undefined;
  const out = u + w;
  if (withinAllowance(padded(bound), out, roundingAllowance(Math.max(s0.model.rateUpper, s1.model.rateUpper)))) return a;
  return exactScan(s0, s1, amount, lo, hi, a, out);
}
