/**
 * Maps orders rows and order_events rows to the domain read model and back, for both engines. Row
 * types stop here.
 *
 * An event row stores the order's MUTABLE state after its transition (attempts, fill, failure; the
 * status, seq and time are columns). The immutable rest (tokens, amounts, the quoted route...) is
 * the order's, so an event's full snapshot is the order's immutable part + the event's state.
 * Rows written before this format hold the whole snapshot (they have an `id`) and are read as such.
 */
import type { Selectable } from 'kysely';
import { decodeJson, encodeJson } from '../domain/codec.js';
import type { ConditionalOrder } from '../domain/conditional/types.js';
import type { FailureCode, OrderStatus, OrderType } from '../domain/order-status.js';
import { orderAt, quoteOf, type OrderFill, type OrderQuote, type OrderUpdate, type OrderView } from '../domain/order-view.js';
import type { Route } from '../domain/route.js';
import { findToken, type Token } from '../domain/tokens.js';
import type { REPORT_COLUMNS } from './report-columns.js';
import type { OrderEventsTable, OrdersTable } from './schema.js';

export type OrderRow = Selectable<OrdersTable>;
/** A row without the report's columns (report-columns.ts), which transitions write. */
export type BaseOrderRow = Omit<OrderRow, (typeof REPORT_COLUMNS)[number]>;
export type EventRow = Selectable<OrderEventsTable>;

/** The tokens column: the tokens of an order that a symbol cannot rebuild. */
interface StoredTokens {
  readonly tokenIn?: Token;
  readonly tokenOut?: Token;
}

function token(symbol: string, mint: string, stored: Token | undefined): Token {
  const t = findToken(symbol);
  if (t !== undefined && t.mint === mint) return t;
  if (stored !== undefined && stored.mint === mint) return stored;
  // Only tokens the API accepted are ever stored, so a miss means a corrupt row.
  throw new Error(`orders row names an unknown token: ${symbol}`);
}

/** A token a symbol lookup rebuilds (the static ones); the others are stored whole. */
const isStatic = (t: Token): boolean => findToken(t.symbol)?.mint === t.mint;

/** The tokens column for an order with these tokens (null: both static). */
export function tokensColumn(tokenIn: Token, tokenOut: Token): string | null {
  if (isStatic(tokenIn) && isStatic(tokenOut)) return null;
  return encodeJson({ tokenIn: isStatic(tokenIn) ? undefined : tokenIn, tokenOut: isStatic(tokenOut) ? undefined : tokenOut });
}

/** The OrderView of a row (`route`: the quoted route's JSON, kept apart from the hot row). */
export function rowToView(row: OrderRow, route: string): OrderView {
  const tokens = row.tokens === null ? undefined : decodeJson<StoredTokens>(row.tokens);
  return {
    id: row.id,
    type: (row.type ?? 'MARKET') as OrderType,
    condition: row.condition === null || row.condition === undefined ? undefined : decodeJson<ConditionalOrder>(row.condition),
    expiresAt: row.expires_at === null || row.expires_at === undefined ? undefined : Number(row.expires_at),
    accountId: row.account_id,
    clientOrderId: row.client_order_id,
    status: row.status as OrderStatus,
    seq: Number(row.seq),
    tokenIn: token(row.token_in_symbol, row.token_in_mint, tokens?.tokenIn),
    tokenOut: token(row.token_out_symbol, row.token_out_mint, tokens?.tokenOut),
    amountIn: BigInt(row.amount_in),
    slippageBps: Number(row.slippage_bps),
    quotedAmountOut: BigInt(row.quoted_amount_out),
    minAmountOut: BigInt(row.min_amount_out),
    quotedRoute: decodeJson<Route>(route),
    attempts: Number(row.attempts),
    fill: row.fill === null ? undefined : decodeJson<OrderFill>(row.fill),
    failureCode: (row.failure_code ?? undefined) as FailureCode | undefined,
    failureMessage: row.failure_message ?? undefined,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The row holding `view` (used to insert a new order), and its quoted route's JSON. */
export function viewToRow(view: OrderView): { row: BaseOrderRow; route: string } {
  return {
    row: {
      id: view.id,
      account_id: view.accountId,
      client_order_id: view.clientOrderId,
      status: view.status,
      seq: view.seq,
      token_in_mint: view.tokenIn.mint,
      token_in_symbol: view.tokenIn.symbol,
      token_out_mint: view.tokenOut.mint,
      token_out_symbol: view.tokenOut.symbol,
      amount_in: view.amountIn.toString(),
      slippage_bps: view.slippageBps,
      quoted_amount_out: view.quotedAmountOut.toString(),
      min_amount_out: view.minAmountOut.toString(),
      attempts: view.attempts,
      fill: view.fill === undefined ? null : encodeJson(view.fill),
      tx_hash: view.fill?.txHash ?? null,
      failure_code: view.failureCode ?? null,
      failure_message: view.failureMessage ?? null,
      created_at: view.createdAt,
      updated_at: view.updatedAt,
      type: view.type,
      condition: view.condition === undefined ? null : encodeJson(view.condition),
      expires_at: view.expiresAt ?? null,
      tokens: tokensColumn(view.tokenIn, view.tokenOut),
    },
    route: encodeJson(view.quotedRoute),
  };
}

/** What an event row's snapshot column holds (the current format). */
interface EventState {
  readonly attempts: number;
  readonly fill?: OrderFill;
  readonly failureCode?: FailureCode;
  readonly failureMessage?: string;
  /** A conditional order's quote after the transition (see order-view.ts quoteOf). */
  readonly quote?: OrderQuote;
}

/** The event's state as JSON; `fillJson` is the fill already encoded for the orders row. */
export function encodeEventState(view: OrderView, fillJson: string | null): string {
  let s = `{"attempts":${view.attempts}`;
  if (fillJson !== null) s += `,"fill":${fillJson}`;
  if (view.failureCode !== undefined) s += `,"failureCode":${JSON.stringify(view.failureCode)}`;
  if (view.failureMessage !== undefined) s += `,"failureMessage":${JSON.stringify(view.failureMessage)}`;
  const quote = quoteOf(view);
  if (quote !== undefined) s += `,"quote":${encodeJson(quote)}`;
  return s + '}';
}

/** The update an event row records; `base` is the order (any seq) it belongs to. */
export function eventToUpdate(base: OrderView, r: EventRow): OrderUpdate {
  const stored = decodeJson<EventState | OrderView>(r.snapshot);
  const status = r.status as OrderStatus;
  const seq = Number(r.seq);
  const at = Number(r.at);
  const order = 'id' in stored ? stored : orderAt(base, { ...stored, status, seq, at });
  return { orderId: r.order_id, seq, status, at, detail: r.detail ?? undefined, order };
}
