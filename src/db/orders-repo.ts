/**
 * Orders and their event history. Every write that changes an order also appends its order_event
 * (with the full snapshot) in the same transaction, so the history and the row never disagree and
 * a subscriber can replay any gap exactly.
 */
import type { FailureCode, OrderStatus } from '../domain/order-status.js';
import { assertTransition, isTerminal } from '../domain/order.js';
import type { OrderFill, OrderUpdate, OrderView } from '../services/types.js';
import { decodeJson, encodeJson } from './codec.js';
import type { Db } from './connect.js';
import { rowToView, viewToRow } from './order-rows.js';
import { all, first, immediate, run } from './sync.js';

function eventOf(view: OrderView, detail: string | undefined): OrderUpdate {
  return { orderId: view.id, seq: view.seq, status: view.status, at: view.updatedAt, detail, order: view };
}

function insertEvent(db: Db, update: OrderUpdate): void {
  run(
    db,
    db.kysely.insertInto('order_events').values({
      order_id: update.orderId,
      seq: update.seq,
      status: update.status,
      at: update.at,
      detail: update.detail ?? null,
      snapshot: encodeJson(update.order),
    }),
  );
}

/** The order with this id. */
export function findOrder(db: Db, id: string): OrderView | undefined {
  const row = first(db, db.kysely.selectFrom('orders').selectAll().where('id', '=', id));
  return row && rowToView(row);
}

/** The order with this client-chosen idempotency key. */
export function findOrderByClientId(db: Db, clientOrderId: string): OrderView | undefined {
  const row = first(db, db.kysely.selectFrom('orders').selectAll().where('client_order_id', '=', clientOrderId));
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
    run(db, db.kysely.insertInto('orders').values(viewToRow(order)));
    const update = eventOf(order, detail);
    insertEvent(db, update);
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
 * Compare-and-set on one order: reads it, asks `decide` what to change (undefined = nothing), then
 * writes the row and its event with seq + 1. Runs in its own transaction, or as a savepoint inside
 * the caller's (the fill). Refuses to touch a terminal order or to move a status backwards.
 * @throws DomainError INVALID_TRANSITION when `decide` asks for a move the state machine forbids
 */
export function updateOrder(
  db: Db,
  id: string,
  at: number,
  decide: (current: OrderView) => OrderChange | undefined,
): { current: OrderView | undefined; update: OrderUpdate | undefined } {
  return immediate(db, () => {
    const current = findOrder(db, id);
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
    const row = viewToRow(next);
    run(
      db,
      db.kysely
        .updateTable('orders')
        .set({
          status: row.status,
          seq: row.seq,
          attempts: row.attempts,
          fill: row.fill,
          tx_hash: row.tx_hash,
          failure_code: row.failure_code,
          failure_message: row.failure_message,
          updated_at: row.updated_at,
        })
        .where('id', '=', id),
    );
    const update = eventOf(next, change.detail);
    insertEvent(db, update);
    return { current: next, update };
  });
}

/** The order's events with afterSeq < seq < beforeSeq (beforeSeq omitted: all later ones), in order. */
export function orderEventsBetween(db: Db, orderId: string, afterSeq: number, beforeSeq?: number): OrderUpdate[] {
  let q = db.kysely
    .selectFrom('order_events')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'asc');
  if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
  return all(db, q).map((r) => ({
    orderId: r.order_id,
    seq: r.seq,
    status: r.status as OrderStatus,
    at: r.at,
    detail: r.detail ?? undefined,
    order: decodeJson<OrderView>(r.snapshot),
  }));
}

/** The order's newest event: its current state as an update (what a new subscriber sees first). */
export function latestOrderEvent(db: Db, orderId: string): OrderUpdate | undefined {
  const r = first(
    db,
    db.kysely.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('seq', 'desc').limit(1),
  );
  return (
    r && {
      orderId: r.order_id,
      seq: r.seq,
      status: r.status as OrderStatus,
      at: r.at,
      detail: r.detail ?? undefined,
      order: decodeJson<OrderView>(r.snapshot),
    }
  );
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

/** Ids of every order not yet CONFIRMED or FAILED (to re-enqueue after a crash). */
export function nonTerminalOrderIds(db: Db): string[] {
  return all(
    db,
    db.kysely.selectFrom('orders').select('id').where('status', 'not in', ['CONFIRMED', 'FAILED']).orderBy('created_at'),
  ).map((r) => r.id);
}
