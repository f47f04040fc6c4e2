/**
 * Orders and their event history. Every write that changes an order also appends its order_event
 * in the same transaction, so the history and the row never disagree and a subscriber can replay
 * any gap exactly.
 *
 * An event row stores the order's MUTABLE state after its transition (attempts, fill, failure; the
 * status, seq and time are columns). The immutable rest (tokens, amounts, the quoted route...) is
 * the orders row's, so an event's full snapshot is the row's immutable part + the event's state.
 * Rows written before this format hold the whole snapshot (they have an `id`) and are read as such.
 *
 * The hot statements are raw prepared statements: compiling Kysely queries per call cost more than
 * running them.
 */
import type { FailureCode, OrderStatus } from '../domain/order-status.js';
import { assertTransition, isTerminal } from '../domain/order.js';
import { orderAt, updateOf, type OrderFill, type OrderUpdate, type OrderView } from '../domain/order-view.js';
import { decodeJson, encodeJson } from '../domain/codec.js';
import type { Db } from './connect.js';
import { rowToView, viewToRow, type OrderRow } from './order-rows.js';
import { all, immediate, onRollback, preparedSet } from './transactions.js';

const statements = preparedSet({
  byId: 'SELECT * FROM orders WHERE id = ?',
  byClientId: 'SELECT * FROM orders WHERE client_order_id = ?',
  seqOf: 'SELECT seq FROM orders WHERE id = ?',
  insertOrder: `INSERT INTO orders (id, client_order_id, status, seq, token_in_mint, token_in_symbol, token_out_mint,
      token_out_symbol, amount_in, slippage_bps, quoted_amount_out, min_amount_out, quoted_route, attempts, fill, tx_hash,
      failure_code, failure_message, created_at, updated_at)
    VALUES (@id, @client_order_id, @status, @seq, @token_in_mint, @token_in_symbol, @token_out_mint, @token_out_symbol,
      @amount_in, @slippage_bps, @quoted_amount_out, @min_amount_out, @quoted_route, @attempts, @fill, @tx_hash,
      @failure_code, @failure_message, @created_at, @updated_at)`,
  updateOrder: `UPDATE orders SET status = ?, seq = ?, attempts = ?, fill = ?, tx_hash = ?, failure_code = ?,
      failure_message = ?, updated_at = ? WHERE id = ?`,
  insertEvent: 'INSERT INTO order_events (order_id, seq, status, at, detail, snapshot) VALUES (?, ?, ?, ?, ?, ?)',
  eventsAfter: 'SELECT * FROM order_events WHERE order_id = ? AND seq > ? ORDER BY seq',
  eventsBetween: 'SELECT * FROM order_events WHERE order_id = ? AND seq > ? AND seq < ? ORDER BY seq',
  latestEvent: 'SELECT * FROM order_events WHERE order_id = ? ORDER BY seq DESC LIMIT 1',
});

interface EventRow {
  order_id: string;
  seq: number;
  status: string;
  at: number;
  detail: string | null;
  snapshot: string;
}

/** What an event row's snapshot column holds (the current format). */
interface EventState {
  readonly attempts: number;
  readonly fill?: OrderFill;
  readonly failureCode?: FailureCode;
  readonly failureMessage?: string;
}

/** The event's state as JSON; `fillJson` is the fill already encoded for the orders row. */
function encodeEventState(view: OrderView, fillJson: string | null): string {
  let s = `{"attempts":${view.attempts}`;
  if (fillJson !== null) s += `,"fill":${fillJson}`;
  if (view.failureCode !== undefined) s += `,"failureCode":${JSON.stringify(view.failureCode)}`;
  if (view.failureMessage !== undefined) s += `,"failureMessage":${JSON.stringify(view.failureMessage)}`;
  return s + '}';
}

function insertEvent(db: Db, update: OrderUpdate, fillJson: string | null): void {
  const o = update.order;
  statements(db).insertEvent.run(update.orderId, update.seq, update.status, update.at, update.detail ?? null, encodeEventState(o, fillJson));
}

/** The update an event row records; `base` is the order (any seq) it belongs to. */
function eventToUpdate(base: OrderView, r: EventRow): OrderUpdate {
  const stored = decodeJson<EventState | OrderView>(r.snapshot);
  const status = r.status as OrderStatus;
  const order = 'id' in stored ? stored : orderAt(base, { ...stored, status, seq: r.seq, at: r.at });
  return { orderId: r.order_id, seq: r.seq, status, at: r.at, detail: r.detail ?? undefined, order };
}

/** The order with this id. */
export function findOrder(db: Db, id: string): OrderView | undefined {
  const row = statements(db).byId.get(id) as OrderRow | undefined;
  return row && rowToView(row);
}

/** The order's stored seq (its latest transition), or undefined for an unknown id. */
export function orderSeq(db: Db, id: string): number | undefined {
  return (statements(db).seqOf.get(id) as { seq: number } | undefined)?.seq;
}

/** The order with this client-chosen idempotency key. */
export function findOrderByClientId(db: Db, clientOrderId: string): OrderView | undefined {
  const row = statements(db).byClientId.get(clientOrderId) as OrderRow | undefined;
  return row && rowToView(row);
}

/**
 * Inserts `order` (seq 1) with its first event unless an order with the same clientOrderId exists,
 * in one transaction: of two racing submissions exactly one inserts, the other gets the winner.
 */
export function insertOrderOrGetExisting(
  db: Db,
  order: OrderView,
  detail: string,
): { order: OrderView; inserted: true; update: OrderUpdate } | { order: OrderView; inserted: false } {
  return immediate(db, () => {
    const existing = findOrderByClientId(db, order.clientOrderId);
    if (existing) return { order: existing, inserted: false as const };
    const row = viewToRow(order);
    statements(db).insertOrder.run(row);
    const update = updateOf(order, detail);
    insertEvent(db, update, row.fill);
    rememberWritten(db, order);
    return { order, inserted: true as const, update };
  });
}

/** What one persisted step changes; `status` equal to the current one records a note (a retry). */
export interface OrderChange {
  readonly status: OrderStatus;
  readonly detail: string;
  readonly attempts?: number;
  readonly fill?: OrderFill;
  readonly failureCode?: FailureCode;
  readonly failureMessage?: string;
}

/**
 * Views of non-terminal orders this connection wrote last (bounded): in one process with the API
 * and the worker, the worker's first read of a job's order is then a seq check, not a decode.
 */
const recent = new WeakMap<Db['sqlite'], Map<string, OrderView>>();
const MAX_RECENT = 5_000;

function rememberWritten(db: Db, view: OrderView): void {
  let m = recent.get(db.sqlite);
  if (!m) recent.set(db.sqlite, (m = new Map()));
  m.delete(view.id);
  if (isTerminal(view.status)) return;
  m.set(view.id, view);
  if (m.size > MAX_RECENT) m.delete(m.keys().next().value as string);
  // Undone with its transaction: a later write by another process could reuse the seq.
  onRollback(db, () => {
    if (m.get(view.id) === view) m.delete(view.id);
  });
}

/**
 * The order as stored now. `known` (a view the caller holds, else one this connection recently
 * wrote) is returned as is when the stored seq still equals its seq (every change bumps seq, so
 * nothing changed since): a one-column read instead of reading and decoding the row. Call inside
 * a transaction to act on the answer.
 */
export function currentOrder(db: Db, id: string, known: OrderView | undefined = recent.get(db.sqlite)?.get(id)): OrderView | undefined {
  if (known !== undefined && known.id === id) {
    const row = statements(db).seqOf.get(id) as { seq: number } | undefined;
    if (row === undefined) return undefined;
    if (row.seq === known.seq) return known;
  }
  return findOrder(db, id);
}

/**
 * Compare-and-set on one order: reads it (or confirms that `known` is still current, see
 * currentOrder), asks `decide` what to change (undefined = nothing), then writes the row and its
 * event with seq + 1. Runs in its own transaction, or as a savepoint inside the caller's (the fill,
 * a group commit). Refuses to touch a terminal order or to move a status backwards.
 * @throws DomainError INVALID_TRANSITION when `decide` asks for a move the state machine forbids
 */
export function updateOrder(
  db: Db,
  id: string,
  at: number,
  decide: (current: OrderView) => OrderChange | undefined,
  known?: OrderView,
): { current: OrderView | undefined; update: OrderUpdate | undefined } {
  return immediate(db, () => {
    const current = currentOrder(db, id, known);
    if (!current || isTerminal(current.status)) return { current, update: undefined };
    const change = decide(current);
    if (!change) return { current, update: undefined };
    if (change.status !== current.status) assertTransition(current.status, change.status);
    const next: OrderView = {
      ...current,
      status: change.status,
      seq: current.seq + 1,
      attempts: change.attempts ?? current.attempts,
      fill: change.fill ?? current.fill,
      failureCode: change.failureCode ?? current.failureCode,
      failureMessage: change.failureMessage ?? current.failureMessage,
      updatedAt: at,
    };
    const fillJson = next.fill === undefined ? null : encodeJson(next.fill);
    statements(db).updateOrder.run(
      next.status,
      next.seq,
      next.attempts,
      fillJson,
      next.fill?.txHash ?? null,
      next.failureCode ?? null,
      next.failureMessage ?? null,
      next.updatedAt,
      id,
    );
    const update = updateOf(next, change.detail);
    insertEvent(db, update, fillJson);
    rememberWritten(db, next);
    return { current: next, update };
  });
}

/** The order's events with afterSeq < seq < beforeSeq (beforeSeq omitted: all later ones), in order. */
export function orderEventsBetween(db: Db, orderId: string, afterSeq: number, beforeSeq?: number): OrderUpdate[] {
  const s = statements(db);
  const rows = (beforeSeq === undefined ? s.eventsAfter.all(orderId, afterSeq) : s.eventsBetween.all(orderId, afterSeq, beforeSeq)) as EventRow[];
  if (rows.length === 0) return [];
  const base = findOrder(db, orderId);
  if (!base) return [];
  return rows.map((r) => eventToUpdate(base, r));
}

/** The order's newest event: its current state as an update (what a new subscriber sees first). */
export function latestOrderEvent(db: Db, orderId: string): OrderUpdate | undefined {
  const r = statements(db).latestEvent.get(orderId) as EventRow | undefined;
  if (!r) return undefined;
  const base = findOrder(db, orderId);
  return base && eventToUpdate(base, r);
}

/** Up to `limit` orders newest first, strictly after the (createdAt, id) cursor when given. */
export function listOrderRows(
  db: Db,
  args: { limit: number; after?: { createdAt: number; id: string }; status?: OrderStatus },
): OrderView[] {
  let q = db.kysely.selectFrom('orders').selectAll();
  if (args.status) q = q.where('status', '=', args.status);
  const after = args.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  return all(db, q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(args.limit)).map(rowToView);
}

/**
 * Up to `limit` non-terminal orders untouched since before `updatedBefore`, stalest first, strictly
 * after the (updatedAt, id) cursor when given: what the reconciler pages through.
 */
export function staleOpenOrders(
  db: Db,
  updatedBefore: number,
  limit: number,
  after?: { readonly updatedAt: number; readonly id: string },
): { id: string; updatedAt: number }[] {
  let q = db.kysely
    .selectFrom('orders')
    .select(['id', 'updated_at'])
    .where('status', 'in', ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED'])
    .where('updated_at', '<', updatedBefore);
  if (after) {
    q = q.where((eb) => eb.or([eb('updated_at', '>', after.updatedAt), eb.and([eb('updated_at', '=', after.updatedAt), eb('id', '>', after.id)])]));
  }
  return all(db, q.orderBy('updated_at').orderBy('id').limit(limit)).map((r) => ({ id: r.id, updatedAt: r.updated_at }));
}

/** The stored seq of each of `ids` that exists (chunked: SQLite caps bound parameters). */
export function currentSeqs(db: Db, ids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of all(db, db.kysely.selectFrom('orders').select(['id', 'seq']).where('id', 'in', chunk))) out.set(r.id, r.seq);
  }
  return out;
}
