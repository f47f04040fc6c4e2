import { bestHop } from './best-hop.js';
import type { LegQuote } from './exact-quoter.js';
import type { Tangent } from './concave-model.js';
import { hopModelOf } from './hop-model.js';
import type { HopQuote } from './hop-quote.js';
import { quoterFor, type PoolQuoter } from './pool-quoter.js';
import type { PathShape } from './topology.js';
import type { Pool } from '../venues/pool.js';

/** Float bounds prune only with this relative margin, so float rounding can never drop a winner. */
export const PRUNE_MARGIN = 1 + 1e-12;

/** A path of the topology with its pools' quoters at this moment. */
export interface PricedPath {
  /** Index in Topology.paths. */
  readonly index: number;
  /** The first hop's pools as the topology lists them: paths starting through the same pair share it. */
  readonly firstPair: readonly Pool[];
  readonly hops: readonly (readonly PoolQuoter[])[];
  /**
   * rateUpper of the path from hop k on: Π over hops j ≥ k of the best rateUpper among hop j's pools.
   * A true bound on output per input atom at any size (concave-model.ts), so tails[0] bounds the path.
   */
  readonly tails: readonly number[];
  /** Exact capacity of hop k: the sum of its pools' (a split can fill up to it). */
  hopCap(k: number): bigint;
  /** Is `y` ≤ hopCap(k)? Without the exact capacity when one pool alone takes y. */
  hopCovers(k: number, y: bigint): boolean;
}

class Priced implements PricedPath {
  // A DLMM's exact capacity walks its whole bin table: only computed when a question needs it.
  private readonly caps: (bigint | undefined)[] = [];

  constructor(
    readonly index: number,
    readonly firstPair: readonly Pool[],
    readonly hops: readonly (readonly PoolQuoter[])[],
    readonly tails: readonly number[],
  ) {}

  hopCap(k: number): bigint {
    let cap = this.caps[k];
    if (cap === undefined) {
      cap = 0n;
      for (const q of this.hops[k]!) cap += q.exact.capacity();
      this.caps[k] = cap;
    }
    return cap;
  }

  hopCovers(k: number, y: bigint): boolean {
    const cap = this.caps[k];
    if (cap !== undefined) return y <= cap;
    // One pool's fit is a lower bound of the sum (a DLMM table is only built as far as y).
    for (const q of this.hops[k]!) if (q.exact.fits(y)) return true;
    return y <= this.hopCap(k);
  }
}

// A path object stays the same while its pools do (topology.ts), and its quoters change only with
// a DLMM's fee regime: the last pricing is kept while every pool's quoter is still the same.
const PRICED = new WeakMap<PathShape, { nowSec: number; readonly priced: Priced }>();

function samePricing(p: PricedPath, shape: PathShape, nowSec: number): boolean {
  for (let k = 0; k < shape.hops.length; k++) {
    const hop = shape.hops[k]!;
    const qs = p.hops[k]!;
    for (let i = 0; i < hop.pools.length; i++) if (quoterFor(hop.pools[i]!, hop.mintIn, nowSec) !== qs[i]) return false;
  }
  return true;
}

export function pricePath(shape: PathShape, index: number, nowSec: number): PricedPath {
  const cached = PRICED.get(shape);
  if (cached !== undefined && cached.priced.index === index) {
    if (cached.nowSec === nowSec) return cached.priced;
    if (samePricing(cached.priced, shape, nowSec)) {
      cached.nowSec = nowSec;
      return cached.priced;
    }
  }
  const hops: PoolQuoter[][] = [];
  const rates: number[] = [];
  for (const hop of shape.hops) {
    const qs: PoolQuoter[] = [];
    let rate = 0;
    for (const pool of hop.pools) {
      const q = quoterFor(pool, hop.mintIn, nowSec);
      qs.push(q);
      if (q.model.rateUpper > rate) rate = q.model.rateUpper;
    }
    hops.push(qs);
    rates.push(rate);
  }
  const tails = new Array<number>(rates.length + 1).fill(1);
  for (let k = rates.length - 1; k >= 0; k--) tails[k] = tails[k + 1]! * rates[k]!;
  const priced = new Priced(index, shape.hops[0]!.pools, hops, tails);
  PRICED.set(shape, { nowSec, priced });
  return priced;
}

/** A path as quoted: its hops' exact legs. */
export interface PathQuote {
  readonly index: number;
  readonly hops: readonly HopQuote[];
  readonly amountIn: bigint;
  readonly amountOut: bigint;
}

/**
 * The path's exact quote for `amountIn`: each hop's best split of what the previous hop gave (the
 * best output of a hop is nondecreasing in its input, so maximising hop by hop is optimal for the
 * path). Stops as soon as the path provably cannot beat `floor` (what is left × the rest's rate
 * bound), giving back 'pruned'; undefined when a hop cannot fill its input or pays nothing.
 * `singles` are the first hop's single-pool legs when the caller already has them; `firstHops`, when
 * given, remembers first hops (all for `amountIn`) across the paths of one search.
 */
export function quotePath(
  p: PricedPath,
  amountIn: bigint,
  floor: bigint,
  singles?: readonly (LegQuote | undefined)[],
  firstHops?: Map<readonly Pool[], HopQuote | undefined>,
): PathQuote | undefined | 'pruned' {
  const hops: HopQuote[] = [];
  let x = amountIn;
  const floorF = Number(floor);
  for (let k = 0; k < p.hops.length; k++) {
    if (floor > 0n && Number(x) * p.tails[k]! * PRUNE_MARGIN <= floorF) return 'pruned';
    let hop: HopQuote | undefined;
    if (k === 0 && firstHops !== undefined) {
      // Paths through the same first pair quote the same first hop: once per search.
      if (firstHops.has(p.firstPair)) hop = firstHops.get(p.firstPair);
      else firstHops.set(p.firstPair, (hop = bestHop(p.hops[0]!, x, singles)));
    } else hop = bestHop(p.hops[k]!, x, k === 0 ? singles : undefined);
    if (hop === undefined) return undefined;
    hops.push(hop);
    x = hop.amountOut;
  }
  return { index: p.index, hops, amountIn, amountOut: x };
}

/**
 * The path's exact evaluation for `amountIn` (any amount, no pruning): its hops, and its output (0 for
 * 0, and 0 once a hop pays nothing, the hops after it then missing); undefined when it does not fit.
 */
export function evaluatePath(p: PricedPath, amountIn: bigint): { readonly hops: readonly HopQuote[]; readonly amountOut: bigint } | undefined {
  const hops: HopQuote[] = [];
  let x = amountIn;
  for (let k = 0; k < p.hops.length; k++) {
    if (x <= 0n) return { hops, amountOut: 0n };
    if (!p.hopCovers(k, x)) return undefined;
    const hop = bestHop(p.hops[k]!, x);
    if (hop === undefined) return { hops, amountOut: 0n };
    hops.push(hop);
    x = hop.amountOut;
  }
  return { hops, amountOut: x };
}

/**
 * A tangent bound of one hop's best exact output at input y ≥ 1 (y ≤ the hop's capacity): every
 * input w ≤ y gives at most value − (y − w)·slope. The best single pool's prefix bound when its least
 * marginal still beats every other pool's best rate (as hop-prune.ts argues), else the hop model's
 * dual bound (hop-model.ts).
 */
function hopTangent(qs: readonly PoolQuoter[], y: bigint): Tangent {
  if (qs.length === 1) return qs[0]!.model.boundAt(y);
  let b = -1;
  let bOut = -1n;
  for (let i = 0; i < qs.length; i++) {
    const o = qs[i]!.exact.amountOut(y);
    if (o !== undefined && o > bOut) {
      bOut = o;
      b = i;
    }
  }
  if (b >= 0) {
    const t = qs[b]!.model.boundAt(y);
    let others = 0;
    for (let i = 0; i < qs.length; i++) if (i !== b && qs[i]!.model.rateUpper > others) others = qs[i]!.model.rateUpper;
    if (t.slope >= others) return t;
  }
  return hopModelOf(qs).boundAt(y);
}

/**
 * A tangent bound of the path's best exact output at `amount`: every input y ≤ amount gives at most
 * value − (amount − y)·slope. Composed hop by hop: if hop k's input is at most V − (amount − y)·s
 * ≤ Y = ⌈V⌉, and hop k's tangent at Y is (V_k, s_k), the hop gives at most V_k − (amount − y)·s·s_k
 * (its best output is nondecreasing). A hop that cannot take Y is bounded by its value at capacity,
 * flat. This is what the relaxation bound (relaxation.ts) builds on. `first`, when given, is the
 * path's first hop as quoted for `amount`.
 */
export function pathTangent(p: PricedPath, amount: bigint, first?: HopQuote): Tangent {
  if (p.hops.length === 1 && first?.bound !== undefined && first.amountIn === amount) return first.bound;
  let value = 0;
  let slope = 1;
  let y = amount;
  for (let k = 0; k < p.hops.length; k++) {
    if (y <= 0n) return { value: 0, slope: 0 };
    const over = !p.hopCovers(k, y);
    // The first hop's search may already have bounded it at this very amount.
    const known = k === 0 && first?.amountIn === amount ? first.bound : undefined;
    const t = known ?? hopTangent(p.hops[k]!, over ? p.hopCap(k) : y);
    slope = over ? 0 : slope * t.slope;
    value = t.value;
    y = BigInt(Math.ceil(value));
  }
  return { value, slope };
}
