/**
 * Pool state shared by both venues. Every pool is an X/Y pair named by mints (X = base, Y = quote,
 * as the venues name them). Native SOL and WSOL share one mint, so pools only ever hold WSOL; the
 * router adds wrap/unwrap steps at the edges.
 *
 * Pool objects are immutable: a swap returns a new pool, so a quote never disturbs state and a
 * failed execution leaves nothing to roll back.
 */
export type VenueId = 'RAYDIUM' | 'METEORA';

interface PoolBase {
  readonly id: string;
  readonly venue: VenueId;
  readonly mintX: string;
  readonly mintY: string;
}

/** Raydium CPMM (raydium-cp-swap). Fee rates are in 1e6 units (docs/venue-math.md §1). */
export interface CpmmPool extends PoolBase {
  readonly kind: 'CPMM';
  /** Pricing reserves: vault balances less protocol and fund fees owed. */
  readonly reserveX: bigint;
  readonly reserveY: bigint;
  /** AmmConfig trade fee rate, 1e6 = 100% (2500 = 0.25%). */
  readonly tradeFeeRate: bigint;
  /** Shares of the trade fee, 1e6 = 100% of the fee. */
  readonly protocolFeeRate: bigint;
  readonly fundFeeRate: bigint;
  /** Fees kept out of the pricing reserves (accrued, in atoms of each side). */
  readonly protocolFeesX: bigint;
  readonly protocolFeesY: bigint;
  readonly fundFeesX: bigint;
  readonly fundFeesY: bigint;
}

/** One DLMM bin: constant sum L = P·x + y within the bin. */
export interface DlmmBin {
  readonly id: number;
  readonly amountX: bigint;
  readonly amountY: bigint;
}

/** Meteora DLMM (lb_clmm). Fee parameters follow lb_pair.rs; fees in 1e9 units (docs/venue-math.md §3.3). */
export interface DlmmPool extends PoolBase {
  readonly kind: 'DLMM';
  readonly binStep: number;
  readonly activeId: number;
  /** Bins with liquidity, sorted by id ascending. Empty bins are omitted. */
  readonly bins: readonly DlmmBin[];
  // static fee parameters
  readonly baseFactor: number;
  readonly basePowerFactor: number;
  readonly filterPeriod: number;
  readonly decayPeriod: number;
  readonly reductionFactor: number;
  readonly variableFeeControl: number;
  readonly maxVolatilityAccumulator: number;
  /** Protocol share of the fee, in bps of the fee (max 2500). */
  readonly protocolShare: number;
  // dynamic fee parameters
  readonly volatilityAccumulator: number;
  readonly volatilityReference: number;
  readonly indexReference: number;
  /** Unix seconds of the last swap that updated the references. */
  readonly lastUpdateTimestamp: number;
  /** Protocol fees accrued (not in bins), atoms of each side. */
  readonly protocolFeeX: bigint;
  readonly protocolFeeY: bigint;
}

export type Pool = CpmmPool | DlmmPool;

/** The result of an exact-in swap against one pool. */
export interface SwapResult {
  readonly poolId: string;
  readonly venue: VenueId;
  readonly mintIn: string;
  readonly mintOut: string;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** Total fee charged, in atoms of mintIn (LP + protocol + fund). */
  readonly fee: bigint;
  /** Part of `fee` that left the pricing reserves (protocol + fund). */
  readonly protocolFee: bigint;
  /**
   * Price impact in parts per million, one definition for both venues (raydium-sdk-V2 AMM v4):
   * (spot − exec) / spot with exec = amountOut / (amountIn − fee), so the fee is excluded.
   */
  readonly priceImpactPpm: number;
  /** The pool after the swap. */
  readonly pool: Pool;
}

/** A price as an exact rational: atoms of Y per atom of X. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}
