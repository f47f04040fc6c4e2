import { ceilDiv, U64_MAX } from '../bigmath.js';
import { DomainError } from '../errors.js';
import type { CpmmPool } from './pool.js';

/**
 * Raydium CPMM (raydium-cp-swap) exact-in math, docs/venue-math.md §2:
 *   tf  = ceil(in·r / 1e6)
 *   out = floor((in − tf)·Ro / (Ri + in − tf))
 *   protocol = floor(tf·protocolRate / 1e6), fund = floor(tf·fundRate / 1e6)
 * Protocol and fund shares leave the pricing reserves; the rest of tf compounds to LPs.
 * The optional creator fee is not modelled (no pool here enables it).
 */

/** Fee rates are in 1e6 units (docs/venue-math.md §1: the CPMM denominator is 10^6). */
export const CPMM_FEE_DENOMINATOR = 1_000_000n;

export interface CpmmPoolParams {
  readonly id: string;
  readonly mintX: string;
  readonly mintY: string;
  /** Initial pricing reserves, atoms. Both must be > 0. */
  readonly reserveX: bigint;
  readonly reserveY: bigint;
  /** AmmConfig trade fee rate, 1e6 = 100%. Default 2500 (0.25%, the most used tier, docs/venue-math.md §2). */
  readonly tradeFeeRate?: bigint | number;
  /** Share of the trade fee, 1e6 = 100%. Default 120000 (12% buyback, docs/venue-math.md §2). */
  readonly protocolFeeRate?: bigint | number;
  /** Share of the trade fee, 1e6 = 100%. Default 40000 (4% treasury, docs/venue-math.md §2). */
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
 * Vault balance of the input side: pricing reserve plus the protocol and fund fees owed, all of
 * which sit in the same SPL token account on chain.
 */
export function cpmmVaultIn(pool: CpmmPool, xToY: boolean): bigint {
  return xToY ? pool.reserveX + pool.protocolFeesX + pool.fundFeesX : pool.reserveY + pool.protocolFeesY + pool.fundFeesY;
}

/**
 * The largest exact-in amount the pool accepts: every input atom lands in the input vault (LP
 * share in the reserve, protocol and fund shares owed beside it), and an SPL token account holds at
 * most u64::MAX, so the transfer of anything more would fail on chain.
 */
export function cpmmMaxIn(pool: CpmmPool, xToY: boolean): bigint {
  const room = U64_MAX - cpmmVaultIn(pool, xToY);
  return room > 0n ? room : 0n;
}

/** tf = ceil(in·r/1e6) and out = floor((in − tf)·Ro/(Ri + in − tf)) (docs/venue-math.md §2, exact-in). */
export function cpmmAmountOut(pool: CpmmPool, xToY: boolean, amountIn: bigint): { fee: bigint; amountOut: bigint } {
  const ri = xToY ? pool.reserveX : pool.reserveY;
  const ro = xToY ? pool.reserveY : pool.reserveX;
  const fee = ceilDiv(amountIn * pool.tradeFeeRate, CPMM_FEE_DENOMINATOR);
  const net = amountIn - fee;
  return { fee, amountOut: (net * ro) / (ri + net) };
}

/**
 * Exact-in swap. `xToY` sells X for Y. Pure: returns the new pool. A tiny input may yield 0 out
 * (as on chain before the program's own checks); the caller's slippage bound deals with that.
 * @throws DomainError AMOUNT_TOO_LARGE when the input vault would end above u64::MAX (cpmmMaxIn):
 *   the token transfer into it could not happen on chain.
 */
export function swapCpmm(pool: CpmmPool, xToY: boolean, amountIn: bigint): CpmmSwapOutcome {
  if (amountIn > cpmmMaxIn(pool, xToY)) {
    throw new DomainError('AMOUNT_TOO_LARGE', 'the pool vault would exceed u64::MAX atoms', {
      poolId: pool.id,
      amountIn: amountIn.toString(),
      maxAmountIn: cpmmMaxIn(pool, xToY).toString(),
    });
  }
  const ri = xToY ? pool.reserveX : pool.reserveY;
  const ro = xToY ? pool.reserveY : pool.reserveX;
  const { fee, amountOut } = cpmmAmountOut(pool, xToY, amountIn);
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
