import type { QuotedOn } from '../order-flow.js';
import type { Token } from '../tokens.js';
import type { OrderType } from './order-entry.js';

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
