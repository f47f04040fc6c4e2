/** What the panels need from the server, in the page's own shapes (implemented in web/api/backend.ts). */
import type { OrderInfo, OrderUpdateInfo, PoolInfo, QuoteInfo, TokenInfo } from './model.js';

export interface QuoteRequest {
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly slippageBps: number;
}

export interface SubmitRequest extends QuoteRequest {
  readonly clientOrderId: string;
}

export interface Backend {
  tokens(): Promise<TokenInfo[]>;
  quote(req: QuoteRequest): Promise<QuoteInfo>;
  submit(req: SubmitRequest): Promise<OrderInfo>;
  /** The newest orders, newest first. */
  latestOrders(first: number): Promise<OrderInfo[]>;
  /** Every order's transitions; resubscribes by itself after a reconnect. */
  orderUpdates(onUpdate: (u: OrderUpdateInfo) => void, onError: (err: unknown) => void): () => void;
  /** Every pool now, then again whenever prices move; resubscribes (and resends) after a reconnect. */
  poolUpdates(onPools: (pools: PoolInfo[]) => void, onError: (err: unknown) => void): () => void;
}
