/**
 * The application-service contract between the GraphQL layer (src/graphql, src/app.ts) and the
 * backend (db, queue, worker, pub/sub). GraphQL resolvers only call these; they never touch Kysely,
 * BullMQ or Redis directly. Amounts stay bigint atoms here; decimal strings happen in src/graphql.
 */
import type { LimitInput, SniperInput, StopInput } from '../domain/conditional/validate.js';
import type { Token } from '../domain/tokens.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { OrderUpdate, OrderView } from '../domain/order-view.js';
import type { PoolView } from '../domain/pool-view.js';
import type { Route } from '../domain/route.js';
import type { VenueId } from '../domain/venues/pool.js';
import type { OrderBookArgs, OrderBookView } from './order-books.js';

export interface OrderInput {
  readonly tokenIn: string; // symbol or mint
  readonly tokenOut: string;
  readonly amountIn: string; // decimal string in whole-token units
  readonly slippageBps?: number | null; // default 50
  readonly clientOrderId: string;
}

export type QuoteInput = Omit<OrderInput, 'clientOrderId'>;

/**
 * A conditional order as the API takes it: the domain's input (conditional/validate.ts) with
 * expiresAt as ISO-8601 text (absent: good until cancelled) and the client's idempotency key.
 */
type ApiInput<T> = Omit<T, 'type' | 'expiresAt'> & { readonly expiresAt?: string | null; readonly clientOrderId: string };

/** limitPrice: the least tokenOut per whole tokenIn (decimal). */
export type LimitOrderInput = ApiInput<LimitInput>;
export type StopOrderInput = ApiInput<StopInput>;
/** tokenOut: any valid mint, listed or not; minLiquidity in whole tokenIn. */
export type SniperOrderInput = ApiInput<SniperInput>;

/** A pool launch as the API takes it (decimal strings; launch-spec.ts validates every field). */
export interface LaunchPoolInput {
  readonly venue: VenueId;
  readonly baseToken: { readonly mint: string; readonly symbol: string; readonly decimals: number; readonly name: string };
  /** Symbol or mint of a token the market prices. */
  readonly quoteToken: string;
  /** Whole quote tokens per whole base token. */
  readonly price: string;
  /** Base-token liquidity in whole tokens; the same value of the quote token goes in beside it. */
  readonly baseAmount: string;
  /** METEORA only. */
  readonly binStep?: number | null;
  readonly binsPerSide?: number | null;
  readonly feeBps: number;
}

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

/**
 * Whose orders: an account, and (for a key's requests) the signal that aborts when that key is
 * revoked, which ends the streams opened with it.
 */
export interface AccountRef {
  readonly accountId: string;
  readonly revoked?: AbortSignal;
}

/** One account's orders: every read and write is confined to them. */
export interface AccountOrders {
  submitMarketOrder(input: OrderInput): Promise<OrderView>;
  /** Rests OPEN until the whole order fills at limitPrice or better, then executes. */
  submitLimitOrder(input: LimitOrderInput): Promise<OrderView>;
  /** Rests OPEN until the whole order's price falls to stopPrice or below, then executes as a market order. */
  submitStopOrder(input: StopOrderInput): Promise<OrderView>;
  /** Rests OPEN until a route to tokenOut with minLiquidity and at most maxPriceImpactBps exists. */
  submitSniperOrder(input: SniperOrderInput): Promise<OrderView>;
  /** Cancels an OPEN order, or a PENDING one no worker has taken: NOT_FOUND | NOT_CANCELLABLE otherwise. */
  cancelOrder(id: string): Promise<OrderView>;
  /** The account's order with this id; undefined for an unknown id and for another account's alike. */
  getOrder(id: string): Promise<OrderView | undefined>;
  listOrders(args: { first: number; after?: string | null; status?: OrderStatus | null }): Promise<OrderPage>;
  /**
   * With an id: the order's current state first, then every later transition in order, completing
   * after CONFIRMED or FAILED; no gap, duplicate or reordering even when subscribing mid-flight. An
   * unknown id and another account's order both fail with NOT_FOUND. Without an id: every order of
   * the account from now on. Ends when `signal` aborts or the key is revoked.
   */
  orderUpdates(orderId: string | undefined, signal?: AbortSignal): AsyncIterable<OrderUpdate>;
}

export interface OrderService {
  /** The orders of `account` (the API passes the caller's principal). */
  forAccount(account: AccountRef): AccountOrders;
  quote(input: QuoteInput): Promise<QuoteView>;
  /** Every token as this process last saw the market (static ones first, then launched ones); no database read. */
  tokens(): readonly Token[];
  /** Every token of the freshest market (what `tokens` shows: launched tokens as they appear). */
  listTokens(): Promise<readonly Token[]>;
  pools(): Promise<readonly PoolView[]>;
  /**
   * Launches a pool (and its base token) at runtime: one market write, announced like any other.
   * @throws DomainError naming the input field (POOL_EXISTS, AMOUNT_ZERO, INVALID_MINT, PRICE_*…), nothing written
   */
  launchPool(input: LaunchPoolInput): Promise<PoolView>;
  /** Each pool's levels for a pair on both sides. @throws LEVELS_OUT_OF_RANGE | UNKNOWN_TOKEN | SAME_TOKEN naming the argument */
  orderBook(args: OrderBookArgs): Promise<OrderBookView>;
  /** The book now, then after each market change touching the pair's pools; refuses bad arguments as orderBook does. */
  orderBookUpdates(args: OrderBookArgs, signal?: AbortSignal): Promise<AsyncIterable<OrderBookView>>;
  /**
   * Every pool: the current state first, then the fresh state after market changes (fills, motion),
   * at most one emission per ~250 ms, the latest state always last. Ends when `signal` aborts.
   */
  poolUpdates(signal?: AbortSignal): AsyncIterable<readonly PoolView[]>;
  /** Readiness of what the service depends on. */
  readiness(): Promise<Readiness>;
}
