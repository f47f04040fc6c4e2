import type { Tangent } from './concave-model.js';
import type { LegQuote } from './exact-quoter.js';
import type { HopQuote } from './hop-quote.js';
import type { Pool } from '../venues/pool.js';
import { pathTangent, pricePath, PRUNE_MARGIN, quotePath, type PathQuote, type PricedPath } from './path-quote.js';
import { PathSide } from './path-side.js';
import { splitPaths } from './path-split.js';
import { relaxationBound, type PathBound } from './relaxation.js';
import { padded, roundingAllowance, withinAllowance } from './tolerance.js';
import type { Topology } from './topology.js';

/** The router's choice: one path, or two pool-disjoint paths sharing the order. */
export interface RouteChoice {
  readonly paths: readonly PathQuote[];
  readonly amountOut: bigint;
}

function hopCount(c: RouteChoice): number {
  let n = 0;
  for (const p of c.paths) n += p.hops.length;
  return n;
}

/** More out wins; on a tie, fewer paths, then fewer hops: the simpler route. */
function better(a: RouteChoice, b: RouteChoice | undefined): boolean {
  if (b === undefined || a.amountOut !== b.amountOut) return b === undefined || a.amountOut > b.amountOut;
  if (a.paths.length !== b.paths.length) return a.paths.length < b.paths.length;
  return hopCount(a) < hopCount(b);
}

interface Priced {
  nowSec: number;
  readonly paths: readonly PricedPath[];
  /** Path indexes by rate bound, best first. */
  readonly order: readonly number[];
  /** Do two paths start through the same pair (so a search should quote that first hop once)? */
  readonly sharedFirst: boolean;
  /** For each path, the best rate bound among the others. */
  readonly othersTop: readonly number[];
}

// Quoters depend only on the pools (fixed per market version, hence per topology) and the clock;
// a topology outlives versions whose fills did not touch it (topology.ts), and its paths' pricing
// the seconds that change no fee regime (path-quote.ts pricePath).
const PRICED = new WeakMap<Topology, Priced>();

function priced(topo: Topology, nowSec: number): Priced {
  const cached = PRICED.get(topo);
  if (cached !== undefined && cached.nowSec === nowSec) return cached;
  const paths = topo.paths.map((shape, i) => pricePath(shape, i, nowSec));
  if (cached !== undefined && paths.every((p, i) => p === cached.paths[i])) {
    cached.nowSec = nowSec;
    return cached;
  }
  const order = paths.map((_, i) => i).sort((i, j) => paths[j]!.tails[0]! - paths[i]!.tails[0]!);
  const sharedFirst = new Set(paths.map((p) => p.firstPair)).size < paths.length;
  const othersTop = paths.map((_, i) => paths.reduce((top, p, j) => (j !== i && p.tails[0]! > top ? p.tails[0]! : top), 0));
  const fresh = { nowSec, paths, order, sharedFirst, othersTop };
  PRICED.set(topo, fresh);
  return fresh;
}

/** Every path's bound: its rate, and its tangent at the order when it was quoted. */
function pathBounds(paths: readonly PricedPath[], quoted: readonly (PathQuote | undefined)[], amountIn: bigint, known: number, knownTangent: Tangent | undefined): PathBound[] {
  const bounds: PathBound[] = [];
  for (let i = 0; i < paths.length; i++) {
    const q = quoted[i];
    const tangent = i === known ? knownTangent : q === undefined ? undefined : pathTangent(paths[i]!, amountIn, q.hops[0]);
    bounds.push({ rate: paths[i]!.tails[0]!, tangent });
  }
  return bounds;
}

/**
 * Is `best` (path b's quote, `own` its tangent at the order) within the tolerance of everything a
 * split across paths could give? The cheap case first: when every other path's best rate is below
 * b's marginal at the order, the relaxation puts the whole order on b, so b's own tangent bounds
 * everything. Otherwise the full relaxation over every path, the quoted ones with their tangents.
 */
function singlePathSettles(paths: readonly PricedPath[], othersTop: number, quoted: readonly (PathQuote | undefined)[], b: number, own: Tangent, best: bigint, amountIn: bigint): boolean {
  const amountF = Number(amountIn);
  const allowance = roundingAllowance(Math.max(othersTop, paths[b]!.tails[0]!));
  if (own.slope >= othersTop) return withinAllowance(padded(Math.min(own.value, paths[b]!.tails[0]! * amountF)), best, allowance);
  return withinAllowance(relaxationBound(pathBounds(paths, quoted, amountIn, b, own), amountF), best, allowance);
}

/**
 * The best split of the order between two pool-disjoint paths, as a route choice: the larger part
 * first (the route's main path), a part with no input left out. Undefined when the two cannot take
 * the order together, or a part would pay nothing (not worth a path of its own).
 */
function splitChoice(s0: PathSide, s1: PathSide, amountIn: bigint): RouteChoice | undefined {
  const a = splitPaths(s0, s1, amountIn);
  if (a === undefined) return undefined;
  const parts: PathQuote[] = [];
  let out = 0n;
  for (const [side, x] of [
    [s0, a],
    [s1, amountIn - a],
  ] as const) {
    if (x <= 0n) continue;
    const q = side.quote(x);
    if (q === undefined) return undefined;
    parts.push(q);
    out += q.amountOut;
  }
  parts.sort((u, v) => (u.amountIn === v.amountIn ? 0 : u.amountIn > v.amountIn ? -1 : 1));
  return { paths: parts, amountOut: out };
}

/**
 * The best route for `amountIn` over the topology's paths (docs/router.md):
 *  1. Single paths, best rate bound first. A path is skipped without any exact swap once even its
 *     bound (amountIn × its rateUpper) cannot beat the best so far, and abandoned mid-way as soon as
 *     what is left of it cannot (path-quote.ts). Every quoted path is compared exactly.
 *  2. Splits across two pool-disjoint paths, only where one could pay: the relaxation bound over
 *     every path (relaxation.ts) says how much ANY combination could give; within the tolerance of
 *     the best single path, nothing is searched. Otherwise each disjoint pair whose own bound could
 *     still beat the best is split exactly (path-split.ts), best bound first.
 * `directSingles` are the single-pool legs of the direct pair's pools (the router has them for its
 * alternatives), in the order of the direct path's pools. Undefined when no route fills the order.
 */
export function searchRoute(topo: Topology, amountIn: bigint, nowSec: number, directSingles?: readonly (LegQuote | undefined)[]): RouteChoice | undefined {
  const { paths, order, sharedFirst, othersTop } = priced(topo, nowSec);
  const amountF = Number(amountIn);
  const quoted: (PathQuote | undefined)[] = [];
  const firstHops = sharedFirst ? new Map<readonly Pool[], HopQuote | undefined>() : undefined;
  let best: RouteChoice | undefined;
  let bestPath = -1;
  for (const i of order) {
    const p = paths[i]!;
    const floor = best?.amountOut ?? 0n;
    // Sorted by bound: once one cannot beat the best, none after it can.
    if (floor > 0n && amountF * p.tails[0]! * PRUNE_MARGIN <= Number(floor)) break;
    const direct = p.hops.length === 1 && topo.direct.length > 0;
    const q = quotePath(p, amountIn, floor, direct ? directSingles : undefined, firstHops);
    if (q === undefined || q === 'pruned') continue;
    quoted[i] = q;
    const choice = { paths: [q], amountOut: q.amountOut };
    if (better(choice, best)) {
      best = choice;
      bestPath = i;
    }
  }
  if (topo.disjoint.length === 0) return best;
  // The best path's tangent first (cheap when its first hop already bounded itself), the others'
  // only once that does not settle it.
  let own: Tangent | undefined;
  if (best !== undefined) {
    own = pathTangent(paths[bestPath]!, amountIn, quoted[bestPath]!.hops[0]);
    if (singlePathSettles(paths, othersTop[bestPath]!, quoted, bestPath, own, best.amountOut, amountIn)) return best;
  }
  const bounds = pathBounds(paths, quoted, amountIn, bestPath, own);
  const pairs = topo.disjoint
    .map(([i, j]) => ({ i, j, bound: relaxationBound([bounds[i]!, bounds[j]!], amountF) }))
    .sort((u, v) => v.bound - u.bound);
  for (const { i, j, bound } of pairs) {
    if (best !== undefined && withinAllowance(bound, best.amountOut, roundingAllowance(Math.max(paths[i]!.tails[0]!, paths[j]!.tails[0]!)))) continue;
    const choice = splitChoice(new PathSide(paths[i]!, amountIn), new PathSide(paths[j]!, amountIn), amountIn);
    if (choice !== undefined && better(choice, best)) best = choice;
  }
  return best;
}
