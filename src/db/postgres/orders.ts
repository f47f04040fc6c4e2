/**
 * Orders and their event history on PostgreSQL. The hot calls are batched per event-loop turn
 * (batcher.ts): the reads of a turn are one `= ANY($1)` query, its inserts one statement, its
 * transitions one compare-and-set statement (order-writes.ts). Every write appends the order's
 * event in the same statement, so the history and the row never disagree.
 *
 * A transition trusts the view the caller holds (`known`) and writes against its seq without
 * reading first: the compare-and-set in the statement is the check. One that lost the race (the
 * stored seq moved) reads the order again and asks `decide` again.
 */
import { isTerminal } from '../../domain/order.js';
import { updateOf, type OrderUpdate, type OrderView } from '../../domain/order-view.js';
import { eventToUpdate, rowToView, type EventRow, type OrderRow } from '../order-rows.js';
import type { Database } from '../schema.js';
import type { InsertResult, OrderChange, OrderPageArgs, TransitionResult } from '../port.js';
import type { Kysely } from 'kysely';
import type { Batcher, Settled } from './batcher.js';
import { expiredRestingIds, listOrders, restingOrderIds, restingOrders, staleOpenOrders } from '../order-queries.js';
import { applyChange, changeParams, insertParams, INSERT_ORDERS, WRITE_CHANGES, type ChangeRow, type NewOrder } from './order-writes.js';
import { statement, type PgUnitOfWork } from './unit-of-work.js';

export const ORDER_SQL = {
  byIds: statement('oee_orders_by_ids', 'SELECT o.*, r.route FROM orders o JOIN order_routes r ON r.order_id = o.id WHERE o.id = ANY($1::text[])'),
  byClientIds: statement(
    'oee_orders_by_client_ids',
    'SELECT o.*, r.route FROM orders o JOIN order_routes r ON r.order_id = o.id WHERE o.account_id = $1 AND o.client_order_id = ANY($2::text[])',
  ),
  seqs: statement('oee_order_seqs', 'SELECT id, seq FROM orders WHERE id = ANY($1::text[])'),
  eventsAfter: statement('oee_events_after', 'SELECT * FROM order_events WHERE order_id = $1 AND seq > $2 ORDER BY seq'),
  eventsBetween: statement('oee_events_between', 'SELECT * FROM order_events WHERE order_id = $1 AND seq > $2 AND seq < $3 ORDER BY seq'),
  latestEvent: statement('oee_latest_event', 'SELECT * FROM order_events WHERE order_id = $1 ORDER BY seq DESC LIMIT 1'),
};

/** Views of non-terminal orders this process wrote last, at most this many. */
const MAX_RECENT = 5_000;

type RowWithRoute = OrderRow & { route: string };

/** Each request's row by `key`, from one query over the distinct keys. */
function byKey<T>(keys: readonly string[], rows: readonly T[], key: (row: T) => string): Settled<T | undefined>[] {
  const found = new Map<string, T>();
  for (const r of rows) found.set(key(r), r);
  return keys.map((k) => ({ ok: true, value: found.get(k) }));
}

const distinct = (keys: readonly string[]) => [...new Set(keys)];

export class PgOrders {
  /**
   * Views of non-terminal orders this process wrote last (bounded): in one process with the API
   * and the worker, the worker's first read of a job's order is then a seq check, not a decode.
   */
  readonly #recent = new Map<string, OrderView>();
  readonly #finds: Batcher<string, RowWithRoute | undefined>;
  readonly #seqs: Batcher<string, { id: string; seq: number } | undefined>;
  readonly #inserts: Batcher<NewOrder, boolean>;
  readonly #changes: Batcher<ChangeRow, boolean>;

  constructor(
    private readonly uow: PgUnitOfWork,
    private readonly kysely: Kysely<Database>,
  ) {
    this.#finds = uow.batcher(async (ids) => byKey(ids, await uow.query<RowWithRoute>(ORDER_SQL.byIds, [distinct(ids)]), (r) => r.id));
    this.#seqs = uow.batcher(async (ids) => byKey(ids, await uow.query<{ id: string; seq: number }>(ORDER_SQL.seqs, [distinct(ids)]), (r) => r.id));
    this.#inserts = uow.batcher(async (rows) => {
      const inserted = new Set((await uow.write<{ id: string }>(INSERT_ORDERS, insertParams(rows))).map((r) => r.id));
      return rows.map((r) => ({ ok: true, value: inserted.has(r.order.id) }));
    });
    this.#changes = uow.batcher(async (rows) => {
      // One change per order per statement: a second one of the same order lost to the first.
      const first = new Map<string, ChangeRow>();
      for (const r of rows) if (!first.has(r.next.id)) first.set(r.next.id, r);
      const written = new Set((await uow.write<{ id: string }>(WRITE_CHANGES, changeParams([...first.values()]))).map((r) => r.id));
      return rows.map((r) => ({ ok: true, value: first.get(r.next.id) === r && written.has(r.next.id) }));
    });
  }

  async find(id: string): Promise<OrderView | undefined> {
    const row = await this.#finds.push(id);
    return row && rowToView(row, row.route);
  }

  async seq(id: string): Promise<number | undefined> {
    return (await this.#seqs.push(id))?.seq;
  }

  async findByClientId(accountId: string, clientOrderId: string): Promise<OrderView | undefined> {
    const [row] = await this.uow.query<RowWithRoute>(ORDER_SQL.byClientIds, [accountId, [clientOrderId]]);
    return row && rowToView(row, row.route);
  }

  /**
   * Inserts `order` (seq 1) with its route and first event unless an order with the same
   * clientOrderId exists: of two racing submissions (this turn's, or another process's) exactly
   * one inserts, and the other reads the winner, which has committed by then (the conflicting
   * insert waits for it).
   */
  async insert(order: OrderView, detail: string): Promise<InsertResult> {
    const update = updateOf(order, detail);
    if (await this.#inserts.push({ order, update })) {
      this.remember(order);
      return { inserted: true, order, update };
    }
    const winner = await this.findByClientId(order.accountId, order.clientOrderId);
    if (!winner) throw new Error(`clientOrderId ${order.clientOrderId} was taken, yet no order holds it`);
    return { inserted: false, order: winner };
  }

  /** Keeps `view` as the last one this process wrote (or forgets it once terminal). */
  remember(view: OrderView): void {
    const m = this.#recent;
    m.delete(view.id);
    if (isTerminal(view.status)) return;
    m.set(view.id, view);
    if (m.size > MAX_RECENT) m.delete(m.keys().next().value as string);
  }

  /** The view this process last wrote of order `id`, if it still holds one. */
  recent(id: string): OrderView | undefined {
    return this.#recent.get(id);
  }

  /**
   * The order as stored now. `known` (a view the caller holds, else one this process recently
   * wrote) is returned as is when the stored seq still equals its seq: a one-column read.
   */
  async current(id: string, known: OrderView | undefined = this.#recent.get(id)): Promise<OrderView | undefined> {
    if (known !== undefined && known.id === id) {
      const seq = await this.seq(id);
      if (seq === undefined) return undefined;
      if (seq === known.seq) return known;
    }
    return this.find(id);
  }

  /** Compare-and-set on one order (see port.ts OrderRepository.transition). */
  async transition(id: string, at: number, decide: (current: OrderView) => OrderChange | undefined, known?: OrderView): Promise<TransitionResult> {
    // `view` is what the write is compared against; `read` says whether it came from the database
    // in this call. A view that did not may be stale: anything that would end the call without a
    // write (no change, a refused move, a terminal order) is checked against the stored seq first.
    let view = known !== undefined && known.id === id ? known : this.#recent.get(id);
    let read = false;
    for (;;) {
      if (view === undefined) {
        view = await this.find(id);
        read = true;
        if (view === undefined) return { current: undefined, update: undefined };
      }
      let row: ChangeRow | undefined;
      let refusal: unknown;
      if (!isTerminal(view.status)) {
        try {
          const change = decide(view);
          if (change !== undefined) row = applyChange(view, change, at);
        } catch (e) {
          refusal = e;
        }
      }
      if (row === undefined) {
        if (!read && (await this.seq(id)) !== view.seq) {
          view = undefined;
          continue;
        }
        if (refusal !== undefined) throw refusal;
        return { current: view, update: undefined };
      }
      if (await this.#changes.push(row)) {
        this.remember(row.next);
        return { current: row.next, update: row.update };
      }
      // Lost the race: another writer moved the order since `view`.
      view = undefined;
      read = false;
    }
  }

  async eventsBetween(orderId: string, afterSeq: number, beforeSeq?: number): Promise<OrderUpdate[]> {
    const [rows, base] = await Promise.all([
      beforeSeq === undefined
        ? this.uow.query<EventRow>(ORDER_SQL.eventsAfter, [orderId, afterSeq])
        : this.uow.query<EventRow>(ORDER_SQL.eventsBetween, [orderId, afterSeq, beforeSeq]),
      this.find(orderId),
    ]);
    if (rows.length === 0 || !base) return [];
    return rows.map((r) => eventToUpdate(base, r));
  }

  async latestEvent(orderId: string): Promise<OrderUpdate | undefined> {
    const [[row], base] = await Promise.all([this.uow.query<EventRow>(ORDER_SQL.latestEvent, [orderId]), this.find(orderId)]);
    return row && base && eventToUpdate(base, row);
  }

  list(args: OrderPageArgs): Promise<OrderView[]> {
    return this.#cold(listOrders(this.kysely, args));
  }

  staleOpen(updatedBefore: number, limit: number, after?: { readonly updatedAt: number; readonly id: string }): Promise<{ id: string; updatedAt: number }[]> {
    return this.#cold(staleOpenOrders(this.kysely, updatedBefore, limit, after));
  }

  resting(ids?: readonly string[]): Promise<OrderView[]> {
    return this.#cold(restingOrders(this.kysely, ids));
  }

  restingIds(): Promise<string[]> {
    return this.#cold(restingOrderIds(this.kysely));
  }

  expiredResting(now: number, limit: number): Promise<string[]> {
    return this.#cold(expiredRestingIds(this.kysely, now, limit));
  }

  async currentSeqs(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.uow.query<{ id: string; seq: number }>(ORDER_SQL.seqs, [distinct(ids)]);
    return new Map(rows.map((r) => [r.id, r.seq]));
  }

  /** A Kysely query (the cold paths) with the engine's error mapping. */
  #cold<T>(run: Promise<T>): Promise<T> {
    return this.uow.cold(run);
  }
}
