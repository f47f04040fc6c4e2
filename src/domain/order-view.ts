/**
 * The order read model: what every layer above the domain reads and streams (the database maps its
 * rows to it, pub/sub carries its mutable part, GraphQL renders it). Plain data with bigint atoms;
 * nothing here knows how it is stored or sent.
 */
import type { ConditionalOrder } from './conditional/types.js';
import type { FailureCode, OrderStatus, OrderType } from './order-status.js';
import type { Route, RouteLeg } from './route.js';
import type { Token } from './tokens.js';

export interface OrderFill {
  readonly amountOut: bigint;
  readonly legs: readonly RouteLeg[];
  /** Fees per mint (atoms), LP + protocol. */
  readonly fees: readonly { readonly mint: string; readonly amount: bigint }[];
  readonly priceImpactPpm: number;
  /** Executed against quoted, signed bps, positive = worse than quoted. */
  readonly slippageBps: number;
  readonly txHash: string;
  /** Executed price, whole tokenOut per whole tokenIn, decimal string (12 decimals at most). */
  readonly executedPrice?: string;
  /**
   * What the best single pool alone would have given for the whole order on the fill's market (the
   * fill's route's own figure), for the execution report's savings; absent when no single pool
   * could fill it, and on fills stored before it was recorded.
   */
  readonly bestSingleVenueOut?: bigint;
}

/**
 * What a conditional order's trigger fixes when it fires (OPEN → PENDING): the quote at the trigger
 * and the minimum the fill is held to, and the token out as the market then knows it (a sniper's
 * may have been launched since it was placed).
 */
export interface OrderQuote {
  readonly tokenOut: Token;
  readonly quotedAmountOut: bigint;
  readonly minAmountOut: bigint;
  readonly quotedRoute: Route;
}

export interface OrderView {
  readonly id: string;
  /** MARKET executes at once; LIMIT, STOP and SNIPER rest OPEN until their condition holds. */
  readonly type: OrderType;
  /** The validated condition of a LIMIT, STOP or SNIPER order; undefined for MARKET. */
  readonly condition?: ConditionalOrder | undefined;
  /** ms since epoch after which an OPEN order ends EXPIRED; undefined: good until cancelled. */
  readonly expiresAt?: number | undefined;
  /** The account the order belongs to: only its keys see it. */
  readonly accountId: string;
  readonly clientOrderId: string;
  readonly status: OrderStatus;
  /** Sequence number of the latest persisted transition (PENDING is 1). */
  readonly seq: number;
  readonly tokenIn: Token;
  readonly tokenOut: Token;
  readonly amountIn: bigint;
  readonly slippageBps: number;
  readonly quotedAmountOut: bigint;
  readonly minAmountOut: bigint;
  /** The route quoted at submission. */
  readonly quotedRoute: Route;
  readonly attempts: number;
  readonly fill: OrderFill | undefined;
  readonly failureCode: FailureCode | undefined;
  readonly failureMessage: string | undefined;
  readonly createdAt: number; // ms since epoch
  readonly updatedAt: number;
}

export interface OrderUpdate {
  readonly orderId: string;
  /** Strictly increasing per order, no gaps: 1 = PENDING. */
  readonly seq: number;
  readonly status: OrderStatus;
  readonly at: number; // ms since epoch
  /** Free-form detail of this transition, e.g. "attempt 2 after BLOCKHASH_EXPIRED". */
  readonly detail: string | undefined;
  readonly order: OrderView;
}

/**
 * An order's mutable state after one transition. Everything else about an order (tokens, amounts,
 * the quoted route, ids, creation time) never changes after PENDING, so an event row or a pub/sub
 * message carries only this, and the whole view is rebuilt with `orderAt`.
 */
export interface OrderState {
  readonly status: OrderStatus;
  readonly seq: number;
  /** When the transition happened: the view's updatedAt. */
  readonly at: number;
  readonly attempts: number;
  readonly fill?: OrderFill | undefined;
  readonly failureCode?: FailureCode | undefined;
  readonly failureMessage?: string | undefined;
  /** A new quote this transition fixed (a conditional order firing); absent: the base's stands. */
  readonly quote?: OrderQuote | undefined;
}

/** The order `base` (any seq of the same order) as it was in `state`. */
export function orderAt(base: OrderView, state: OrderState): OrderView {
  return {
    ...base,
    ...state.quote,
    status: state.status,
    seq: state.seq,
    attempts: state.attempts,
    fill: state.fill,
    failureCode: state.failureCode,
    failureMessage: state.failureMessage,
    updatedAt: state.at,
  };
}

/**
 * The quote part of a conditional order's view, carried by its events and messages so a snapshot
 * rebuilt from any base (the OPEN one, before the trigger fixed the quote) is exact. Undefined for
 * MARKET orders, whose quote never changes.
 */
export function quoteOf(view: OrderView): OrderQuote | undefined {
  if (view.type === 'MARKET') return undefined;
  return { tokenOut: view.tokenOut, quotedAmountOut: view.quotedAmountOut, minAmountOut: view.minAmountOut, quotedRoute: view.quotedRoute };
}

/** The mutable part of an order just accepted at `at` (ms): nothing tried, filled or failed yet. */
export function acceptedAt(at: number): Pick<OrderView, 'attempts' | 'fill' | 'failureCode' | 'failureMessage' | 'createdAt' | 'updatedAt'> {
  return { attempts: 0, fill: undefined, failureCode: undefined, failureMessage: undefined, createdAt: at, updatedAt: at };
}

/** The update that records `view`'s latest transition. */
export function updateOf(view: OrderView, detail: string | undefined): OrderUpdate {
  return { orderId: view.id, seq: view.seq, status: view.status, at: view.updatedAt, detail, order: view };
}
