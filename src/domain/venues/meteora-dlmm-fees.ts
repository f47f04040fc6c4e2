import type { DlmmPool } from './pool.js';

/**
 * Meteora DLMM dynamic fees, following lb_pair.rs (docs/venue-math.md §3.3). Rates are in 1e9
 * units; the total is capped at 10%.
 */

/** FEE_PRECISION: fee rates are parts of 1e9 (docs/venue-math.md §1). */
export const FEE_PRECISION = 1_000_000_000n;
/** MAX_FEE_RATE: 10% of FEE_PRECISION (docs/venue-math.md §3.3: the total is capped at 10%). */
export const MAX_FEE_RATE = 100_000_000n;
/** BASIS_POINT_MAX of the program. */
export const BASIS_POINT_MAX = 10_000;

/** The volatility state a swap carries from bin to bin (lb_pair.rs v_parameters). */
export interface VolatilityState {
  readonly indexReference: number;
  readonly volatilityReference: number;
}

/** Base fee rate = baseFactor·binStep·10·10^powerFactor (lb_pair.rs get_base_fee). */
export function baseFeeRate(pool: DlmmPool): bigint {
  return BigInt(pool.baseFactor) * BigInt(pool.binStep) * 10n * 10n ** BigInt(pool.basePowerFactor);
}

/** Variable fee rate = ceil(variableFeeControl·(va·binStep)² / 1e11) (lb_pair.rs compute_variable_fee). */
export function variableFeeRate(pool: DlmmPool, volatilityAccumulator: number): bigint {
  if (pool.variableFeeControl <= 0) return 0n;
  const vb = BigInt(volatilityAccumulator) * BigInt(pool.binStep);
  return (BigInt(pool.variableFeeControl) * vb * vb + 99_999_999_999n) / 100_000_000_000n;
}

/**
 * Total fee rate for a given accumulator, capped at MAX_FEE_RATE (lb_pair.rs get_total_fee).
 * `base` can be passed in so a swap computes it once.
 */
export function totalFeeRate(pool: DlmmPool, volatilityAccumulator: number, base = baseFeeRate(pool)): bigint {
  const total = base + variableFeeRate(pool, volatilityAccumulator);
  return total < MAX_FEE_RATE ? total : MAX_FEE_RATE;
}

/** Fee to ADD to an amount that excludes it: ceil(a·f / (1e9 − f)) (lb_pair.rs compute_fee). */
export function feeOnTop(amount: bigint, rate: bigint): bigint {
  const d = FEE_PRECISION - rate;
  return (amount * rate + d - 1n) / d;
}

/** Fee contained in an amount that includes it: ceil(a·f / 1e9) (lb_pair.rs compute_fee_from_amount). */
export function feeIncluded(amountWithFee: bigint, rate: bigint): bigint {
  return (amountWithFee * rate + FEE_PRECISION - 1n) / FEE_PRECISION;
}

/** Protocol share: floor(fee·protocolShare / 1e4) (lb_pair.rs compute_protocol_fee). */
export function protocolFeeOf(fee: bigint, protocolShare: number): bigint {
  return (fee * BigInt(protocolShare)) / 10_000n;
}

/**
 * The references at swap start (lb_pair.rs update_references). With t = now − lastUpdate:
 * t < filterPeriod keeps them (high-frequency trading keeps accumulating); otherwise the reference
 * index moves to the active bin and the reference volatility decays to va·reductionFactor/1e4
 * inside the decay window, or to 0 after it.
 * (The SDK's commons copy subtracts reductionFactor instead of multiplying; Meteora's formula page
 * multiplies, which is what we do: docs/venue-math.md §3.3.)
 */
export function startReferences(pool: DlmmPool, nowSec: number): VolatilityState {
  const elapsed = nowSec - pool.lastUpdateTimestamp;
  if (elapsed < pool.filterPeriod) {
    return { indexReference: pool.indexReference, volatilityReference: pool.volatilityReference };
  }
  const volatilityReference =
    elapsed < pool.decayPeriod
      ? Math.floor((pool.volatilityAccumulator * pool.reductionFactor) / BASIS_POINT_MAX)
      : 0;
  return { indexReference: pool.activeId, volatilityReference };
}

/** va for a bin: min(vr + |indexRef − id|·1e4, maxVA) (lb_pair.rs update_volatility_accumulator). */
export function volatilityAt(pool: DlmmPool, state: VolatilityState, activeId: number): number {
  const va = state.volatilityReference + Math.abs(state.indexReference - activeId) * BASIS_POINT_MAX;
  return va < pool.maxVolatilityAccumulator ? va : pool.maxVolatilityAccumulator;
}
