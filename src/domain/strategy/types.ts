import type { Token } from '../tokens.js';

/**
 * The strategy layer: a strategy reacts to market snapshots, timers and its orders' updates with
 * intents. It sees the market only through StrategyContext, whose every method a backtest (the
 * simulator, in process) and a live runner (the GraphQL API with an account key) can both provide:
 * `submit` returns the client order id at once (the runner picks it, the API is idempotent on it),
 * `cancel` and `setTimer` are fire-and-forget, and prices come in snapshots, not synchronous quotes.
 * Handlers must be deterministic functions of what they are given, so the same seed gives the same
 * run.
 */

/** What a strategy asks for; amounts and prices are decimal strings, as the API takes them. */
export type Intent =
  | { readonly type: 'MARKET'; readonly tokenIn: string; readonly tokenOut: string; readonly amountIn: string; readonly slippageBps?: number }
  | {
      readonly type: 'LIMIT';
      readonly tokenIn: string;
      readonly tokenOut: string;
      readonly amountIn: string;
      readonly limitPrice: string;
      /** How long the order may rest, from its submission (ms). */
      readonly expiresAfterMs?: number;
    }
  | {
      readonly type: 'STOP';
      readonly tokenIn: string;
      readonly tokenOut: string;
      readonly amountIn: string;
      readonly stopPrice: string;
      readonly slippageBps: number;
      readonly expiresAfterMs?: number;
    };

export type OrderUpdateStatus = 'OPEN' | 'FILLED' | 'FAILED' | 'REJECTED' | 'EXPIRED' | 'CANCELLED';

/** What happened to one of the strategy's orders. Amounts are atoms. */
export interface OrderUpdate {
  readonly clientOrderId: string;
  readonly status: OrderUpdateStatus;
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: bigint;
  /** FILLED only. */
  readonly amountOut?: bigint;
  /** FAILED and REJECTED: the failure or rejection code. */
  readonly code?: string;
}

/**
 * The market as a strategy sees it: USD per whole token by symbol, as floats. For signals only:
 * no amount a strategy sends is computed from these (amounts come from parameters and fills).
 */
export interface MarketSnapshot {
  readonly atMs: number;
  readonly usdPrices: ReadonlyMap<string, number>;
}

export interface StrategyContext {
  /** The current time, ms since the epoch (simulated in a backtest). */
  now(): number;
  /** Sends an order; returns its client order id. Its fate arrives through onOrderUpdate. */
  submit(intent: Intent): string;
  /** Asks to cancel a resting order (a no-op for one that is no longer open). */
  cancel(clientOrderId: string): void;
  /** Calls onTimer(ctx, tag) at `atMs` (not before now). */
  setTimer(atMs: number, tag: string): void;
  /** A token the market knows, by symbol or mint (for its decimals). */
  token(symbolOrMint: string): Token | undefined;
}

export interface Strategy {
  readonly name: string;
  onStart(ctx: StrategyContext): void;
  onMarket(ctx: StrategyContext, snapshot: MarketSnapshot): void;
  onTimer(ctx: StrategyContext, tag: string): void;
  onOrderUpdate(ctx: StrategyContext, update: OrderUpdate): void;
  /**
   * True once the strategy will send nothing more of its own accord (a live runner then ends when
   * its orders have). Absent: it runs until stopped, or, in a backtest, until the scenario ends.
   */
  finished?(): boolean;
}
