/**
 * The statements that write orders on PostgreSQL, each taking a whole batch as arrays (unnest), so
 * one statement text serves any batch size and stays prepared:
 * - inserts: the orders, their routes and first events, skipping a clientOrderId already taken
 *   (ON CONFLICT DO NOTHING); gives back the ids it inserted;
 * - changes: a compare-and-set on seq for each order with its event, in one statement; gives back
 *   the ids whose seq still was the expected one (the others lost a race and were not touched).
 * The fill's transaction embeds the same change statement (see market-writes.ts).
 */
import { encodeJson } from '../../domain/codec.js';
import { assertTransition } from '../../domain/order.js';
import type { OrderStatus } from '../../domain/order-status.js';
import { updateOf, type OrderUpdate, type OrderView } from '../../domain/order-view.js';
import { encodeEventState, tokensColumn, viewToRow } from '../order-rows.js';
import type { OrderChange } from '../port.js';
import { REPORT_COLUMNS, reportValues, STAGE_COLUMNS } from '../report-columns.js';
import { statement } from './unit-of-work.js';

/** A new order ready to insert. */
export interface NewOrder {
  readonly order: OrderView;
  readonly update: OrderUpdate;
}

/** One order change ready to write: the order after it (seq + 1) and its event. */
export interface ChangeRow {
  /** The status before the change (which stage time it stamps: report-columns.ts). */
  readonly from: OrderStatus;
  readonly next: OrderView;
  readonly update: OrderUpdate;
  readonly fillJson: string | null;
  /** The new quoted route a conditional order's trigger fixed; null: the route stands. */
  readonly routeJson: string | null;
}

/**
 * The order after `change` (seq + 1, stamped `at`) and its event.
 * @throws DomainError INVALID_TRANSITION when the state machine forbids the move
 */
export function applyChange(current: OrderView, change: OrderChange, at: number): ChangeRow {
  if (change.status !== current.status) assertTransition(current.status, change.status);
  const next: OrderView = {
    ...current,
    ...change.quote,
    status: change.status,
    seq: current.seq + 1,
    attempts: change.attempts ?? current.attempts,
    fill: change.fill ?? current.fill,
    failureCode: change.failureCode ?? current.failureCode,
    failureMessage: change.failureMessage ?? current.failureMessage,
    updatedAt: at,
  };
  return {
    from: current.status,
    next,
    update: updateOf(next, change.detail),
    fillJson: next.fill === undefined ? null : encodeJson(next.fill),
    routeJson: change.quote === undefined ? null : encodeJson(change.quote.quotedRoute),
  };
}

const INSERT_COLUMNS = [
  ['id', 'text'],
  ['account_id', 'text'],
  ['client_order_id', 'text'],
  ['status', 'text'],
  ['seq', 'int'],
  ['token_in_mint', 'text'],
  ['token_in_symbol', 'text'],
  ['token_out_mint', 'text'],
  ['token_out_symbol', 'text'],
  ['amount_in', 'text'],
  ['slippage_bps', 'int'],
  ['quoted_amount_out', 'text'],
  ['min_amount_out', 'text'],
  ['attempts', 'int'],
  ['fill', 'text'],
  ['tx_hash', 'text'],
  ['failure_code', 'text'],
  ['failure_message', 'text'],
  ['created_at', 'bigint'],
  ['updated_at', 'bigint'],
  ['type', 'text'],
  ['condition', 'text'],
  ['expires_at', 'bigint'],
  ['tokens', 'text'],
] as const;

const orderColumns = INSERT_COLUMNS.map(([c]) => c).join(', ');
const unnestOf = (types: readonly string[], first: number) => types.map((t, i) => `$${first + i}::${t}[]`).join(', ');

export const INSERT_ORDERS = statement(
  'oee_insert_orders',
  `WITH v AS (
     SELECT * FROM unnest(${unnestOf([...INSERT_COLUMNS.map(([, t]) => t), 'text', 'bigint', 'text', 'text'], 1)})
       AS v(${orderColumns}, route, at, detail, snapshot)
   ), ins AS (
     INSERT INTO orders (${orderColumns}) SELECT ${orderColumns} FROM v
     ON CONFLICT (account_id, client_order_id) DO NOTHING RETURNING id
   ), r AS (
     INSERT INTO order_routes (order_id, route) SELECT v.id, v.route FROM v JOIN ins ON ins.id = v.id
   ), e AS (
     INSERT INTO order_events (order_id, seq, status, at, detail, snapshot)
     SELECT v.id, v.seq, v.status, v.at, v.detail, v.snapshot FROM v JOIN ins ON ins.id = v.id
   )
   SELECT id FROM ins`,
);

/** The parameters of INSERT_ORDERS for `rows`: one array per column. */
export function insertParams(rows: readonly NewOrder[]): unknown[][] {
  const cols: unknown[][] = Array.from({ length: INSERT_COLUMNS.length + 4 }, () => []);
  for (const { order, update } of rows) {
    const { row, route } = viewToRow(order);
    INSERT_COLUMNS.forEach(([c], i) => cols[i]!.push(row[c]));
    const n = INSERT_COLUMNS.length;
    cols[n]!.push(route);
    cols[n + 1]!.push(update.at);
    cols[n + 2]!.push(update.detail ?? null);
    cols[n + 3]!.push(encodeEventState(order, row.fill));
  }
  return cols;
}

const REPORT_TYPES: Record<(typeof REPORT_COLUMNS)[number], string> = {
  triggered_at: 'bigint',
  routing_at: 'bigint',
  building_at: 'bigint',
  submitted_at: 'bigint',
  ended_at: 'bigint',
  venues: 'text',
  amount_out: 'text',
  best_single_out: 'text',
  fill_slippage_bps: 'float8',
  impact_bps: 'float8',
  savings_bps: 'float8',
  savings_atoms: 'bigint',
  fee_mint_1: 'text',
  fee_atoms_1: 'bigint',
  fee_mint_2: 'text',
  fee_atoms_2: 'bigint',
  fee_mint_3: 'text',
  fee_atoms_3: 'bigint',
};
const CHANGE_TYPES = [
  ...['text', 'int', 'text', 'int', 'text', 'text', 'text', 'text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'],
  ...REPORT_COLUMNS.map((c) => REPORT_TYPES[c]),
];
/** Parameters a change CTE takes. */
export const CHANGE_PARAMS = CHANGE_TYPES.length;

/**
 * The CTEs `chg` (the changes), `upd` (the orders moved: their seq was still the one before) and
 * `evt` (their events), and `rte` (the routes a trigger re-quoted), reading parameters $first …
 * $first+16. The quote columns are written from the order after the change (unchanged but for a
 * trigger's new quote). The caller selects from `upd`.
 * Every id may appear once (two changes of one order in one statement would both see the old row).
 */
export function changeCtes(first: number): string {
  return `chg AS (
     SELECT * FROM unnest(${unnestOf(CHANGE_TYPES, first)})
       AS chg(id, seq, status, attempts, fill, tx_hash, failure_code, failure_message, at, detail, snapshot,
         token_out_mint, token_out_symbol, quoted_amount_out, min_amount_out, tokens, route, ${REPORT_COLUMNS.join(', ')})
   ), upd AS (
     UPDATE orders o SET status = chg.status, seq = chg.seq, attempts = chg.attempts, fill = chg.fill, tx_hash = chg.tx_hash,
       failure_code = chg.failure_code, failure_message = chg.failure_message, updated_at = chg.at,
       token_out_mint = chg.token_out_mint, token_out_symbol = chg.token_out_symbol,
       quoted_amount_out = chg.quoted_amount_out, min_amount_out = chg.min_amount_out, tokens = chg.tokens,
       ${REPORT_COLUMNS.map((c) => (STAGE_COLUMNS.includes(c) ? `${c} = coalesce(o.${c}, chg.${c})` : `${c} = chg.${c}`)).join(', ')}
     FROM chg WHERE o.id = chg.id AND o.seq = chg.seq - 1
     RETURNING o.id
   ), evt AS (
     INSERT INTO order_events (order_id, seq, status, at, detail, snapshot)
     SELECT chg.id, chg.seq, chg.status, chg.at, chg.detail, chg.snapshot FROM chg JOIN upd ON upd.id = chg.id
   ), rte AS (
     UPDATE order_routes r SET route = chg.route FROM chg JOIN upd ON upd.id = chg.id
     WHERE r.order_id = chg.id AND chg.route IS NOT NULL
   )`;
}

export const WRITE_CHANGES = statement('oee_write_changes', `WITH ${changeCtes(1)} SELECT id FROM upd`);

/** The parameters of a change CTE for `rows` (ids sorted, so concurrent batches lock rows in one order). */
export function changeParams(rows: readonly ChangeRow[]): unknown[][] {
  const sorted = [...rows].sort((a, b) => (a.next.id < b.next.id ? -1 : a.next.id > b.next.id ? 1 : 0));
  const cols: unknown[][] = Array.from({ length: CHANGE_PARAMS }, () => []);
  for (const { from, next, update, fillJson, routeJson } of sorted) {
    const values = [
      next.id,
      next.seq,
      next.status,
      next.attempts,
      fillJson,
      next.fill?.txHash ?? null,
      next.failureCode ?? null,
      next.failureMessage ?? null,
      next.updatedAt,
      update.detail ?? null,
      encodeEventState(next, fillJson),
      next.tokenOut.mint,
      next.tokenOut.symbol,
      next.quotedAmountOut.toString(),
      next.minAmountOut.toString(),
      tokensColumn(next.tokenIn, next.tokenOut),
      routeJson,
      ...reportValues(from, next, next.updatedAt),
    ];
    values.forEach((v, i) => cols[i]!.push(v));
  }
  return cols;
}
