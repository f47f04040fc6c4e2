import type { LegQuote, PoolQuoter } from './quoter.js';
import { shareBpsOf } from './route.js';

/**
 * The best way to push one hop's input through the pools of one pair: a single pool, or a split
 * across them, with every leg's input in exact atoms (the legs sum to the hop input exactly;
 * shareBps is only their rounded display).
 *
 * Floats only decide WHERE to look; bigint decides what is returned and whether it fits:
 *  0. Prune: when the best single pool's least model marginal over the whole order still beats
 *     every other pool's rateUpper, a split gains at most that pool's model slack at the order
 *     (⌊M(amount)⌋ − exact out); the single is kept when that is 0 or within TOLERANCE.
 *  1. Float placement: equalise marginal rates on the pools' concave float models (quoter.ts).
 *     For the constant-product + DLMM pair (every split-capable pair in the market) that is a
 *     binary search over the DLMM hull's vertices (pairSolve); otherwise bisection on the rate λ.
 *     Kinks are exact atoms: a bin end, or a DLMM's exact capacity, so a split can drain a DLMM to
 *     its last atom (no safety margin stops it short of the best output).
 *  2. Exact certificate (two pools): the candidate is evaluated exactly; Lagrangian duality on the
 *     models bounds what ANY split could reach (λ·amount + Σ max_x (M_i(x) − λx)). Within
 *     TOLERANCE (0.001 bps) of that bound, or not below its floor (outputs are integers), the
 *     candidate is kept: the fast path, one exact evaluation.
 *  3. Exact scan (two pools, small outputs, where atom rounding exceeds 0.001 bps): a split can
 *     beat the candidate only where the concave model bound reaches candidate + 1 atom, one interval
 *     around the bound's maximiser; if it spans at most SCAN_LIMIT atoms, every split in it is
 *     evaluated exactly, so the result is the exact optimum (checked against a brute force over
 *     every split in test/unit/split-optimality.test.ts). A wider interval only arises when the
 *     output is large against an atom, where the candidate is already within a few atoms.
 * Exactness of step 3 relies on concavity (constant product; DLMM bins at non-increasing rates).
 * Where a DLMM's rate rises along its walk (quoter.ts) the hull is still an upper bound, so steps
 * 0 and 2 stay valid; the result is never worse than the best single pool, but may miss the exact
 * optimum by a few atoms.
 */

export interface HopLeg {
  readonly quote: LegQuote;
  /** This leg's share of the hop input in bps, for display (rounded; a hop's legs sum to 10000). */
  readonly shareBps: number;
}

export interface HopQuote {
  readonly legs: readonly HopLeg[];
  readonly amountIn: bigint;
  readonly amountOut: bigint;
}

/** Relative gap under which a candidate is accepted as optimal: 1e-7 = 0.001 bps. */
const TOLERANCE = 1e-7;
/** Most exact evaluations the refinement spends to make a small split exactly optimal. */
const SCAN_LIMIT = 2048n;
/** Float rounding allowance on model values (relative). */
const REL = 1e-12;
/** ... and absolute, in atoms. */
const ABS = 1e-6;
/** Bisection steps on λ: past 2^-64 relative the rates stop changing in float. */
const RATE_ITERATIONS = 64;

/** The exact single-pool leg, or undefined when the pool cannot fill `amountIn` or pays nothing. */
export function singleLeg(q: PoolQuoter, amountIn: bigint): LegQuote | undefined {
  const leg = q.leg(amountIn);
  return leg !== undefined && leg.amountOut > 0n ? leg : undefined;
}

function single(leg: LegQuote): HopQuote {
  return { legs: [{ quote: leg, shareBps: 10_000 }], amountIn: leg.amountIn, amountOut: leg.amountOut };
}

/**
 * Marginal-rate equalisation on the float models: the rate λ at which the pools together take
 * `amount`, turned into exact atoms that sum to `amount` and respect every exact capacity.
 * Kinks of the models (DLMM bin ends, capacities) are taken as exact atoms, so a split at a bin
 * boundary or at a DLMM's full depth is hit exactly; the continuous part goes to the pools whose
 * marginal sits at λ. Returns undefined when the pools cannot take `amount` together.
 */
function equalise(qs: readonly PoolQuoter[], amount: bigint, caps: readonly bigint[]): { alloc: bigint[]; lambda: number } | undefined {
  const n = qs.length;
  const target = Number(amount);
  let hi = 0;
  for (const q of qs) if (q.rateUpper > hi) hi = q.rateUpper;
  if (!(hi > 0)) return undefined;
  let lo = 0;
  for (let it = 0; it < RATE_ITERATIONS; it++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    let taken = 0;
    for (let i = 0; i < n; i++) taken += qs[i]!.inputAtRate(mid);
    if (taken > target) lo = mid;
    else hi = mid;
  }
  // At `hi` the pools take at most `amount`: those allocations, exact where they are kinks.
  const alloc: bigint[] = [];
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const q = qs[i]!;
    let x = q.exactInputAtRate(hi) ?? BigInt(Math.floor(q.inputAtRate(hi)));
    if (x > caps[i]!) x = caps[i]!;
    if (x < 0n) x = 0n;
    alloc.push(x);
    sum += x;
  }
  // Kinks rounded to whole bins, or float rounding, may overshoot by a few atoms: take them back
  // where the model marginal is lowest (it costs least there).
  while (sum > amount) {
    let pick = -1;
    let rate = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (alloc[i]! <= 0n) continue;
      const r = qs[i]!.slopeBelow(Number(alloc[i]!));
      if (r < rate) {
        rate = r;
        pick = i;
      }
    }
    const cut = sum - amount < alloc[pick]! ? sum - amount : alloc[pick]!;
    alloc[pick]! -= cut;
    sum -= cut;
  }
  // The shortfall belongs to the pools whose marginal lies in [lo, hi): a DLMM bin at exactly that
  // rate, or a constant-product curve (continuous, so a few atoms of rounding).
  let deficit = amount - sum;
  for (let i = 0; i < n && deficit > 0n; i++) {
    const room = qs[i]!.inputAtRate(lo) - Number(alloc[i]!);
    if (!(room > 0)) continue;
    let extra = BigInt(Math.ceil(room));
    if (extra > deficit) extra = deficit;
    if (extra > caps[i]! - alloc[i]!) extra = caps[i]! - alloc[i]!;
    alloc[i]! += extra;
    deficit -= extra;
  }
  // Whatever rounding left: to the pool with the best model marginal that still has room.
  while (deficit > 0n) {
    let pick = -1;
    let rate = -1;
    for (let i = 0; i < n; i++) {
      if (alloc[i]! >= caps[i]!) continue;
      const r = qs[i]!.slopeBelow(Number(alloc[i]!) + 1);
      if (r > rate) {
        rate = r;
        pick = i;
      }
    }
    if (pick < 0) return undefined;
    let extra = caps[pick]! - alloc[pick]!;
    if (extra > deficit) extra = deficit;
    alloc[pick]! += extra;
    deficit -= extra;
  }
  return { alloc, lambda: hi };
}

/**
 * Two pools, one smooth (constant product) and one piecewise linear (a DLMM hull): the equalised
 * split directly, by binary search over the hull's vertices instead of bisection on λ. Segment j of
 * the hull is worth entering while its slope beats the smooth pool's marginal at the input left
 * for it; the first segment that is not worth it ends the DLMM's share at its start vertex (a kink:
 * exact atoms), unless the smooth pool's marginal catches up with the previous segment's slope
 * earlier, inside that segment. Returns the smooth pool's input and the rate λ there.
 */
function pairSolve(smooth: PoolQuoter, kinked: PoolQuoter, amount: bigint, caps: readonly [bigint, bigint]): { smoothIn: bigint; lambda: number } {
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
    // Inside segment stop − 1 the smooth pool takes what its marginal allows at that slope.
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

/** The smooth pool's input within both capacities (caps: [smooth, kinked]). */
function clampIn(smoothIn: bigint, amount: bigint, caps: readonly [bigint, bigint]): bigint {
  const min = amount > caps[1] ? amount - caps[1] : 0n;
  const max = amount < caps[0] ? amount : caps[0];
  return smoothIn < min ? min : smoothIn > max ? max : smoothIn;
}

/** Σ_i max_{0≤x≤cap_i}(M_i(x) − λx) + λ·amount + Σ slack: an upper bound on every split's exact output. */
function dualBound(q0: PoolQuoter, q1: PoolQuoter, amount: number, lambda: number): number {
  const x0 = q0.inputAtRate(lambda);
  const x1 = q1.inputAtRate(lambda);
  const bound = lambda * amount + (q0.model(x0) - lambda * x0) + (q1.model(x1) - lambda * x1) + q0.above + q1.above;
  return bound * (1 + REL) + ABS;
}

/** The model bound on a split: q0 gets a, q1 the rest (floats; see quoter.ts for `above`). */
function upper(q0: PoolQuoter, q1: PoolQuoter, amountF: number, a: bigint): number {
  const x = Number(a);
  return (q0.model(x) + q1.model(amountF - x)) * (1 + REL) + q0.above + q1.above + ABS;
}

/** Integer form of the model bound: each pool's exact out is ≤ ⌊its bound⌋. */
function upperFloor(q0: PoolQuoter, q1: PoolQuoter, amountF: number, a: bigint): number {
  const x = Number(a);
  return Math.floor(q0.model(x) * (1 + REL) + q0.above + ABS) + Math.floor(q1.model(amountF - x) * (1 + REL) + q1.above + ABS);
}

/**
 * The a in [lo, hi] maximising the (concave) model bound, searched from `start`: the ascent
 * direction from there, steps doubling while the bound still rises, then ternary search inside the
 * last bracket. A few evaluations when `start` is already at the maximiser.
 */
function maximiser(q0: PoolQuoter, q1: PoolQuoter, amountF: number, lo: bigint, hi: bigint, start: bigint): bigint {
  const here = upper(q0, q1, amountF, start);
  let dir = 0n;
  if (start < hi && upper(q0, q1, amountF, start + 1n) > here) dir = 1n;
  else if (start > lo && upper(q0, q1, amountF, start - 1n) > here) dir = -1n;
  if (dir === 0n) return start;
  // Exponential bracket: the bound rises from p2 to p1; the first q beyond p1 where it no longer
  // rises (or the range ends) closes the bracket [p2, q], which holds the maximum (concavity).
  let p2 = start;
  let p1 = start + dir;
  let u1 = upper(q0, q1, amountF, p1);
  let q = p1;
  for (let step = 2n; ; step *= 2n) {
    q = start + dir * step;
    if (q < lo) q = lo;
    if (q > hi) q = hi;
    const uq = upper(q0, q1, amountF, q);
    if (uq <= u1 || q === lo || q === hi) break;
    p2 = p1;
    p1 = q;
    u1 = uq;
  }
  let l = p2 < q ? p2 : q;
  let r = p2 < q ? q : p2;
  while (r - l > 2n) {
    const m1 = l + (r - l) / 3n;
    const m2 = r - (r - l) / 3n;
    if (upper(q0, q1, amountF, m1) < upper(q0, q1, amountF, m2)) l = m1 + 1n;
    else r = m2 - 1n;
  }
  let best = l;
  for (let a = l + 1n; a <= r; a++) if (upper(q0, q1, amountF, a) > upper(q0, q1, amountF, best)) best = a;
  return best;
}

/**
 * Two pools, a = input to the first: make `a` exactly optimal or provably within TOLERANCE.
 * `start` is the equalised candidate, `lambda` its rate (any λ gives a valid dual bound; this one a
 * tight bound). Returns the chosen a.
 */
function refineTwo(q0: PoolQuoter, q1: PoolQuoter, amount: bigint, caps: readonly bigint[], start: bigint, lambda: number): bigint {
  const lo = amount > caps[1]! ? amount - caps[1]! : 0n;
  const hi = amount < caps[0]! ? amount : caps[0]!;
  let bestA = start < lo ? lo : start > hi ? hi : start;
  let best = q0.amountOut(bestA)! + q1.amountOut(amount - bestA)!;
  const bestF = Number(best);
  const amountF = Number(amount);
  // Outputs are integers: nothing beats `best` when ⌊bound⌋ ≤ best; within tolerance is enough.
  const bound = Math.floor(dualBound(q0, q1, amountF, lambda));
  if (bound - bestF <= 0 || bound - bestF <= bestF * TOLERANCE) return bestA;

  // A split beats `best` only where the (concave) model bound reaches best + 1: an interval around
  // the bound's maximiser (near the equalised start). Scan it exactly if it is short.
  const need = bestF + 1;
  const pivot = maximiser(q0, q1, amountF, lo, hi, bestA);
  if (upper(q0, q1, amountF, pivot) < need) return bestA;
  const left = pivot - SCAN_LIMIT > lo ? pivot - SCAN_LIMIT : lo;
  const right = pivot + SCAN_LIMIT < hi ? pivot + SCAN_LIMIT : hi;
  if ((left > lo && upper(q0, q1, amountF, left) >= need) || (right < hi && upper(q0, q1, amountF, right) >= need)) return bestA;
  let a0 = left;
  let a1 = pivot;
  while (a0 < a1) {
    const mid = (a0 + a1) / 2n;
    if (upper(q0, q1, amountF, mid) >= need) a1 = mid;
    else a0 = mid + 1n;
  }
  const from = a0;
  a0 = pivot;
  a1 = right;
  while (a0 < a1) {
    const mid = (a0 + a1 + 1n) / 2n;
    if (upper(q0, q1, amountF, mid) >= need) a0 = mid;
    else a1 = mid - 1n;
  }
  const to = a0;
  for (let a = from; a <= to; a++) {
    if (upperFloor(q0, q1, amountF, a) <= best) continue;
    const v = q0.amountOut(a)! + q1.amountOut(amount - a)!;
    if (v > best) {
      best = v;
      bestA = a;
    }
  }
  return bestA;
}

function exactTotal(qs: readonly PoolQuoter[], alloc: readonly bigint[]): bigint {
  let out = 0n;
  for (let i = 0; i < qs.length; i++) out += qs[i]!.amountOut(alloc[i]!)!;
  return out;
}

/**
 * More than two pools: exact pairwise moves (pattern search: try shifting s atoms between two
 * legs, keep it when the exact total grows, halve s otherwise) starting from the equalised split.
 */
function refineMany(qs: readonly PoolQuoter[], caps: readonly bigint[], alloc: bigint[]): void {
  let best = exactTotal(qs, alloc);
  const n = qs.length;
  let total = 0n;
  for (const a of alloc) total += a;
  for (let round = 0; round < 3; round++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        let s = total / 1024n > 0n ? total / 1024n : 1n;
        while (s > 0n) {
          if (alloc[i]! >= s && alloc[j]! + s <= caps[j]!) {
            alloc[i]! -= s;
            alloc[j]! += s;
            const v = exactTotal(qs, alloc);
            if (v > best) {
              best = v;
              moved = true;
              continue;
            }
            alloc[i]! += s;
            alloc[j]! -= s;
          }
          s /= 2n;
        }
      }
    }
    if (!moved) break;
  }
}

/**
 * Best hop for `amountIn` across `qs` (the quoters of one pair's pools, same input mint).
 * `singles[i]`, when given, is singleLeg(qs[i], amountIn) (the router has them for its
 * alternatives); otherwise only exact outputs are compared and just the chosen leg is built.
 * Returns undefined when nothing can fill the amount or every way of filling it pays nothing.
 */
export function bestHop(qs: readonly PoolQuoter[], amountIn: bigint, singles?: readonly (LegQuote | undefined)[]): HopQuote | undefined {
  const n = qs.length;
  let bestIdx = -1;
  let bestOut = 0n;
  for (let i = 0; i < n; i++) {
    const out = singles !== undefined ? (singles[i]?.amountOut ?? 0n) : (qs[i]!.amountOut(amountIn) ?? 0n);
    if (out > bestOut) {
      bestOut = out;
      bestIdx = i;
    }
  }
  const bestSingle = bestIdx < 0 ? undefined : singles !== undefined ? singles[bestIdx]! : qs[bestIdx]!.leg(amountIn)!;
  if (n < 2) return bestSingle && single(bestSingle);

  const amountF = Number(amountIn);
  if (bestSingle !== undefined) {
    // Prune: with B a concave bound of the best pool's output on [0, amount] (quoter.ts boundAt),
    // if B's least marginal still beats every other pool's best possible rate, moving δ atoms
    // elsewhere gains at most ⌊B(amount)⌋ − out (outputs are integers): keep the single when that
    // is 0 or within the tolerance. Only the bins the order reaches are looked at.
    const q = qs[bestIdx]!;
    let othersTop = 0;
    for (let i = 0; i < n; i++) if (i !== bestIdx && qs[i]!.rateUpper > othersTop) othersTop = qs[i]!.rateUpper;
    const bound = q.boundAt(amountIn);
    if (bound.slope >= othersTop) {
      const out = Number(bestSingle.amountOut);
      const gain = Math.floor(bound.value * (1 + REL) + q.above + ABS) - out;
      if (gain <= 0 || gain <= out * TOLERANCE) return single(bestSingle);
    }
  }

  const caps: bigint[] = [];
  let capacity = 0n;
  for (const q of qs) {
    const c = q.capacity();
    caps.push(c);
    capacity += c;
  }
  if (capacity < amountIn) return bestSingle && single(bestSingle);
  let alloc: bigint[];
  if (n === 2) {
    const q0 = qs[0]!;
    const q1 = qs[1]!;
    let start: bigint;
    let lambda: number;
    if (q0.hull() === undefined && q1.hull() !== undefined) {
      const s = pairSolve(q0, q1, amountIn, [caps[0]!, caps[1]!]);
      start = s.smoothIn;
      lambda = s.lambda;
    } else if (q1.hull() === undefined && q0.hull() !== undefined) {
      const s = pairSolve(q1, q0, amountIn, [caps[1]!, caps[0]!]);
      start = amountIn - s.smoothIn;
      lambda = s.lambda;
    } else {
      const eq = equalise(qs, amountIn, caps);
      if (eq === undefined) return bestSingle && single(bestSingle);
      start = eq.alloc[0]!;
      lambda = eq.lambda;
    }
    const a = refineTwo(q0, q1, amountIn, caps, start, lambda);
    alloc = [a, amountIn - a];
  } else {
    const eq = equalise(qs, amountIn, caps);
    if (eq === undefined) return bestSingle && single(bestSingle);
    alloc = eq.alloc;
    refineMany(qs, caps, alloc);
  }
  return assemble(qs, alloc, amountIn, bestSingle);
}

/**
 * The exact legs of an allocation, or the best single when it does not beat it. A leg that pays
 * nothing gives its input to a paying leg that can absorb it (more in never pays less), so a route
 * carries a leg of 0 out only when no other pool can take those atoms (the others are drained).
 */
function assemble(qs: readonly PoolQuoter[], alloc: readonly bigint[], amountIn: bigint, bestSingle: LegQuote | undefined): HopQuote | undefined {
  const legs: LegQuote[] = [];
  const owners: PoolQuoter[] = [];
  for (let i = 0; i < qs.length; i++) {
    if (alloc[i]! <= 0n) continue;
    legs.push(qs[i]!.leg(alloc[i]!)!);
    owners.push(qs[i]!);
  }
  for (let i = 0; i < legs.length; i++) {
    if (legs[i]!.amountOut > 0n) continue;
    // Largest paying leg first; keep the idle leg when none can take its atoms.
    let pick = -1;
    for (let j = 0; j < legs.length; j++) {
      if (j === i || legs[j]!.amountOut <= 0n || !owners[j]!.fits(legs[j]!.amountIn + legs[i]!.amountIn)) continue;
      if (pick < 0 || legs[j]!.amountIn > legs[pick]!.amountIn) pick = j;
    }
    if (pick < 0) continue;
    legs[pick] = owners[pick]!.leg(legs[pick]!.amountIn + legs[i]!.amountIn)!;
    legs.splice(i, 1);
    owners.splice(i, 1);
    i--;
  }
  let out = 0n;
  for (const l of legs) out += l.amountOut;
  if (out <= 0n || (bestSingle !== undefined && out <= bestSingle.amountOut)) return bestSingle && single(bestSingle);
  if (legs.length === 1) return single(legs[0]!);
  const amounts: bigint[] = [];
  for (const l of legs) amounts.push(l.amountIn);
  const bps = shareBpsOf(amounts, amountIn);
  const hopLegs: HopLeg[] = [];
  for (let i = 0; i < legs.length; i++) hopLegs.push({ quote: legs[i]!, shareBps: bps[i]! });
  return { legs: hopLegs, amountIn, amountOut: out };
}
