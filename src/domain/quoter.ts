import { ONE_Q64 } from './bigmath.js';
import { baseFeeRate, FEE_PRECISION, MAX_FEE_RATE } from './venues/meteora-dlmm-fees.js';
import { dlmmWalk, feeRegime, type DlmmWalk } from './venues/meteora-dlmm-walk.js';
import type { CpmmPool, DlmmPool, Pool, SwapResult, VenueId } from './venues/pool.js';
import { CPMM_FEE_DENOMINATOR, cpmmAmountOut, cpmmMaxIn } from './venues/raydium-cpmm.js';
import { priceImpactPpmWith, spotPrice } from './venues/venue.js';
import type { Ratio } from './venues/pool.js';

/**
 * What the router knows about one pool in one direction, in two layers:
 *
 * EXACT (bigint, decides everything that is returned): whether an amount fits (`fits`, exact
 * capacity: a DLMM's bins, a CPMM's u64 vault room), its amountOut, and a whole leg (out, fee,
 * price impact) equal to what `swapExactIn` reports for the same pool and amount. The CPMM formula
 * and the DLMM walk table are the very code the venues swap with (raydium-cpmm.ts cpmmAmountOut,
 * meteora-dlmm-walk.ts), so a quote and a swap cannot disagree; no new pool is built for a quote.
 *
 * MODEL (float, guides the search only): a concave function M(a) of the input with
 *   exactOut(a) ≤ M(a) + above   for every a,
 * so a float search can place a split, and a float bound can tell when an exact candidate is
 * provably within a tolerance of the best possible (split.ts). CPMM: M(a) = h(a·g), h the
 * constant-product curve, g = 1 − fee (exact out is floor(h(a − ceil(a·fee))) ≤ M). DLMM: the
 * upper concave hull of a per-bin bound tight to an atom (see buildHull). Both are upper bounds
 * outright, so `above` is 0 for both venues; it stays in the interface for a model that needs slack.
 * When rates do not fall bin by bin (a high binStep walking back toward indexReference inside the
 * filter period lowers the variable fee faster than the price worsens) the hull is still an upper
 * bound, merely not tight.
 *
 * `rateUpper` is a true bound on the marginal rate at ANY amount: the best price a walk meets (its
 * first bin for a DLMM, the spot for a CPMM) net of the least fee the pool can charge (DLMM: the
 * base fee, i.e. zero variable fee; capped total ≥ min(base, cap)). Pruning multiplies these.
 */
export type LegQuote = Omit<SwapResult, 'protocolFee' | 'pool'>;

export interface PoolQuoter {
  readonly pool: Pool;
  readonly mintIn: string;
  readonly mintOut: string;
  /** Sup of the marginal rate at any amount (atoms out per atom in, fee included). */
  readonly rateUpper: number;
  /** Exact: does the pool accept `amountIn` atoms in this direction? */
  fits(amountIn: bigint): boolean;
  /** Exact largest accepted input. */
  capacity(): bigint;
  /** Exact amountOut of `amountIn` (0 for 0); undefined when it does not fit. */
  amountOut(amountIn: bigint): bigint | undefined;
  /** The exact leg for `amountIn` (≥ 1); undefined when it does not fit. */
  leg(amountIn: bigint): LegQuote | undefined;
  // ---- float model (guidance only) ----
  /** exactOut(a) ≤ model(a) + above. */
  readonly above: number;
  /** Float capacity (Number(capacity())), for the search. */
  capacityF(): number;
  /** M(a). */
  model(a: number): number;
  /** M's left derivative at a: the least model marginal over [0, a]. */
  slopeBelow(a: number): number;
  /** Largest input at which M's marginal is still ≥ λ (capped at capacity). */
  inputAtRate(lambda: number): number;
  /** inputAtRate(λ) as exact atoms when it is a kink of M (a DLMM bin end, the capacity). */
  exactInputAtRate(lambda: number): bigint | undefined;
  /** A piecewise-linear model's vertices (DLMM); undefined for a smooth one (CPMM). */
  hull(): ModelHull | undefined;
  /**
   * A concave upper bound B of the exact output on [0, a] (a ≤ capacity): B(a) and its left slope
   * at a (so B(a − δ) ≤ B(a) − δ·slope). Unlike model(), only the part of the pool the order
   * reaches is looked at: a DLMM's bins up to the one `a` ends in.
   */
  boundAt(a: bigint): { readonly value: number; readonly slope: number };
}

/** Vertices of a piecewise-linear concave model: M is linear between xs[j] and xs[j+1]. */
export interface ModelHull {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** slopes[j] = slope from vertex j to j + 1, non-increasing. */
  readonly slopes: Float64Array;
  /** Vertex j in exact atoms (a bin end, the origin). */
  exactAt(j: number): bigint;
}

/** The spot's inverse in the trade's direction, as venue.ts priceImpactPpmWith takes it. */
function inverseSpot(spot: Ratio, sellX: boolean): number {
  return sellX ? Number(spot.den) / Number(spot.num) : Number(spot.num) / Number(spot.den);
}

class CpmmQuoter implements PoolQuoter {
  readonly mintIn: string;
  readonly mintOut: string;
  readonly rateUpper: number;
  readonly above: number;
  private readonly cap: bigint;
  private readonly capF: number;
  private readonly spot: Ratio;
  private readonly spotInverse: number;
  private readonly ri: number;
  private readonly ro: number;
  private readonly g: number;
  private readonly k: number;

  constructor(
    readonly pool: CpmmPool,
    private readonly sellX: boolean,
  ) {
    this.mintIn = sellX ? pool.mintX : pool.mintY;
    this.mintOut = sellX ? pool.mintY : pool.mintX;
    this.cap = cpmmMaxIn(pool, sellX);
    this.capF = Number(this.cap);
    this.spot = spotPrice(pool);
    this.spotInverse = inverseSpot(this.spot, sellX);
    const ri = Number(sellX ? pool.reserveX : pool.reserveY);
    const ro = Number(sellX ? pool.reserveY : pool.reserveX);
    this.ri = ri;
    this.ro = ro;
    this.g = 1 - Number(pool.tradeFeeRate) / Number(CPMM_FEE_DENOMINATOR);
    this.k = this.g * ri * ro;
    this.rateUpper = ri > 0 ? (this.g * ro) / ri : 0;
    // M is an upper bound by construction (net ≤ a·g, h increasing, floor); split.ts adds the
    // float rounding allowance.
    this.above = 0;
  }

  fits(amountIn: bigint): boolean {
    return amountIn <= this.cap;
  }

  capacity(): bigint {
    return this.cap;
  }

  capacityF(): number {
    return this.capF;
  }

  amountOut(amountIn: bigint): bigint | undefined {
    if (amountIn > this.cap) return undefined;
    if (amountIn <= 0n) return 0n;
    return cpmmAmountOut(this.pool, this.sellX, amountIn).amountOut;
  }

  leg(amountIn: bigint): LegQuote | undefined {
    if (amountIn > this.cap || amountIn <= 0n) return undefined;
    const { fee, amountOut } = cpmmAmountOut(this.pool, this.sellX, amountIn);
    const pool = this.pool;
    return {
      poolId: pool.id,
      venue: pool.venue,
      mintIn: this.mintIn,
      mintOut: this.mintOut,
      amountIn,
      amountOut,
      fee,
      priceImpactPpm: priceImpactPpmWith(this.spot, this.spotInverse, this.sellX, amountIn, fee, amountOut),
    };
  }

  model(a: number): number {
    if (a <= 0) return 0;
    const n = a * this.g;
    return (n * this.ro) / (this.ri + n);
  }

  slopeBelow(a: number): number {
    const d = this.ri + this.g * (a > 0 ? a : 0);
    return d > 0 ? this.k / (d * d) : 0;
  }

  inputAtRate(lambda: number): number {
    if (lambda <= 0) return this.capF;
    if (lambda >= this.rateUpper) return 0;
    const a = (Math.sqrt(this.k / lambda) - this.ri) / this.g;
    return a <= 0 ? 0 : a < this.capF ? a : this.capF;
  }

  exactInputAtRate(lambda: number): bigint | undefined {
    if (lambda >= this.rateUpper) return 0n;
    return this.inputAtRate(lambda) >= this.capF ? this.cap : undefined;
  }

  hull(): undefined {
    return undefined;
  }

  boundAt(a: bigint): { value: number; slope: number } {
    const x = Number(a);
    return { value: this.model(x), slope: this.slopeBelow(x) };
  }
}

/** The upper concave hull of a DLMM walk's exact output bound, as float segments. */
class Hull implements ModelHull {
  constructor(
    readonly xs: Float64Array,
    readonly ys: Float64Array,
    /**
     * What each vertex is in exact atoms: ≥ 0, the walk bin whose end (cumIn) it is; −1 the origin;
     * ≤ −2, the point where the rate line of walk bin −(v + 2) meets that bin's reserve (a float).
     */
    readonly kind: Int32Array,
    readonly slopes: Float64Array,
    private readonly walk: DlmmWalk,
  ) {}

  /**
   * Vertex j in exact atoms: the origin, or the end (cumIn) of the bin the vertex belongs to. A
   * rate-line vertex lies within ~2 atoms before its bin's end (maxIn is the program's up-rounded
   * input for the bin's whole reserve), so the bin end is where the exact output takes the whole
   * reserve: the exact kink.
   */
  exactAt(j: number): bigint {
    const k = this.kind[j]!;
    return k === -1 ? 0n : this.walk.cumIn[k >= 0 ? k : -2 - k]!;
  }
}

/**
 * Bin k of the walk pays, for x' atoms into it, min(maxOut_k, floor(P·(x' − ceil(x'·f)))) ≤
 * min(maxOut_k, ρ_k·x') with ρ_k = P·(1 − f): a line of slope ρ_k from the bin's start up to its
 * reserve, then flat to the bin's end. The piecewise-linear function through those breakpoints is
 * an upper bound on the exact output that is tight to an atom, and its upper concave hull is a
 * concave upper bound (the flats, ~2 atoms wide, are bridged). No slack term is needed.
 */
function buildHull(walk: DlmmWalk, sellX: boolean): Hull {
  const n = walk.capacity() > 0n ? walk.length : 0;
  const chain = new HullChain(2 * n + 1);
  let x0 = 0;
  for (let k = 0; k < n; k++) x0 = chain.pushBin(walk, k, x0, binRate(walk, k, sellX));
  const m = chain.size;
  const slopes = new Float64Array(Math.max(0, m - 1));
  for (let j = 0; j + 1 < m; j++) slopes[j] = (chain.ys[j + 1]! - chain.ys[j]!) / (chain.xs[j + 1]! - chain.xs[j]!);
  return new Hull(chain.xs.slice(0, m), chain.ys.slice(0, m), chain.kind.slice(0, m), slopes, walk);
}

/** ρ_k = P·(1 − f) of walk bin k: output atoms per input atom before rounding. */
function binRate(walk: DlmmWalk, k: number, sellX: boolean): number {
  const price = Number(walk.prices[k]!) / Q64_F;
  const keep = 1 - Number(walk.feeRates[k]!) / FEE_PRECISION_F;
  return (sellX ? price : 1 / price) * keep;
}

const Q64_F = Number(ONE_Q64);
const FEE_PRECISION_F = Number(FEE_PRECISION);

/** Monotone-chain upper hull of points pushed in increasing x (starts at the origin). */
class HullChain {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly kind: Int32Array;
  size = 1;

  constructor(capacity: number) {
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.kind[0] = -1;
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
    if (reach < x1) this.push(reach, y1, -2 - k);
    this.push(x1, y1, k);
    return x1;
  }

  push(x: number, y: number, kind: number): void {
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
      this.kind[this.size] = kind;
      this.size++;
    } else if (y > ys[last]!) {
      ys[last] = y;
      this.kind[last] = kind;
    }
  }
}

class DlmmQuoter implements PoolQuoter {
  readonly mintIn: string;
  readonly mintOut: string;
  readonly rateUpper: number;
  readonly above: number;
  private hullCache: Hull | undefined;
  private readonly spot: Ratio;
  private readonly spotInverse: number;

  constructor(
    readonly pool: DlmmPool,
    private readonly sellX: boolean,
    private readonly walk: DlmmWalk,
  ) {
    this.mintIn = sellX ? pool.mintX : pool.mintY;
    this.mintOut = sellX ? pool.mintY : pool.mintX;
    // Best price the walk can meet: its first bin with liquidity (prices only worsen along it), at
    // the lowest fee the pool can charge there: base fee only (a capped total is ≥ min(base, cap)).
    let rate = 0;
    if (walk.covers(1n) && walk.length > 0) {
      const price = Number(walk.prices[0]!) / Number(ONE_Q64);
      const base = baseFeeRate(pool);
      const least = Number(base < MAX_FEE_RATE ? base : MAX_FEE_RATE) / Number(FEE_PRECISION);
      rate = (sellX ? price : 1 / price) * (1 - least);
    }
    this.rateUpper = rate;
    this.above = 0;
    this.spot = spotPrice(pool);
    this.spotInverse = inverseSpot(this.spot, sellX);
  }

  fits(amountIn: bigint): boolean {
    return this.walk.covers(amountIn);
  }

  capacity(): bigint {
    return this.walk.capacity();
  }

  capacityF(): number {
    return Number(this.walk.capacity());
  }

  amountOut(amountIn: bigint): bigint | undefined {
    if (amountIn <= 0n) return 0n;
    return this.walk.amountOut(amountIn);
  }

  leg(amountIn: bigint): LegQuote | undefined {
    if (amountIn <= 0n) return undefined;
    const q = this.walk.quote(amountIn);
    if (q === undefined) return undefined;
    const pool = this.pool;
    return {
      poolId: pool.id,
      venue: pool.venue,
      mintIn: this.mintIn,
      mintOut: this.mintOut,
      amountIn,
      amountOut: q.amountOut,
      fee: q.fee,
      priceImpactPpm: priceImpactPpmWith(this.spot, this.spotInverse, this.sellX, amountIn, q.fee, q.amountOut),
    };
  }

  hull(): Hull {
    return (this.hullCache ??= buildHull(this.walk, this.sellX));
  }

  /**
   * The upper hull of the per-bin bound (see buildHull) over [0, a] only: the bins before the one
   * `a` ends in, then that bin's rate line up to a. The hull of a function on [0, a] bounds it
   * there and is concave; its last segment's slope is the least marginal it allows over [0, a].
   */
  boundAt(a: bigint): { value: number; slope: number } {
    if (this.hullCache !== undefined || !this.walk.covers(a) || a <= 0n) {
      const x = Number(a);
      return { value: this.model(x), slope: this.slopeBelow(x) };
    }
    const walk = this.walk;
    const end = walk.endBin(a);
    if (end === 0) {
      // Within the first bin: its rate line, flat once the bin's reserve is reached.
      const rho = binRate(walk, 0, this.sellX);
      const x = Number(a);
      const top = Number(walk.maxOut[0]!);
      return rho * x <= top ? { value: rho * x, slope: rho } : { value: top, slope: 0 };
    }
    const chain = new HullChain(2 * end + 3);
    let x0 = 0;
    for (let k = 0; k <= end; k++) {
      const rho = binRate(walk, k, this.sellX);
      if (k === end) {
        const x = Number(a);
        const y0 = k > 0 ? Number(walk.cumOut[k - 1]!) : 0;
        const reach = x0 + Number(walk.maxOut[k]!) / rho;
        if (reach < x) chain.push(reach, y0 + Number(walk.maxOut[k]!), -2 - k);
        chain.push(x, Math.min(y0 + Number(walk.maxOut[k]!), y0 + rho * (x - x0)), k);
        break;
      }
      x0 = chain.pushBin(walk, k, x0, rho);
    }
    const m = chain.size;
    const value = chain.ys[m - 1]!;
    const slope = m >= 2 ? (chain.ys[m - 1]! - chain.ys[m - 2]!) / (chain.xs[m - 1]! - chain.xs[m - 2]!) : 0;
    return { value, slope };
  }

  /** Index of the hull segment containing x (x in (xs[j], xs[j+1]]), clamped to the segments. */
  private segment(h: Hull, x: number): number {
    const xs = h.xs;
    let lo = 0;
    let hi = xs.length - 2;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[mid + 1]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  model(a: number): number {
    const h = this.hull();
    const last = h.xs.length - 1;
    if (a <= 0 || last === 0) return 0;
    if (a >= h.xs[last]!) return h.ys[last]!;
    const j = this.segment(h, a);
    return h.ys[j]! + h.slopes[j]! * (a - h.xs[j]!);
  }

  slopeBelow(a: number): number {
    const h = this.hull();
    const last = h.xs.length - 1;
    if (last === 0 || a > h.xs[last]!) return 0;
    return h.slopes[this.segment(h, a)]!;
  }

  /** Number of leading hull segments whose slope is ≥ λ (slopes are non-increasing). */
  private steep(lambda: number): number {
    const s = this.hull().slopes;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid]! >= lambda) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  inputAtRate(lambda: number): number {
    return this.hull().xs[this.steep(lambda)]!;
  }

  exactInputAtRate(lambda: number): bigint {
    return this.hull().exactAt(this.steep(lambda));
  }
}

const QUOTERS = new WeakMap<Pool, (PoolQuoter | undefined)[]>();

/**
 * The quoter of `pool` for input `mintIn` at `nowSec`, cached per immutable pool state, direction
 * and (DLMM) fee regime. `mintIn` must be one of the pool's mints.
 */
export function quoterFor(pool: Pool, mintIn: string, nowSec: number): PoolQuoter {
  const sellX = mintIn === pool.mintX;
  let slots = QUOTERS.get(pool);
  if (slots === undefined) {
    slots = [];
    QUOTERS.set(pool, slots);
  }
  if (pool.kind === 'CPMM') {
    const slot = sellX ? 1 : 0;
    return (slots[slot] ??= new CpmmQuoter(pool, sellX));
  }
  const slot = feeRegime(pool, nowSec) * 2 + (sellX ? 1 : 0);
  return (slots[slot] ??= new DlmmQuoter(pool, sellX, dlmmWalk(pool, sellX, nowSec)));
}
