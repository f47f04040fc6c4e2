/** Maps orders rows to the service's OrderView and back. Row types stop here. */
import type { Selectable } from 'kysely';
import { findToken, type Token } from '../domain/tokens.js';
import type { FailureCode, OrderStatus } from '../domain/order-status.js';
import type { Route } from '../domain/route.js';
import type { OrderFill, OrderView } from '../domain/order-view.js';
import { decodeJson, encodeJson } from '../domain/codec.js';
import type { OrdersTable } from './schema.js';

export type OrderRow = Selectable<OrdersTable>;

function token(symbol: string): Token {
  const t = findToken(symbol);
  // Only symbols the API accepted are ever stored, so a miss means a corrupt row.
  if (t === undefined) throw new Error(`orders row names an unknown token: ${symbol}`);
  return t;
}

/** The OrderView of a row. */
export function rowToView(row: OrderRow): OrderView {
  return {
    id: row.id,
    clientOrderId: row.client_order_id,
    status: row.status as OrderStatus,
    seq: row.seq,
    tokenIn: token(row.token_in_symbol),
    tokenOut: token(row.token_out_symbol),
    amountIn: BigInt(row.amount_in),
    slippageBps: row.slippage_bps,
    quotedAmountOut: BigInt(row.quoted_amount_out),
    minAmountOut: BigInt(row.min_amount_out),
    quotedRoute: decodeJson<Route>(row.quoted_route),
    attempts: row.attempts,
    fill: row.fill === null ? undefined : decodeJson<OrderFill>(row.fill),
    failureCode: (row.failure_code ?? undefined) as FailureCode | undefined,
    failureMessage: row.failure_message ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The row holding `view` (used to insert a new order). */
export function viewToRow(view: OrderView): OrderRow {
  return {
    id: view.id,
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
    quoted_route: encodeJson(view.quotedRoute),
    attempts: view.attempts,
    fill: view.fill === undefined ? null : encodeJson(view.fill),
    tx_hash: view.fill?.txHash ?? null,
    failure_code: view.failureCode ?? null,
    failure_message: view.failureMessage ?? null,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
  };
}
