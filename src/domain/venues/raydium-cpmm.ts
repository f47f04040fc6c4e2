import { ceilDiv } from '../bigmath.js';
import { DomainError } from '../errors.js';
import type { CpmmPool } from './pool.js';

/**
 * Raydium CPMM (raydium-cp-swap) exact-in math, dex-model.md §1:
 *   tf  = ceil(in·r / 1e6)
 *   out = floor((in − tf)·Ro / (Ri + in − tf))
 *   protocol = floor(tf·protocolRate / 1e6), fund = floor(tf·fundRate / 1e6)
 * Protocol and fund shares leave the pricing reserves; the rest of tf compounds to LPs.
 * The optional creator fee is not modelled (no pool here enables it).
 */

/** Fee rates are in 1e6 units (dex-model.md §1: CPMM/CLMM denominators are 10^6). */
export const CPMM_FEE_DENOMINATOR = 1_000_000n;

export interface CpmmPoolParams {
  readonly id: string;
  readonly mintX: string;
  readonly mintY: string;
  /** Initial pricing reserves, atoms. Both must be > 0. */
  readonly reserveX: bigint;
  readonly reserveY: bigint;
  /** AmmConfig trade fee rate, 1e6 = 100%. Default 2500 (0.25%, the most used tier, dex-model.md §1). */
  readonly tradeFeeRate?: bigint | number;
  /** Share of the trade fee, 1e6 = 100%. Default 120000 (12% buyback, dex-model.md §1 "Tiers"). */
  readonly protocolFeeRate?: bigint | number;
  /** Share of the trade fee, 1e6 = 100%. Default 40000 (4% treasury, dex-model.md §1 "Tiers"). */
  readonly fundFeeRate?: bigint | number;
}

/** Builds a CPMM pool with no fees accrued yet. */
export function createCpmmPool(params: CpmmPoolParams): CpmmPool {
  const tradeFeeRate = BigInt(params.tradeFeeRate ?? 2500);
  const protocolFeeRate = BigInt(params.protocolFeeRate ?? 120_000);
  const fundFeeRate = BigInt(params.fundFeeRate ?? 40_000);
  if (params.reserveX <= 0n || params.reserveY <= 0n) {
    throw new DomainError('INVALID_MARKET', 'CPMM reserves must be positive', { poolId: params.id });
  }
  if (tradeFeeRate < 0n || tradeFeeRate >= CPMM_FEE_DENOMINATOR) {
    throw new DomainError('INVALID_MARKET', 'CPMM trade fee rate out of range', { poolId: params.id });
  }
  if (protocolFeeRate < 0n || fundFeeRate < 0n || protocolFeeRate + fundFeeRate > CPMM_FEE_DENOMINATOR) {
    throw new DomainError('INVALID_MARKET', 'CPMM fee shares out of range', { poolId: params.id });
  }
  if (params.mintX === params.mintY) throw new DomainError('SAME_TOKEN', 'a pool needs two mints', { poolId: params.id });
  return Object.freeze({
    id: params.id,
    venue: 'RAYDIUM',
    kind: 'CPMM',
    mintX: params.mintX,
    mintY: params.mintY,
    reserveX: params.reserveX,
    reserveY: params.reserveY,
    tradeFeeRate,
    protocolFeeRate,
    fundFeeRate,
    protocolFeesX: 0n,
    protocolFeesY: 0n,
    fundFeesX: 0n,
    fundFeesY: 0n,
  });
}

/** What one CPMM exact-in swap does, before it is wrapped into a SwapResult. */
export interface CpmmSwapOutcome {
  readonly amountOut: bigint;
  /** Whole trade fee tf (LP + protocol + fund), atoms of the input. */
  readonly fee: bigint;
  readonly protocolFee: bigint;
  readonly fundFee: bigint;
  readonly pool: CpmmPool;
}

/**
 * Exact-in swap. `xToY` sells X for Y. Pure: returns the new pool. A tiny input may yield 0 out
 * (as on chain before the program's own checks); the caller's slippage bound deals with that.
 */
export function swapCpmm(pool: CpmmPool, xToY: boolean, amountIn: bigint): CpmmSwapOutcome {
  const ri = xToY ? pool.reserveX : pool.reserveY;
  const ro = xToY ? pool.reserveY : pool.reserveX;
  const fee = ceilDiv(amountIn * pool.tradeFeeRate, CPMM_FEE_DENOMINATOR);
  const net = amountIn - fee;
  const amountOut = (net * ro) / (ri + net);
  const protocolFee = (fee * pool.protocolFeeRate) / CPMM_FEE_DENOMINATOR;
  const fundFee = (fee * pool.fundFeeRate) / CPMM_FEE_DENOMINATOR;
  // LP share of the fee stays in the input reserve (compounds); protocol and fund leave it.
  const newIn = ri + amountIn - protocolFee - fundFee;
  const newOut = ro - amountOut;
  const next: CpmmPool = xToY
    ? {
        ...pool,
        reserveX: newIn,
        reserveY: newOut,
        protocolFeesX: pool.protocolFeesX + protocolFee,
        fundFeesX: pool.fundFeesX + fundFee,
      }
    : {
        ...pool,
        reserveX: newOut,
        reserveY: newIn,
        protocolFeesY: pool.protocolFeesY + protocolFee,
        fundFeesY: pool.fundFeesY + fundFee,
      };
  return { amountOut, fee, protocolFee, fundFee, pool: next };
}
