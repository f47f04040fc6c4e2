/**
 * The application-service contract between the GraphQL layer (src/graphql, src/app.ts) and the
 * backend (db, queue, worker, pub/sub). GraphQL resolvers only call these; they never touch Kysely,
 * BullMQ or Redis directly. Amounts stay bigint atoms here; decimal strings happen in src/graphql.
 */
import type { Token } from '../domain/tokens.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderUpdate, OrderView } from '../domain/order-view.js';
import type { PoolView } from '../domain/pool-view.js';
import type { Route } from '../domain/route.js';

export interface OrderInput {
  readonly tokenIn: string; // symbol or mint
  readonly tokenOut: string;
  readonly amountIn: string; // decimal string in whole-token units
  readonly slippageBps?: number | null; // default 50
  readonly clientOrderId: string;
}

export type QuoteInput = Omit<OrderInput, 'clientOrderId'>;

export interface QuoteView {
  readonly tokenIn: Token;
  readonly tokenOut: Token;
  readonly amountIn: bigint;
  readonly slippageBps: number;
  readonly route: Route;
  readonly minAmountOut: bigint;
  /** When the quote was computed (ms since epoch) */
  readonly quotedAt: number;
}

export interface OrderPage {
  readonly orders: readonly OrderView[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | undefined;
  readonly startCursor: string | undefined;
}

/**
 * How the service hands an accepted order to execution. The runtime passes the order queue's
 * producer; the service never sees BullMQ.
 */
export interface OrderDispatch {
  /** Queues the order for a worker; idempotent per order id. */
  enqueue(orderId: string): Promise<void>;
  /** True while the queue's connection answers (fails fast, never hangs). */
  ready(): Promise<boolean>;
}

export interface Readiness {
  readonly redis: boolean;
  readonly database: boolean;
  /** Why the service is not ready, one line each; absent when it is. */
  readonly reasons?: readonly string[];
}

export interface OrderService {
  submitMarketOrder(input: OrderInput): Promise<OrderView>;
  quote(input: QuoteInput): Promise<QuoteView>;
  getOrder(id: string): Promise<OrderView | undefined>;
  listOrders(args: { first: number; after?: string | null; status?: OrderStatus | null }): Promise<OrderPage>;
  tokens(): readonly Token[];
  pools(): Promise<readonly PoolView[]>;
  /**
   * With an id: the order's current state first, then every later transition in order, completing
   * after CONFIRMED or FAILED; no gap, duplicate or reordering even when subscribing mid-flight.
   * Without an id: every order's transitions from now on. Ends when `signal` aborts.
   */
  orderUpdates(orderId: string | undefined, signal?: AbortSignal): AsyncIterable<OrderUpdate>;
  /**
   * Every pool: the current state first, then the fresh state after market changes (fills, motion),
   * at most one emission per ~250 ms, the latest state always last. Ends when `signal` aborts.
   */
  poolUpdates(signal?: AbortSignal): AsyncIterable<readonly PoolView[]>;
  /** Readiness of what the service depends on. */
  readiness(): Promise<Readiness>;
}
