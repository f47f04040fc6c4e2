import type { FiredOrder } from '../conditional/types.js';
import type { MarketState } from '../market/market.js';
import type { MarketOrderQuote, QuotedOn } from '../order-flow.js';
import type { Token } from '../tokens.js';
import type { MarketEntry, OrderType } from './order-entry.js';

/** An order between its quote (submission, or a conditional order's trigger) and its fill. */
export interface PendingFill {
  readonly clientOrderId: string;
  readonly type: OrderType;
  readonly tokenIn: Token;
  readonly tokenOut: Token;
  readonly amountIn: bigint;
  readonly minAmountOut: bigint;
  readonly quotedOut: bigint;
  readonly submittedAtMs: number;
  readonly triggeredAtMs: number | undefined;
  readonly fromStrategy: boolean;
  /** The route the quote came from, with its market version and second (reused at a same-version fill). */
  readonly quoted: QuotedOn;
}

/** A resting conditional order's bookkeeping beside the trigger index. */
export interface RestingInfo {
  readonly type: OrderType;
  readonly submittedAtMs: number;
  readonly fromStrategy: boolean;
}

/** A market order quoted at submission (`atMs`, on `market` at `nowSec`). */
export function quotedOrder(clientOrderId: string, entry: MarketEntry, quote: MarketOrderQuote, market: MarketState, atMs: number, nowSec: number, fromStrategy: boolean): PendingFill {
  return {
    clientOrderId,
    type: 'MARKET',
    tokenIn: entry.tokenIn,
    tokenOut: entry.tokenOut,
    amountIn: entry.amountIn,
    minAmountOut: quote.minAmountOut,
    quotedOut: quote.route.amountOut,
    submittedAtMs: atMs,
    triggeredAtMs: undefined,
    fromStrategy,
    quoted: { market, nowSec, route: quote.route },
  };
}

/** A conditional order that fired at `atMs` (on `market` at `nowSec`), now a market order. */
export function firedOrder(f: FiredOrder, info: RestingInfo, market: MarketState, atMs: number, nowSec: number): PendingFill {
  return {
    clientOrderId: f.order.id,
    type: info.type,
    tokenIn: f.order.tokenIn,
    tokenOut: f.tokenOut,
    amountIn: f.order.amountIn,
    minAmountOut: f.minAmountOut,
    quotedOut: f.route.amountOut,
    submittedAtMs: info.submittedAtMs,
    triggeredAtMs: atMs,
    fromStrategy: info.fromStrategy,
    quoted: { market, nowSec, route: f.route },
  };
}
