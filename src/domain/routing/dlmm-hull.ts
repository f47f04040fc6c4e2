import { ONE_Q64 } from '../bigmath.js';
import { FEE_PRECISION } from '../venues/meteora-dlmm-fees.js';
import type { DlmmWalk } from '../venues/meteora-dlmm-walk.js';

/**
 * The concave float model of a DLMM walk (guidance only; see concave-model.ts).
 *
 * Bin k of the walk pays, for x' atoms into it, min(maxOut_k, floor(P·(x' − ceil(x'·f)))) ≤
 * min(maxOut_k, ρ_k·x') with ρ_k = P·(1 − f): a line of slope ρ_k from the bin's start up to its
 * reserve, then flat to the bin's end. The piecewise-linear function through those breakpoints is an
 * upper bound on the exact output that is tight to an atom, and its upper concave hull is a concave
 * upper bound (the flats, ~2 atoms wide, are bridged). No slack term is needed.
 *
 * When rates do not fall bin by bin (a high binStep walking back toward indexReference inside the
 * filter period lowers the variable fee faster than the price worsens) the hull is still an upper
 * bound, merely not tight.
 */

/** What a hull vertex is, in the walk's terms. */
export type HullVertex =
  | { readonly kind: 'origin' }
  /** The end (cumIn) of walk bin `bin`: an exact atom amount. */
  | { readonly kind: 'binEnd'; readonly bin: number }
  /** Where walk bin `bin`'s rate line meets the bin's reserve (a float, ~2 atoms before its end). */
  | { readonly kind: 'reserveReached'; readonly bin: number };

type VertexKind = HullVertex['kind'];
/** A chain's vertex: a hull vertex, or the amount a prefix bound stops at. */
type ChainKind = VertexKind | 'stop';

/** Vertices of a piecewise-linear concave model: it is linear between xs[j] and xs[j+1]. */
export interface ModelHull {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** slopes[j] = slope from vertex j to j + 1, non-increasing. */
  readonly slopes: Float64Array;
  /** What vertex j is. */
  vertex(j: number): HullVertex;
  /** Vertex j in exact atoms (the origin, or a bin's end). */
  exactAt(j: number): bigint;
}

class Hull implements ModelHull {
  constructor(
    readonly xs: Float64Array,
    readonly ys: Float64Array,
    private readonly kinds: readonly VertexKind[],
    private readonly bins: Int32Array,
    readonly slopes: Float64Array,
    private readonly walk: DlmmWalk,
  ) {}

  vertex(j: number): HullVertex {
    const kind = this.kinds[j]!;
    return kind === 'origin' ? { kind } : { kind, bin: this.bins[j]! };
  }

  /**
   * A reserve-reached vertex lies within ~2 atoms before its bin's end (maxIn is the program's
   * up-rounded input for the bin's whole reserve), so the bin's end is where the exact output takes
   * the whole reserve: the exact kink, for both kinds of bin vertex.
   */
  exactAt(j: number): bigint {
    return this.kinds[j] === 'origin' ? 0n : this.walk.cumIn[this.bins[j]!]!;
  }
}

const Q64_F = Number(ONE_Q64);
const FEE_PRECISION_F = Number(FEE_PRECISION);

/** ρ_k = P·(1 − f) of walk bin k: output atoms per input atom before rounding. */
export function binRate(walk: DlmmWalk, k: number, sellX: boolean): number {
  const price = Number(walk.prices[k]!) / Q64_F;
  const keep = 1 - Number(walk.feeRates[k]!) / FEE_PRECISION_F;
  return (sellX ? price : 1 / price) * keep;
}

/**
 * Monotone-chain upper hull of points pushed in increasing x (starts at the origin). With `tagged`,
 * it also records what each vertex is (the whole hull needs that; a prefix bound only its values).
 */
class HullChain {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly kinds: ChainKind[] | undefined;
  readonly bins: Int32Array | undefined;
  size = 1;

  constructor(capacity: number, tagged: boolean) {
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    if (tagged) {
      this.kinds = new Array<ChainKind>(capacity);
      this.kinds[0] = 'origin';
      this.bins = new Int32Array(capacity);
    }
  }

  /**
   * Whole bin k of the walk, entered at input x0 with rate rho: its rate line up to the reserve
   * (a vertex where the line reaches it, when that is before the bin's end), then the bin's end.
   * Gives back the bin's end (the next bin's x0).
   */
  pushBin(walk: DlmmWalk, k: number, x0: number, rho: number): number {
    const x1 = Number(walk.cumIn[k]!);
    const y1 = Number(walk.cumOut[k]!);
    const reach = x0 + Number(walk.maxOut[k]!) / rho;
    if (reach < x1) this.push(reach, y1, 'reserveReached', k);
    this.push(x1, y1, 'binEnd', k);
    return x1;
  }

  push(x: number, y: number, kind: ChainKind, bin: number): void {
    const xs = this.xs;
    const ys = this.ys;
    // Drop the last vertex while it lies on or below the chord to the new point.
    while (this.size >= 2) {
      const m = this.size;
      if ((ys[m - 1]! - ys[m - 2]!) * (x - xs[m - 2]!) <= (y - ys[m - 2]!) * (xs[m - 1]! - xs[m - 2]!)) this.size--;
      else break;
    }
    const last = this.size - 1;
    if (x > xs[last]!) {
      xs[this.size] = x;
      ys[this.size] = y;
      if (this.kinds !== undefined) {
        this.kinds[this.size] = kind;
        this.bins![this.size] = bin;
      }
      this.size++;
    } else if (y > ys[last]!) {
      ys[last] = y;
      if (this.kinds !== undefined) {
        this.kinds[last] = kind;
        this.bins![last] = bin;
      }
    }
  }

  /** Slope of the last segment (0 when there is none). */
  lastSlope(): number {
    const m = this.size;
    return m >= 2 ? (this.ys[m - 1]! - this.ys[m - 2]!) / (this.xs[m - 1]! - this.xs[m - 2]!) : 0;
  }
}

/** The upper concave hull of the whole walk's per-bin bound. */
export function buildHull(walk: DlmmWalk, sellX: boolean): ModelHull {
  const n = walk.capacity() > 0n ? walk.length : 0;
  const chain = new HullChain(2 * n + 1, true);
  let x0 = 0;
  for (let k = 0; k < n; k++) x0 = chain.pushBin(walk, k, x0, binRate(walk, k, sellX));
  const m = chain.size;
  const slopes = new Float64Array(Math.max(0, m - 1));
  for (let j = 0; j + 1 < m; j++) slopes[j] = (chain.ys[j + 1]! - chain.ys[j]!) / (chain.xs[j + 1]! - chain.xs[j]!);
  // Only whole bins were pushed: no 'stop' vertex.
  return new Hull(chain.xs.slice(0, m), chain.ys.slice(0, m), chain.kinds!.slice(0, m) as VertexKind[], chain.bins!.slice(0, m), slopes, walk);
}

/**
 * The upper hull of the per-bin bound over [0, a] only (0 < a ≤ capacity): the bins before the one
 * `a` ends in, then that bin's rate line up to a. The hull of a function on [0, a] bounds it there
 * and is concave; its last segment's slope is the least marginal it allows over [0, a]. Only the
 * bins the order reaches are looked at.
 */
export function prefixBound(walk: DlmmWalk, sellX: boolean, a: bigint): { value: number; slope: number } {
  const end = walk.endBin(a);
  const x = Number(a);
  if (end === 0) {
    // Within the first bin: its rate line, flat once the bin's reserve is reached.
    const rho = binRate(walk, 0, sellX);
    const top = Number(walk.maxOut[0]!);
    return rho * x <= top ? { value: rho * x, slope: rho } : { value: top, slope: 0 };
  }
  const chain = new HullChain(2 * end + 3, false);
  let x0 = 0;
  for (let k = 0; k < end; k++) x0 = chain.pushBin(walk, k, x0, binRate(walk, k, sellX));
  const rho = binRate(walk, end, sellX);
  const y0 = Number(walk.cumOut[end - 1]!);
  const top = y0 + Number(walk.maxOut[end]!);
  const reach = x0 + Number(walk.maxOut[end]!) / rho;
  if (reach < x) chain.push(reach, top, 'reserveReached', end);
  chain.push(x, Math.min(top, y0 + rho * (x - x0)), 'stop', end);
  return { value: chain.ys[chain.size - 1]!, slope: chain.lastSlope() };
}
