/** What the panels need from the server, in the page's own shapes (implemented in web/api/graphql-backend.ts). */
import type { OrderBookInfo, OrderInfo, OrdersPage, OrderUpdateInfo, PoolInfo, QuoteInfo, TokenInfo, ViewerInfo } from './model.js';

export interface QuoteRequest {
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly slippageBps: number;
}

export interface SubmitRequest extends QuoteRequest {
  readonly clientOrderId: string;
}

/** What every resting order carries; expiresAt an ISO instant, or absent for good-until-cancelled. */
interface ConditionalBase {
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly clientOrderId: string;
  readonly expiresAt?: string;
}

/** A resting order, by type, with exactly the fields its mutation takes. */
export type ConditionalRequest =
  | (ConditionalBase & { readonly type: 'LIMIT'; readonly limitPrice: string })
  | (ConditionalBase & { readonly type: 'STOP'; readonly stopPrice: string; readonly slippageBps: number })
  | (ConditionalBase & { readonly type: 'SNIPER'; readonly minLiquidity: string; readonly maxPriceImpactBps: number; readonly slippageBps: number });

/** The account's execution quality over ALL its orders (the server's executionReport), in the page's shape. */
export interface QualityReport {
  readonly orders: number;
  readonly filled: number;
  readonly failed: number;
  /** filled / (filled + failed); undefined before any order finished. */
  readonly fillRate: number | undefined;
  readonly meanSlippageBps: number | undefined;
  readonly meanPriceImpactBps: number | undefined;
  readonly meanSavingsBps: number | undefined;
  /** Fills that used each venue (a split counts for each venue it used). */
  readonly fillsByVenue: ReadonlyMap<string, number>;
  readonly failuresByCode: ReadonlyMap<string, number>;
}

export interface Backend {
  /** Who the connection's key belongs to; null when the connection presents none. */
  viewer(): Promise<ViewerInfo | null>;
  tokens(): Promise<TokenInfo[]>;
  quote(req: QuoteRequest): Promise<QuoteInfo>;
  submit(req: SubmitRequest): Promise<OrderInfo>;
  /** Places a LIMIT, STOP or SNIPER order (it rests OPEN until its condition holds). */
  submitConditional(req: ConditionalRequest): Promise<OrderInfo>;
  /** Cancels an OPEN order, or a PENDING one no worker took; rejects with NOT_CANCELLABLE otherwise. */
  cancel(id: string): Promise<OrderInfo>;
  /** One page of orders, newest first (`first` at most 100; `after` an endCursor). */
  ordersPage(first: number, after: string | null): Promise<OrdersPage>;
  /** One order's current snapshot; null when the server does not know it. */
  order(id: string): Promise<OrderInfo | null>;
  /** Transitions of every order the key may read; resubscribes by itself after a reconnect. */
  orderUpdates(onUpdate: (u: OrderUpdateInfo) => void, onError: (err: unknown) => void): () => void;
  /** Every pool now, then again whenever prices move; resubscribes (and resends) after a reconnect. */
  poolUpdates(onPools: (pools: PoolInfo[]) => void, onError: (err: unknown) => void): () => void;
  /** The pair's book now, then again whenever its pools change; public. Returns the stop. */
  orderBookUpdates(base: string, quote: string, levels: number, onBook: (book: OrderBookInfo) => void, onError: (err: unknown) => void): () => void;
  /** The key's account's execution report over every order it has (read scope). */
  executionReport(): Promise<QualityReport>;
}
