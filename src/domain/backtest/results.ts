import type { MarketState } from '../market/market.js';
import type { OrderType } from './order-entry.js';

/**
 * What a backtest streams out: one OrderResult per order when its fate is known, and a SeriesSample
 * at every sample interval. Nothing here is kept by the engine once handed to the sinks, so memory
 * stays flat however many orders run.
 */

/** OPEN: a conditional order still resting when the run ended. */
export type OrderStatus = 'FILLED' | 'FAILED' | 'REJECTED' | 'EXPIRED' | 'CANCELLED' | 'OPEN';

/** Which venues a fill used. */
export type VenueMix = 'RAYDIUM' | 'METEORA' | 'RAYDIUM+METEORA';

export interface OrderResult {
  readonly clientOrderId: string;
  readonly type: OrderType;
  readonly status: OrderStatus;
  /**
   * FAILED: the failure the live worker would record (SLIPPAGE_EXCEEDED, INSUFFICIENT_LIQUIDITY,
   * NO_ROUTE); REJECTED: the domain code that refused it at submission (or at the trigger).
   */
  readonly code: string | undefined;
  /** Symbols ("SOL"); a sniper's token out is its mint until a launch names it. */
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly mintIn: string;
  readonly mintOut: string;
  readonly decimalsIn: number;
  readonly decimalsOut: number | undefined;
  readonly amountIn: bigint;
  /** Simulated ms since the epoch. */
  readonly submittedAtMs: number;
  /** Conditional orders: when they fired. */
  readonly triggeredAtMs: number | undefined;
  /** When the order ended (fill, failure, expiry, cancel). */
  readonly endedAtMs: number;
  /** The quote the minimum was derived from: at submission, or a conditional order's trigger. */
  readonly quotedOut: bigint | undefined;
  readonly minAmountOut: bigint | undefined;
  readonly amountOut: bigint | undefined;
  /**
   * (quoted − filled) / quoted in bps, exact to ~10^-12 (positive: the trader got less than quoted).
   */
  readonly slippageBps: number | undefined;
  readonly priceImpactPpm: number | undefined;
  readonly routeKind: string | undefined;
  readonly venues: VenueMix | undefined;
  /** LP + protocol fees per input mint of each leg, atoms. */
  readonly fees: readonly { readonly mint: string; readonly amount: bigint }[];
  /** The best single pool's output for the whole order on the fill's market (the router's own). */
  readonly bestSingleVenueOut: bigint | undefined;
  /** (amountOut − bestSingleVenueOut) / bestSingleVenueOut in bps, 0.01 bps resolution; 0 without one. */
  readonly savingsBps: number | undefined;
}

export interface PoolSample {
  readonly poolId: string;
  readonly venue: string;
  /** "KITE/USDC": base/quote symbols. */
  readonly pair: string;
  /** Whole quote per whole base, ~8 significant digits (venue.ts uiPrice). */
  readonly price: string;
}

export interface SeriesSample {
  readonly atMs: number;
  readonly pools: readonly PoolSample[];
  /** Reference USD price per whole token by symbol (float: for charts). */
  readonly referenceUsd: readonly { readonly symbol: string; readonly usd: number }[];
  readonly ordersDone: number;
  readonly fills: number;
  /** Σ (amountOut − bestSingleVenueOut) over fills so far, by output mint, atoms. */
  readonly cumulativeSavings: readonly { readonly mint: string; readonly symbol: string; readonly atoms: bigint }[];
}

export interface BacktestProgress {
  readonly simulatedMs: number;
  readonly durationMs: number;
  /** simulatedMs / durationMs, in [0, 1]. */
  readonly fraction: number;
  readonly ordersDone: number;
}

/** Where a backtest's output goes; every sink is optional. */
export interface BacktestSinks {
  onResult?(result: OrderResult): void;
  onSample?(sample: SeriesSample): void;
  /** At every whole percent of simulated time, and at the end. */
  onProgress?(progress: BacktestProgress): void;
}

/** What a finished run says about itself. */
export interface BacktestSummary {
  readonly orders: number;
  readonly filled: number;
  readonly events: number;
  readonly startMs: number;
  readonly endMs: number;
  /** Conditional orders still resting at the end (each reported with status OPEN). */
  readonly openAtEnd: number;
  readonly market: MarketState;
}
