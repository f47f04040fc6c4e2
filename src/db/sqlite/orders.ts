/**
 * Orders and their event history on SQLite, synchronous (the async port wraps it: storage.ts).
 * Every write that changes an order also appends its order_event in the same transaction, so the
 * history and the row never disagree and a subscriber can replay any gap exactly. The quoted route,
 * written once, lives in order_routes, so the row every transition rewrites stays small.
 *
 * The hot statements are raw prepared statements: compiling Kysely queries per call cost more than
 * running them.
 */
import { encodeJson } from '../../domain/codec.js';
import { assertTransition, isTerminal } from '../../domain/order.js';
import { updateOf, type OrderUpdate, type OrderView } from '../../domain/order-view.js';
import { encodeEventState, eventToUpdate, rowToView, tokensColumn, viewToRow, type EventRow, type OrderRow } from '../order-rows.js';
import type { InsertResult, OrderChange, TransitionResult } from '../port.js';
import { REPORT_COLUMNS, reportValues, STAGE_COLUMNS } from '../report-columns.js';
import type { SqliteDb } from './db.js';

const SQL = {
  byId: 'SELECT o.*, r.route FROM orders o JOIN order_routes r ON r.order_id = o.id WHERE o.id = ?',
  byClientId: 'SELECT o.*, r.route FROM orders o JOIN order_routes r ON r.order_id = o.id WHERE o.account_id = ? AND o.client_order_id = ?',
  seqOf: 'SELECT seq FROM orders WHERE id = ?',
  insertOrder: `INSERT INTO orders (id, account_id, client_order_id, status, seq, token_in_mint, token_in_symbol, token_out_mint,
      token_out_symbol, amount_in, slippage_bps, quoted_amount_out, min_amount_out, attempts, fill, tx_hash,
      failure_code, failure_message, created_at, updated_at, type, condition, expires_at, tokens)
    VALUES (@id, @account_id, @client_order_id, @status, @seq, @token_in_mint, @token_in_symbol, @token_out_mint, @token_out_symbol,
      @amount_in, @slippage_bps, @quoted_amount_out, @min_amount_out, @attempts, @fill, @tx_hash,
      @failure_code, @failure_message, @created_at, @updated_at, @type, @condition, @expires_at, @tokens)`,
  insertRoute: 'INSERT INTO order_routes (order_id, route) VALUES (?, ?)',
  // The report's columns ride along (report-columns.ts): a stage time keeps its first stamp.
  updateOrder: `UPDATE orders SET status = ?, seq = ?, attempts = ?, fill = ?, tx_hash = ?, failure_code = ?,
      failure_message = ?, updated_at = ?,
      ${REPORT_COLUMNS.map((c) => (STAGE_COLUMNS.includes(c) ? `${c} = coalesce(${c}, ?)` : `${c} = ?`)).join(', ')} WHERE id = ?`,
  // A conditional order's trigger fixes its quote (and a sniper's token out) with the transition.
  updateQuote: `UPDATE orders SET token_out_mint = ?, token_out_symbol = ?, quoted_amount_out = ?, min_amount_out = ?, tokens = ?
    WHERE id = ?`,
  updateRoute: 'UPDATE order_routes SET route = ? WHERE order_id = ?',
  insertEvent: 'INSERT INTO order_events (order_id, seq, status, at, detail, snapshot) VALUES (?, ?, ?, ?, ?, ?)',
  eventsAfter: 'SELECT * FROM order_events WHERE order_id = ? AND seq > ? ORDER BY seq',
  eventsBetween: 'SELECT * FROM order_events WHERE order_id = ? AND seq > ? AND seq < ? ORDER BY seq',
  latestEvent: 'SELECT * FROM order_events WHERE order_id = ? ORDER BY seq DESC LIMIT 1',
} as const;

/** Views of non-terminal orders this connection wrote last, at most this many. */
const MAX_RECENT = 5_000;

type RowWithRoute = OrderRow & { route: string };

export class SqliteOrders {
  /**
   * Views of non-terminal orders this connection wrote last (bounded): in one process with the API
   * and the worker, the worker's first read of a job's order is then a seq check, not a decode.
   */
  readonly #recent = new Map<string, OrderView>();

  constructor(private readonly db: SqliteDb) {}

  get #s() {
    return this.db.uow.statements(SQL);
  }

  find(id: string): OrderView | undefined {
    const row = this.#s.byId.get(id) as RowWithRoute | undefined;
    return row && rowToView(row, row.route);
  }

  seq(id: string): number | undefined {
    return (this.#s.seqOf.get(id) as { seq: number } | undefined)?.seq;
  }

  findByClientId(accountId: string, clientOrderId: string): OrderView | undefined {
    const row = this.#s.byClientId.get(accountId, clientOrderId) as RowWithRoute | undefined;
    return row && rowToView(row, row.route);
  }

  /**
   * Inserts `order` (seq 1) with its route and first event unless an order with the same
   * clientOrderId exists, in one transaction: of two racing submissions exactly one inserts.
   */
  insert(order: OrderView, detail: string): InsertResult {
    return this.db.uow.immediate(() => {
      const existing = this.findByClientId(order.accountId, order.clientOrderId);
      if (existing) return { order: existing, inserted: false as const };
      const { row, route } = viewToRow(order);
      this.#s.insertOrder.run(row);
      this.#s.insertRoute.run(order.id, route);
      const update = updateOf(order, detail);
      this.#insertEvent(update, row.fill);
      this.#remember(order);
      return { order, inserted: true as const, update };
    });
  }

  #insertEvent(update: OrderUpdate, fillJson: string | null): void {
    this.#s.insertEvent.run(update.orderId, update.seq, update.status, update.at, update.detail ?? null, encodeEventState(update.order, fillJson));
  }

  #remember(view: OrderView): void {
    const m = this.#recent;
    m.delete(view.id);
    if (isTerminal(view.status)) return;
    m.set(view.id, view);
    if (m.size > MAX_RECENT) m.delete(m.keys().next().value as string);
    // Undone with its transaction: a later write by another process could reuse the seq.
    this.db.uow.onRollback(() => {
      if (m.get(view.id) === view) m.delete(view.id);
    });
  }

  /**
   * The order as stored now. `known` (a view the caller holds, else one this connection recently
   * wrote) is returned as is when the stored seq still equals its seq: a one-column read instead of
   * reading and decoding the row. Call inside a transaction to act on the answer.
   */
  current(id: string, known: OrderView | undefined = this.#recent.get(id)): OrderView | undefined {
    if (known !== undefined && known.id === id) {
      const seq = this.seq(id);
      if (seq === undefined) return undefined;
      if (seq === known.seq) return known;
    }
    return this.find(id);
  }

  /**
   * Compare-and-set on one order (see port.ts OrderRepository.transition). Runs in its own
   * transaction, or as a savepoint inside the caller's (the fill, a group commit).
   */
  transition(id: string, at: number, decide: (current: OrderView) => OrderChange | undefined, known?: OrderView): TransitionResult {
    return this.db.uow.immediate(() => {
      const current = this.current(id, known);
      if (!current || isTerminal(current.status)) return { current, update: undefined };
      const change = decide(current);
      if (!change) return { current, update: undefined };
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
      const fillJson = next.fill === undefined ? null : encodeJson(next.fill);
      this.#s.updateOrder.run(
        next.status,
        next.seq,
        next.attempts,
        fillJson,
        next.fill?.txHash ?? null,
        next.failureCode ?? null,
        next.failureMessage ?? null,
        next.updatedAt,
        ...reportValues(current.status, next, at),
        id,
      );
      const q = change.quote;
      if (q !== undefined) {
        this.#s.updateQuote.run(q.tokenOut.mint, q.tokenOut.symbol, q.quotedAmountOut.toString(), q.minAmountOut.toString(), tokensColumn(next.tokenIn, next.tokenOut), id);
        this.#s.updateRoute.run(encodeJson(q.quotedRoute), id);
      }
      const update = updateOf(next, change.detail);
      this.#insertEvent(update, fillJson);
      this.#remember(next);
      return { current: next, update };
    });
  }

  eventsBetween(orderId: string, afterSeq: number, beforeSeq?: number): OrderUpdate[] {
    const s = this.#s;
    const rows = (beforeSeq === undefined ? s.eventsAfter.all(orderId, afterSeq) : s.eventsBetween.all(orderId, afterSeq, beforeSeq)) as EventRow[];
    if (rows.length === 0) return [];
    const base = this.find(orderId);
    if (!base) return [];
    return rows.map((r) => eventToUpdate(base, r));
  }

  latestEvent(orderId: string): OrderUpdate | undefined {
    const r = this.#s.latestEvent.get(orderId) as EventRow | undefined;
    if (!r) return undefined;
    const base = this.find(orderId);
    return base && eventToUpdate(base, r);
  }

  /** Chunked: SQLite caps bound parameters. */
  currentSeqs(ids: readonly string[]): Map<string, number> {
    const { kysely, uow } = this.db;
    const out = new Map<string, number>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const r of uow.all(kysely.selectFrom('orders').select(['id', 'seq']).where('id', 'in', chunk))) out.set(r.id, r.seq);
    }
    return out;
  }
}
