import { assembleHop } from './assemble-hop.js';
import { dualBound } from './certificate.js';
import { equalise } from './equalise.js';
import { exactScan } from './exact-scan.js';
import type { Tangent } from './concave-model.js';
import type { LegQuote } from './exact-quoter.js';
import { singleSettles } from './hop-prune.js';
import { singleHop, type HopQuote } from './hop-quote.js';
import { pairSolve } from './pair-solve.js';
import { ParallelModel } from './parallel-model.js';
import type { PoolQuoter } from './pool-quoter.js';
import type { SplitSide } from './split-side.js';
import { withinTolerance } from './tolerance.js';

/**
 * The best way to push one hop's input through the pools of one pair: a single pool, or a split
 * across them, with every leg's input in exact atoms (the legs sum to the hop input exactly;
 * shareBps is only their rounded display). Floats only decide WHERE to look; bigint decides what is
 * returned and whether it fits. The steps, one file each:
 *  0. hop-prune.ts: the best single pool is kept when no split can beat it by more than the
 *     tolerance.
 *  1. pair-solve.ts / equalise.ts: place the split where the pools' concave models have equal
 *     marginal rates, kinks (DLMM bin ends, capacities) taken as exact atoms.
 *  2. certificate.ts: the candidate is evaluated exactly and kept when the dual bound on every split
 *     is within TOLERANCE (0.001 bps) of it, or not above it (outputs are integers): the fast path.
 *  3. exact-scan.ts: for small outputs, where atom rounding exceeds the tolerance, every split the
 *     model bound still allows is evaluated exactly, so the result is the exact optimum.
 *  4. assemble-hop.ts: the exact legs.
 * Three or more pools are split as one pool against the rest (itself a best hop, recursively), so
 * the same two-sided steps apply: exact for small outputs, within the tolerance at every level
 * otherwise. Exactness of step 3 relies on the models bounding from above, and its reach on their
 * concavity (constant product; DLMM bins at non-increasing rates). Where a DLMM's rate rises along
 * its walk (dlmm-hull.ts) the hull is still an upper bound, so steps 0 and 2 stay valid; the result is
 * never worse than the best single pool, but may miss the exact optimum by a few atoms.
 */

/** The exact single-pool leg, or undefined when the pool cannot fill `amountIn` or pays nothing. */
export function singleLeg(q: PoolQuoter, amountIn: bigint): LegQuote | undefined {
  const leg = q.exact.leg(amountIn);
  return leg !== undefined && leg.amountOut > 0n ? leg : undefined;
}

/**
 * Steps 1-3 for two sides: the exact atoms `s0` gets (s1 gets the rest; both can take their share),
 * and the dual bound's line at the placement's rate, which bounds every split of any amount.
 */
function splitTwo(s0: SplitSide, s1: SplitSide, amount: bigint, caps: readonly [bigint, bigint]): { a: bigint; bound: Tangent } | undefined {
  let start: bigint;
  let lambda: number;
  if (s0.model.hull() === undefined && s1.model.hull() !== undefined) {
    const s = pairSolve(s0.model, s1.model, amount, caps);
    start = s.smoothIn;
    lambda = s.lambda;
  } else if (s1.model.hull() === undefined && s0.model.hull() !== undefined) {
    const s = pairSolve(s1.model, s0.model, amount, [caps[1], caps[0]]);
    start = amount - s.smoothIn;
    lambda = s.lambda;
  } else {
    const eq = equalise([s0.model, s1.model], amount, caps);
    if (eq === undefined) return undefined;
    start = eq.alloc[0]!;
    lambda = eq.lambda;
  }
  const lo = amount > caps[1] ? amount - caps[1] : 0n;
  const hi = amount < caps[0] ? amount : caps[0];
  const a = start < lo ? lo : start > hi ? hi : start;
  const out = s0.exact.amountOut(a)! + s1.exact.amountOut(amount - a)!;
  const bound = { value: dualBound(s0.model, s1.model, Number(amount), lambda), slope: lambda };
  if (withinTolerance(bound.value, out)) return { a, bound };
  return { a: exactScan(s0, s1, amount, lo, hi, a, out), bound };
}

/** Three or more pools: the first against the rest, the rest being a best hop of its own. */
function restSide(rest: readonly PoolQuoter[], capacity: bigint): SplitSide {
  return {
    exact: {
      capacity: () => capacity,
      amountOut: (x) => {
        if (x <= 0n) return 0n;
        if (x > capacity) return undefined;
        return bestHop(rest, x)?.amountOut ?? 0n;
      },
    },
    model: new ParallelModel(rest.map((q) => q.model)),
  };
}

function allocation(qs: readonly PoolQuoter[], amountIn: bigint, caps: readonly bigint[]): { alloc: bigint[]; bound: Tangent } | undefined {
  if (qs.length === 2) {
    const s = splitTwo(qs[0]!, qs[1]!, amountIn, [caps[0]!, caps[1]!]);
    return s && { alloc: [s.a, amountIn - s.a], bound: s.bound };
  }
  const rest = qs.slice(1);
  let restCap = 0n;
  for (let i = 1; i < caps.length; i++) restCap += caps[i]!;
  const s = splitTwo(qs[0]!, restSide(rest, restCap), amountIn, [caps[0]!, restCap]);
  if (s === undefined) return undefined;
  const alloc = new Array<bigint>(qs.length).fill(0n);
  alloc[0] = s.a;
  if (s.a === amountIn) return { alloc, bound: s.bound };
  const inner = bestHop(rest, amountIn - s.a);
  if (inner !== undefined) {
    for (const leg of inner.legs) alloc[1 + rest.findIndex((q) => q.pool.id === leg.quote.poolId)] = leg.quote.amountIn;
    return { alloc, bound: s.bound };
  }
  // The rest pays nothing for its share (dust): one of its pools takes it (assembleHop then moves it
  // to a paying leg if one can absorb it).
  const taker = rest.findIndex((q) => q.exact.fits(amountIn - s.a));
  if (taker < 0) return undefined;
  alloc[1 + taker] = amountIn - s.a;
  return { alloc, bound: s.bound };
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
    const out = singles !== undefined ? (singles[i]?.amountOut ?? 0n) : (qs[i]!.exact.amountOut(amountIn) ?? 0n);
    if (out > bestOut) {
      bestOut = out;
      bestIdx = i;
    }
  }
  const bestSingle = bestIdx < 0 ? undefined : singles !== undefined ? singles[bestIdx]! : qs[bestIdx]!.exact.leg(amountIn)!;
  if (n < 2) return bestSingle && singleHop(bestSingle);
  if (bestSingle !== undefined) {
    const bound = singleSettles(qs, bestIdx, amountIn, bestSingle.amountOut);
    if (bound !== undefined) return singleHop(bestSingle, bound);
  }

  const caps: bigint[] = [];
  let capacity = 0n;
  for (const q of qs) {
    const c = q.exact.capacity();
    caps.push(c);
    capacity += c;
  }
  if (capacity < amountIn) return bestSingle && singleHop(bestSingle);
  const split = allocation(qs, amountIn, caps);
  if (split === undefined) return bestSingle && singleHop(bestSingle);
  const hop = assembleHop(qs, split.alloc, amountIn, bestSingle);
  return hop && { ...hop, bound: split.bound };
}
