import { mulShr, SCALE_OFFSET, shlDiv } from '../bigmath.js';
import {
  baseFeeRate,
  feeIncluded,
  feeOnTop,
  protocolFeeOf,
  startReferences,
  totalFeeRate,
  volatilityAt,
  type VolatilityState,
} from './meteora-dlmm-fees.js';
import { binPrice } from './meteora-dlmm-price.js';
import type { DlmmBin, DlmmPool } from './pool.js';

/**
 * The bins one exact-in DLMM swap walks, as an exact table (docs/venue-math.md §3.2;
 * quote.rs quote_exact_in, bin.rs swap). For every bin with liquidity on the output side, in walk
 * order, it holds what the program computes for that bin: price, fee rate (from the volatility
 * accumulator at that bin), the most the bin can absorb with its fee added on top (maxIn), and
 * running totals. A swap of `a` atoms takes every bin whose running maxIn total is below `a` whole
 * and ends in the first bin whose total reaches `a` (the program's `left > maxIn` test), so:
 *   - the exact output, fee and protocol fee of ANY amount are a binary search plus one bin's math;
 *   - the exact capacity of the direction is the last running total (no float estimate);
 *   - swapDlmm and the router's quotes share this one implementation of the walk.
 *
 * Everything in a table depends only on the (immutable) pool, the direction and which fee regime
 * `now` falls in (update_references: within the filter period, within the decay period, after it),
 * so tables are cached per pool object, direction and regime, and extended lazily: a small order
 * only ever computes the first bin or two.
 */
export class DlmmWalk {
  /** Indexes into pool.bins of the walked bins with liquidity, in walk order. */
  readonly binIndex: number[] = [];
  readonly ids: number[] = [];
  /** Q64.64 bin prices. */
  readonly prices: bigint[] = [];
  /** Total fee rate (1e9 units) the program charges in each bin. */
  readonly feeRates: bigint[] = [];
  /** Volatility accumulator at each bin (the pool's va if the swap ends there). */
  readonly vas: number[] = [];
  readonly maxIn: bigint[] = [];
  readonly maxOut: bigint[] = [];
  readonly maxFee: bigint[] = [];
  /** Running totals through bin k inclusive. */
  readonly cumIn: bigint[] = [];
  readonly cumOut: bigint[] = [];
  readonly cumFee: bigint[] = [];
  readonly cumProtocol: bigint[] = [];
  readonly refs: VolatilityState;
  /** True once every bin in the direction is in the table (then the last cumIn is the capacity). */
  complete = false;
  private readonly base: bigint;
  private nextBin: number;
  private readonly step: number;

  constructor(
    readonly pool: DlmmPool,
    readonly swapForY: boolean,
    nowSec: number,
  ) {
    this.refs = startReferences(pool, nowSec);
    this.base = baseFeeRate(pool);
    this.nextBin = startIndex(pool, swapForY);
    this.step = swapForY ? -1 : 1;
  }

  /** Number of bins in the table so far. */
  get length(): number {
    return this.cumIn.length;
  }

  /** Running maxIn total of the table so far (the capacity once `complete`). */
  get builtIn(): bigint {
    const n = this.cumIn.length;
    return n > 0 ? this.cumIn[n - 1]! : 0n;
  }

  /** Adds the next bin with output liquidity; false when there is none. */
  private extend(): boolean {
    const { pool, swapForY } = this;
    const bins = pool.bins;
    for (let i = this.nextBin; i >= 0 && i < bins.length; i += this.step) {
      const bin = bins[i] as DlmmBin;
      const maxOut = swapForY ? bin.amountY : bin.amountX;
      if (maxOut <= 0n) continue;
      this.nextBin = i + this.step;
      // The program updates va before every bin with liquidity; only those charge a fee.
      const va = volatilityAt(pool, this.refs, bin.id);
      const rate = totalFeeRate(pool, va, this.base);
      const price = binPrice(bin.id, pool.binStep);
      // bin.rs swap: the most this bin can absorb, fee added on top (Rounding::Up).
      const maxInNoFee = swapForY ? shlDiv(maxOut, price, SCALE_OFFSET, 'up') : mulShr(maxOut, price, SCALE_OFFSET, 'up');
      const fee = feeOnTop(maxInNoFee, rate);
      const maxIn = maxInNoFee + fee;
      const n = this.cumIn.length;
      this.binIndex.push(i);
      this.ids.push(bin.id);
      this.prices.push(price);
      this.feeRates.push(rate);
      this.vas.push(va);
      this.maxIn.push(maxIn);
      this.maxOut.push(maxOut);
      this.maxFee.push(fee);
      this.cumIn.push(n > 0 ? this.cumIn[n - 1]! + maxIn : maxIn);
      this.cumOut.push(n > 0 ? this.cumOut[n - 1]! + maxOut : maxOut);
      this.cumFee.push(n > 0 ? this.cumFee[n - 1]! + fee : fee);
      const protocol = protocolFeeOf(fee, pool.protocolShare);
      this.cumProtocol.push(n > 0 ? this.cumProtocol[n - 1]! + protocol : protocol);
      return true;
    }
    this.nextBin = -1;
    this.complete = true;
    return false;
  }

  /** Builds the table far enough to cover `amountIn`; true when the bins can absorb it. */
  covers(amountIn: bigint): boolean {
    while (this.builtIn < amountIn) if (!this.extend()) return false;
    return true;
  }

  /**
   * Builds the table to at least `n` bins (fewer when the direction has fewer); returns its length,
   * which may exceed `n` when earlier callers built further.
   */
  extendTo(n: number): number {
    while (this.cumIn.length < n) if (!this.extend()) break;
    return this.cumIn.length;
  }

  /** Builds the whole table and returns the exact capacity: the largest input the bins absorb. */
  capacity(): bigint {
    while (!this.complete) this.extend();
    return this.builtIn;
  }

  /** Index of the bin a swap of `amountIn` (≥ 1, covered) ends in: the first with cumIn ≥ amountIn. */
  endBin(amountIn: bigint): number {
    const cum = this.cumIn;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! >= amountIn) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * What the last bin `k` does with the `left` atoms that reach it (left ≤ maxIn[k]): fee
   * ceil(left·f/1e9) included in the amount, the rest converted at the bin price, rounded down and
   * capped at the bin's reserve (bin.rs swap, the partial branch).
   */
  partial(k: number, left: bigint): { out: bigint; fee: bigint } {
    const rate = this.feeRates[k]!;
    const price = this.prices[k]!;
    const fee = feeIncluded(left, rate);
    const net = left - fee;
    let out = this.swapForY ? mulShr(price, net, SCALE_OFFSET, 'down') : shlDiv(net, price, SCALE_OFFSET, 'down');
    const cap = this.maxOut[k]!;
    if (out > cap) out = cap;
    return { out, fee };
  }

  /** Exact amountOut of a swap of `amountIn` (≥ 1); undefined when the bins cannot absorb it. */
  amountOut(amountIn: bigint): bigint | undefined {
    return this.quote(amountIn)?.amountOut;
  }

  // The router asks for the same amount more than once (compare outputs, then build the leg).
  private lastIn = -1n;
  private lastQuote: WalkQuote | undefined;

  /** Exact amountOut, fee and protocol fee of `amountIn` (≥ 1); undefined when it does not fit. */
  quote(amountIn: bigint): WalkQuote | undefined {
    if (amountIn === this.lastIn) return this.lastQuote;
    const q = this.compute(amountIn);
    this.lastIn = amountIn;
    this.lastQuote = q;
    return q;
  }

  private compute(amountIn: bigint): WalkQuote | undefined {
    if (!this.covers(amountIn)) return undefined;
    const k = this.endBin(amountIn);
    const before = k > 0 ? this.cumIn[k - 1]! : 0n;
    const left = amountIn - before;
    const { out, fee } = this.partial(k, left);
    const protocol = protocolFeeOf(fee, this.pool.protocolShare);
    if (k === 0) return { amountOut: out, fee, protocolFee: protocol, end: 0, left };
    return {
      amountOut: this.cumOut[k - 1]! + out,
      fee: this.cumFee[k - 1]! + fee,
      protocolFee: this.cumProtocol[k - 1]! + protocol,
      end: k,
      left,
    };
  }
}

/** What a swap of some amount does, from the walk table. */
export interface WalkQuote {
  readonly amountOut: bigint;
  readonly fee: bigint;
  readonly protocolFee: bigint;
  /** Walk bin the swap ends in, and the atoms that reach it. */
  readonly end: number;
  readonly left: bigint;
}

/** Index of the first bin with id ≥ `id` (bins are sorted ascending). */
export function lowerBound(bins: readonly DlmmBin[], id: number): number {
  let lo = 0;
  let hi = bins.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bins[mid] as DlmmBin).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the bin a walk starts from: the active bin, else the next one in the walk's direction. */
export function startIndex(pool: DlmmPool, swapForY: boolean): number {
  const i = lowerBound(pool.bins, pool.activeId);
  if (!swapForY) return i;
  return pool.bins[i]?.id === pool.activeId ? i : i - 1;
}

/**
 * Which update_references branch `nowSec` falls in (docs/venue-math.md §3.3, the references at swap start): 0 within
 * the filter period (references kept), 1 within the decay period, 2 after it. The fees of every bin
 * depend on the time only through this.
 */
export function feeRegime(pool: DlmmPool, nowSec: number): 0 | 1 | 2 {
  const elapsed = nowSec - pool.lastUpdateTimestamp;
  return elapsed < pool.filterPeriod ? 0 : elapsed < pool.decayPeriod ? 1 : 2;
}

const WALKS = new WeakMap<DlmmPool, (DlmmWalk | undefined)[]>();

/** The (cached, lazily built) walk table of `pool` in one direction at `nowSec`'s fee regime. */
export function dlmmWalk(pool: DlmmPool, swapForY: boolean, nowSec: number): DlmmWalk {
  let slots = WALKS.get(pool);
  if (slots === undefined) {
    slots = [undefined, undefined, undefined, undefined, undefined, undefined];
    WALKS.set(pool, slots);
  }
  const slot = feeRegime(pool, nowSec) * 2 + (swapForY ? 1 : 0);
  let walk = slots[slot];
  if (walk === undefined) {
    walk = new DlmmWalk(pool, swapForY, nowSec);
    slots[slot] = walk;
  }
  return walk;
}
