/**
 * The page's own view of the API's data. Panels read only these shapes; web/api/adapt.ts maps the
 * generated GraphQL result types onto them, so a schema change touches one file.
 * Amounts stay decimal strings, as the API sends them.
 */

export const LIFECYCLE = ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED'] as const;
/** OPEN: a conditional order resting before PENDING; CANCELLED and EXPIRED end it without a fill. */
export type Status = (typeof LIFECYCLE)[number] | 'FAILED' | 'OPEN' | 'CANCELLED' | 'EXPIRED';
export const ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP', 'SNIPER'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export type Venue = string; // 'RAYDIUM' | 'METEORA', kept open so a new venue still renders

export interface TokenInfo {
  readonly symbol: string;
  readonly name: string;
  readonly decimals: number;
  /** SOL and WSOL share the native mint: how the page tells a wrapped amount is the trader's SOL. */
  readonly mint: string;
  /** True for native SOL (wrapped into WSOL around the swap). */
  readonly native: boolean;
}

export interface Leg {
  readonly venue: Venue;
  readonly poolId: string;
  /** Which of the route's paths (0 unless the route is MULTI_PATH). */
  readonly path: number;
  /** The hop within its path. */
  readonly hop: number;
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly amountOut: string;
  readonly shareBps: number;
}

export interface RouteInfo {
  readonly kind: string; // DIRECT | SPLIT | TWO_HOP | THREE_HOP | MULTI_PATH
  readonly legs: readonly Leg[];
  readonly steps: readonly string[]; // WRAP_SOL | UNWRAP_SOL
}

export interface FeeInfo {
  readonly token: string;
  readonly amount: string;
}

export interface QuoteInfo {
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly amountOut: string;
  readonly minAmountOut: string;
  readonly priceImpactBps: number;
  readonly savingsBps: number;
  readonly fees: readonly FeeInfo[];
  readonly route: RouteInfo;
  readonly alternatives: readonly VenueQuoteInfo[];
}

/** What one venue alone would give for the whole order, through its direct pool for the pair. */
export interface VenueQuoteInfo {
  readonly venue: Venue;
  /** null when the venue has no direct pool for the pair. */
  readonly poolId: string | null;
  /** null when there is no pool, or the pool cannot fill this amount (not enough liquidity). */
  readonly amountOut: string | null;
}

/** Pool ids a quote depends on: its route's legs and each venue's direct pool. */
export function quotePoolIds(q: QuoteInfo): Set<string> {
  const ids = new Set<string>();
  for (const l of q.route.legs) if (l.poolId !== '') ids.add(l.poolId);
  for (const a of q.alternatives) if (a.poolId !== null) ids.add(a.poolId);
  return ids;
}

export interface OrderInfo {
  readonly id: string;
  readonly clientOrderId: string;
  readonly type: OrderType;
  readonly status: Status;
  /** Per-order sequence number of the latest transition this snapshot reflects. */
  readonly seq: number;
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  /** The slippage tolerance the order was submitted with. */
  readonly slippageBps: number;
  readonly quotedAmountOut: string | null;
  readonly minAmountOut: string | null;
  readonly route: RouteInfo | null;
  readonly priceImpactBps: number | null;
  readonly savingsBps: number | null;
  readonly txHash: string | null;
  readonly executedAmountOut: string | null;
  readonly executedPrice: string | null;
  /** Executed against quoted, signed bps, positive = worse than quoted. */
  readonly executedSlippageBps: number | null;
  readonly failureCode: string | null;
  readonly failureMessage: string | null;
  readonly attempts: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** LIMIT: the least tokenOut per whole tokenIn. */
  readonly limitPrice: string | null;
  /** STOP: the tokenOut per tokenIn at or below which it triggers. */
  readonly stopPrice: string | null;
  /** SNIPER's conditions. */
  readonly minLiquidity: string | null;
  readonly maxPriceImpactBps: number | null;
  /** When an order still OPEN ends EXPIRED (epoch ms); null: good until cancelled. */
  readonly expiresAt: number | null;
}

export interface OrderUpdateInfo {
  readonly seq: number;
  readonly status: Status;
  readonly at: number;
  readonly detail: string | null;
  readonly order: OrderInfo;
}

/** One page of the `orders` connection, newest first. */
export interface OrdersPage {
  readonly orders: readonly OrderInfo[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

export interface PoolInfo {
  readonly id: string;
  readonly venue: Venue;
  readonly kind: string;
  readonly tokenX: string;
  readonly tokenY: string;
  /** tokenY per tokenX, decimal string. */
  readonly price: string;
  readonly feeBps: number;
}

export function isTerminal(status: Status): boolean {
  return status === 'CONFIRMED' || status === 'FAILED' || status === 'CANCELLED' || status === 'EXPIRED';
}

/** What cancelOrder may still take: resting, or queued before a worker took it (the server decides which). */
export function isCancellable(status: Status): boolean {
  return status === 'OPEN' || status === 'PENDING';
}

/** One price level of one side of one pool; prices quote per base, amounts in whole tokens. */
export interface BookLevelInfo {
  readonly price: string;
  readonly cumulativeBase: string;
}

export interface VenueBookInfo {
  readonly venue: Venue;
  readonly kind: string;
  readonly poolId: string;
  readonly mid: string;
  /** Price ascending. */
  readonly asks: readonly BookLevelInfo[];
  /** Price descending. */
  readonly bids: readonly BookLevelInfo[];
}

/** A pair's mock order book: each pool's levels on both sides. */
export interface OrderBookInfo {
  readonly base: string;
  readonly quote: string;
  readonly baseMint: string;
  readonly quoteMint: string;
  readonly version: number;
  readonly venues: readonly VenueBookInfo[];
}

/** Venues an order's route touches, in first-leg order. */
export function routeVenues(route: RouteInfo | null): Venue[] {
  if (route === null) return [];
  return [...new Set(route.legs.map((l) => l.venue))];
}

/** What an API key may do, as the CLI spells it. */
export type KeyScope = 'read' | 'trade' | 'admin';

/** Who the page is signed in as: the `viewer` of its key. */
export interface ViewerInfo {
  readonly accountId: string;
  readonly accountName: string;
  readonly keyName: string;
  /** The key's public start (`oee_xxxxxxxx`): the only part of it the page shows. */
  readonly keyPrefix: string;
  readonly scopes: readonly KeyScope[];
}
