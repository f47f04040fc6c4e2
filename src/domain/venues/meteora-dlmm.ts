import { DomainError } from '../errors.js';
import { protocolFeeOf } from './meteora-dlmm-fees.js';
import { binPrice } from './meteora-dlmm-price.js';
import { dlmmWalk } from './meteora-dlmm-walk.js';
import type { DlmmBin, DlmmPool } from './pool.js';

// The price helpers live in their own file to keep this one small; they are part of this venue's
// API, so they are re-exported here for callers that think of them as "DLMM" functions.
export { binIdFromAtomRatio, binIdFromPrice, binPrice } from './meteora-dlmm-price.js';

/**
 * Meteora DLMM exact-in swap walk (docs/venue-math.md §3.2; quote.rs quote_exact_in, bin.rs swap).
 *
 * One deliberate difference from the program: the LP part of each bin's fee is added to that bin
 * (it compounds, as on the CPMM) instead of being held in per-position fee accounts, because the
 * shared DlmmPool shape has no LP-fee ledger and SwapResult defines only protocol fees as leaving
 * the pricing reserves. Amounts out are unaffected; later swaps see slightly deeper bins.
 */

/** PairInsufficientLiquidity (docs/venue-math.md §3.2; MeteoraAg/docs dlmm/program/errors.mdx). */
export const DLMM_INSUFFICIENT_LIQUIDITY = 6012;

export type DlmmShape = 'spot' | 'curve';

export interface DlmmPoolParams {
  readonly id: string;
  readonly mintX: string;
  readonly mintY: string;
  /** Basis points between adjacent bins (1..400 on mainnet, docs/venue-math.md §3.1). */
  readonly binStep: number;
  /** The active bin; use binIdFromPrice to get it from a UI price. */
  readonly activeId: number;
  /** Total X atoms, spread over the active bin and the `binsPerSide` bins above it. */
  readonly amountX: bigint;
  /** Total Y atoms, spread over the active bin and the `binsPerSide` bins below it. */
  readonly amountY: bigint;
  readonly binsPerSide: number;
  /** 'spot' is uniform; 'curve' concentrates liquidity around the active bin. Default 'spot'. */
  readonly shape?: DlmmShape;
  /** Default 10000, so the base fee equals binStep bps (docs/venue-math.md §3.3). */
  readonly baseFactor?: number;
  readonly basePowerFactor?: number;
  // Defaults for the rest: the SDK test values in docs/venue-math.md §3.3 (ts-client rebalance.test.ts).
  readonly filterPeriod?: number;
  readonly decayPeriod?: number;
  readonly reductionFactor?: number;
  readonly variableFeeControl?: number;
  readonly maxVolatilityAccumulator?: number;
  /** Bps of the fee; default 1000 (10%, standard pools, docs/venue-math.md §3.3). Max 2500. */
  readonly protocolShare?: number;
  /** Unix seconds recorded as the last update (default 0: the first swap starts fresh). */
  readonly nowSec?: number;
}

/**
 * Integer weights for offsets 0..n from the active bin. The active bin holds both sides, so it gets
 * half a bin's weight on each side. 'curve' decays quadratically away from the active bin.
 */
function weights(n: number, shape: DlmmShape): bigint[] {
  const w: bigint[] = [];
  for (let k = 0; k <= n; k++) {
    const full = shape === 'spot' ? 1n : BigInt((n + 1 - k) * (n + 1 - k));
    w.push(k === 0 ? full : 2n * full);
  }
  return w;
}

/** Splits `total` by weight exactly: floors per bin, the remainder goes to the active bin (index 0). */
function spread(total: bigint, w: readonly bigint[]): bigint[] {
  const sum = w.reduce((a, b) => a + b, 0n);
  const parts = w.map((wk) => (total * wk) / sum);
  const rest = total - parts.reduce((a, b) => a + b, 0n);
  parts[0] = (parts[0] ?? 0n) + rest;
  return parts;
}

/**
 * Builds a DLMM pool from a UI-style liquidity spec: X in the active bin and above, Y in the
 * active bin and below, totals preserved to the atom.
 * @throws DomainError INVALID_MARKET for impossible parameters.
 */
export function createDlmmPool(params: DlmmPoolParams): DlmmPool {
  const { binStep, activeId, binsPerSide, amountX, amountY } = params;
  const invalid = (why: string): DomainError => new DomainError('INVALID_MARKET', why, { poolId: params.id });
  if (!Number.isInteger(binStep) || binStep < 1 || binStep > 400) throw invalid('binStep must be in 1..400');
  if (!Number.isInteger(binsPerSide) || binsPerSide < 0) throw invalid('binsPerSide must be ≥ 0');
  if (amountX < 0n || amountY < 0n || amountX + amountY === 0n) throw invalid('liquidity must be non-negative and not empty');
  if (params.mintX === params.mintY) throw new DomainError('SAME_TOKEN', 'a pool needs two mints', { poolId: params.id });
  const protocolShare = params.protocolShare ?? 1000;
  if (protocolShare < 0 || protocolShare > 2500) throw invalid('protocolShare must be in 0..2500 bps');
  // Both edges must have a price (throws INVALID_MARKET otherwise).
  binPrice(activeId - binsPerSide, binStep);
  binPrice(activeId + binsPerSide, binStep);

  const w = weights(binsPerSide, params.shape ?? 'spot');
  const xs = spread(amountX, w);
  const ys = spread(amountY, w);
  const bins: DlmmBin[] = [];
  for (let id = activeId - binsPerSide; id <= activeId + binsPerSide; id++) {
    const k = id - activeId;
    const x = k >= 0 ? (xs[k] ?? 0n) : 0n;
    const y = k <= 0 ? (ys[-k] ?? 0n) : 0n;
    if (x > 0n || y > 0n) bins.push({ id, amountX: x, amountY: y });
  }
  return {
    id: params.id,
    venue: 'METEORA',
    kind: 'DLMM',
    mintX: params.mintX,
    mintY: params.mintY,
    binStep,
    activeId,
    bins,
    baseFactor: params.baseFactor ?? 10_000,
    basePowerFactor: params.basePowerFactor ?? 0,
    filterPeriod: params.filterPeriod ?? 30,
    decayPeriod: params.decayPeriod ?? 600,
    reductionFactor: params.reductionFactor ?? 5000,
    variableFeeControl: params.variableFeeControl ?? 40_000,
    maxVolatilityAccumulator: params.maxVolatilityAccumulator ?? 350_000,
    protocolShare,
    volatilityAccumulator: 0,
    volatilityReference: 0,
    indexReference: activeId,
    lastUpdateTimestamp: params.nowSec ?? 0,
    protocolFeeX: 0n,
    protocolFeeY: 0n,
  };
}

export { lowerBound, startIndex } from './meteora-dlmm-walk.js';

export interface DlmmSwapOutcome {
  readonly amountOut: bigint;
  /** Total fee, atoms of the input. */
  readonly fee: bigint;
  readonly protocolFee: bigint;
  readonly pool: DlmmPool;
}

/**
 * Exact-in swap. `swapForY` sells X for Y (walks down in id); otherwise buys X (walks up).
 * The amounts come from the pool's exact walk table (meteora-dlmm-walk.ts: every bin before the
 * last is taken whole, the last one partially), the same table the router quotes from.
 * Pure: touched bins are copied, the rest are shared with the input pool.
 * @throws DomainError INSUFFICIENT_LIQUIDITY (program error 6012) when the bins cannot absorb the input.
 */
export function swapDlmm(pool: DlmmPool, swapForY: boolean, amountIn: bigint, nowSec: number): DlmmSwapOutcome {
  const walk = dlmmWalk(pool, swapForY, nowSec);
  if (amountIn <= 0n) {
    // Nothing crosses a bin: only the references move (what the program's loop does for no input).
    const { indexReference, volatilityReference } = walk.refs;
    const lastUpdateTimestamp = Math.max(pool.lastUpdateTimestamp, nowSec);
    return { amountOut: 0n, fee: 0n, protocolFee: 0n, pool: { ...pool, bins: pool.bins.slice(), indexReference, volatilityReference, lastUpdateTimestamp } };
  }
  const q = walk.quote(amountIn);
  if (q === undefined) {
    throw new DomainError('INSUFFICIENT_LIQUIDITY', 'not enough liquidity in the DLMM bins', {
      poolId: pool.id,
      programError: DLMM_INSUFFICIENT_LIQUIDITY,
      programErrorName: 'PairInsufficientLiquidity',
      amountIn: amountIn.toString(),
      unfilled: (amountIn - walk.capacity()).toString(),
    });
  }
  // Copy-on-write: one shallow array copy, new objects only for touched bins. Whole bins give up
  // their reserve and take maxIn; the LP part of each bin's fee compounds into it (see header).
  const bins = pool.bins;
  const nextBins = bins.slice();
  const share = pool.protocolShare;
  for (let k = 0; k <= q.end; k++) {
    const bin = bins[walk.binIndex[k]!]!;
    let used: bigint;
    let binOut: bigint;
    let binFee: bigint;
    if (k < q.end) {
      used = walk.maxIn[k]!;
      binOut = walk.maxOut[k]!;
      binFee = walk.maxFee[k]!;
    } else {
      used = q.left;
      const last = walk.partial(k, q.left);
      binOut = last.out;
      binFee = last.fee;
    }
    const intoBin = used - protocolFeeOf(binFee, share);
    nextBins[walk.binIndex[k]!] = swapForY
      ? { id: bin.id, amountX: bin.amountX + intoBin, amountY: bin.amountY - binOut }
      : { id: bin.id, amountX: bin.amountX - binOut, amountY: bin.amountY + intoBin };
  }
  const refs = walk.refs;
  const protocolFee = q.protocolFee;
  const next: DlmmPool = {
    ...pool,
    bins: nextBins,
    activeId: walk.ids[q.end]!,
    volatilityAccumulator: walk.vas[q.end]!,
    volatilityReference: refs.volatilityReference,
    indexReference: refs.indexReference,
    lastUpdateTimestamp: Math.max(pool.lastUpdateTimestamp, nowSec),
    protocolFeeX: swapForY ? pool.protocolFeeX + protocolFee : pool.protocolFeeX,
    protocolFeeY: swapForY ? pool.protocolFeeY : pool.protocolFeeY + protocolFee,
  };
  return { amountOut: q.amountOut, fee: q.fee, protocolFee, pool: next };
}
