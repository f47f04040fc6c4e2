/**
 * Every market write of a process (fills and other market changes) on PostgreSQL, batched per
 * event-loop turn into ONE transaction under the market lock:
 *
 *   1. BEGIN; lock the meta row (FOR UPDATE); read the pools written since the cached version;
 *      lock the filled orders by id and read their seqs — one round trip (market-rows.ts). The
 *      market lock serializes market writers across processes, so versions commit in order and
 *      every writer trades against the pools as the last one left them. Locks are taken in a fixed
 *      order (the meta row, then orders by id), so two writers never wait on each other in a
 *      cycle. A fill applies only to an order that is still what the caller knew (else it is read
 *      again) and not terminal, so a job delivered twice never fills twice.
 *   2. Run each change against the market the previous one left, in queue order, each with its
 *      own version, as the SQLite engine does; a change that throws is dropped alone.
 *   3. One statement writes each moved pool once with its final state, the meta row, and the
 *      orders' compare-and-set with their events; COMMIT.
 *
 * Only then is the cache moved and each caller answered. A deadlock or serialization failure runs
 * the whole batch again, callbacks included (they are pure, see port.ts).
 */
import type { MarketState } from '../../domain/market/market.js';
import { isTerminal } from '../../domain/order.js';
import type { OrderView } from '../../domain/order-view.js';
import type { Pool } from '../../domain/venues/pool.js';
import type { FillOutcome, FillResult, MarketChange, MarketWrite, StoredMarket } from '../port.js';
import type { BatchLimits, Batcher, Settled } from './batcher.js';
import { referenceDataChanged } from '../market-data.js';
import { lockAndReadSql, MARKET_SQL, marketFromSnapshot, marketWriteParams, type PoolWrite, type SnapshotRow } from './market-rows.js';
import type { PgMarketStore } from './market-store.js';
import { applyChange, changeParams, type ChangeRow } from './order-writes.js';
import { ORDER_SQL, type PgOrders } from './orders.js';
import type { PgUnitOfWork, Tx } from './unit-of-work.js';
import { rowToView, type OrderRow } from '../order-rows.js';

type WriteItem =
  | {
      readonly kind: 'fill';
      readonly orderId: string;
      readonly at: number;
      readonly known: OrderView | undefined;
      readonly execute: (order: OrderView, market: MarketState) => FillOutcome<unknown>;
    }
  | { readonly kind: 'transact'; readonly at: number; readonly fn: (market: MarketState) => MarketChange<unknown> };

/** The batch's working state: the market as the changes so far left it. */
interface Working {
  market: MarketState;
  version: number;
  poolUpdatedAt: Map<string, number>;
  readonly pools: Map<string, PoolWrite>;
  reference: MarketState | undefined;
  at: number;
}

export class PgMarketWriter {
  readonly #batch: Batcher<WriteItem, unknown>;

  constructor(
    private readonly uow: PgUnitOfWork,
    private readonly store: PgMarketStore,
    private readonly orders: PgOrders,
    limits: BatchLimits,
  ) {
    // One batch at a time per process: a second would only wait for the first one's lock.
    this.#batch = uow.batcher((items) => this.#run(items), { maxBatch: limits.maxBatch, maxInFlight: 1 });
  }

  fill<T>(orderId: string, at: number, known: OrderView | undefined, execute: (order: OrderView, market: MarketState) => FillOutcome<T>): Promise<FillResult<T>> {
    return this.#batch.push({ kind: 'fill', orderId, at, known, execute }) as Promise<FillResult<T>>;
  }

  transact<T>(at: number, fn: (market: MarketState) => MarketChange<T>): Promise<{ result: T; write: MarketWrite | undefined }> {
    return this.#batch.push({ kind: 'transact', at, fn }) as Promise<{ result: T; write: MarketWrite | undefined }>;
  }

  #run(items: readonly WriteItem[]): Promise<Settled<unknown>[]> {
    const since = this.store.cached;
    const held = this.#heldViews(items);
    return this.uow.transaction(async (tx, opened) => {
      const locked = opened[1]?.rows[0] as { version: number } | undefined;
      if (locked === undefined) throw new Error('market not seeded: call init first');
      const base = marketFromSnapshot((opened[2]?.rows ?? []) as SnapshotRow[], since) as StoredMarket;
      const views = await this.#storedViews(tx, held, (opened[3]?.rows ?? []) as { id: string; seq: number }[]);
      const w: Working = {
        market: base.market,
        version: Number(locked.version),
        poolUpdatedAt: new Map(base.poolUpdatedAt),
        pools: new Map(),
        reference: undefined,
        at: 0,
      };
      const changes: ChangeRow[] = [];
      const outcomes = items.map((item): Settled<unknown> => {
        try {
          if (item.kind === 'transact') return { ok: true, value: this.#transactOne(w, item) };
          const order = views.get(item.orderId);
          if (!order || isTerminal(order.status)) return { ok: true, value: { filled: false, order } };
          const outcome = item.execute(order, w.market);
          const row = applyChange(order, outcome.change, item.at);
          const write = this.#move(w, outcome.next, item.at);
          views.set(order.id, row.next);
          changes.push(row);
          return { ok: true, value: { filled: true, update: row.update, result: outcome.result, write } };
        } catch (error) {
          return { ok: false, error };
        }
      });
      if (w.version > Number(locked.version)) {
        const [{ moved } = { moved: -1 }] = await tx.query<{ moved: number }>(MARKET_SQL.write, [
          ...marketWriteParams(w.pools.values(), w.version, w.reference, w.at),
          ...changeParams(changes),
        ]);
        // The orders are locked since the first statement, so every compare-and-set holds; anything else is a bug.
        if (moved !== changes.length) throw new Error(`market write moved ${moved} of ${changes.length} orders`);
      }
      tx.afterCommit(() => {
        this.store.adopt({ version: w.version, market: w.market, poolUpdatedAt: w.poolUpdatedAt });
        for (const c of changes) this.orders.remember(c.next);
      });
      return outcomes;
    }, lockAndReadSql(since?.version ?? -1, [...held.keys()]));
  }

  /** The view each filled order's caller holds (or this process wrote last), by order id. */
  #heldViews(items: readonly WriteItem[]): Map<string, OrderView | undefined> {
    const held = new Map<string, OrderView | undefined>();
    for (const item of items) {
      if (item.kind !== 'fill' || held.has(item.orderId)) continue;
      held.set(item.orderId, item.known?.id === item.orderId ? item.known : this.orders.recent(item.orderId));
    }
    return held;
  }

  /** Each filled order as stored (its row locked): the held view while its seq is current, else read again. */
  async #storedViews(tx: Tx, held: ReadonlyMap<string, OrderView | undefined>, locked: readonly { id: string; seq: number }[]): Promise<Map<string, OrderView | undefined>> {
    const seqs = new Map(locked.map((r) => [r.id, Number(r.seq)]));
    const views = new Map<string, OrderView | undefined>();
    const unread: string[] = [];
    for (const [id, view] of held) {
      const seq = seqs.get(id);
      if (seq === undefined) views.set(id, undefined);
      else if (view !== undefined && view.seq === seq) views.set(id, view);
      else unread.push(id);
    }
    if (unread.length > 0) {
      for (const row of await tx.query<OrderRow & { route: string }>(ORDER_SQL.byIds, [unread])) views.set(row.id, rowToView(row, row.route));
    }
    return views;
  }

  #transactOne(w: Working, item: Extract<WriteItem, { kind: 'transact' }>): { result: unknown; write: MarketWrite | undefined } {
    const change = item.fn(w.market);
    if (!change.next) return { result: change.result, write: undefined };
    const reference = referenceDataChanged(w.market, change.next, change.referencePricesChanged) ? change.next : undefined;
    const write = this.#move(w, change.next, item.at);
    if (reference) w.reference = reference;
    return { result: change.result, write: write.poolIds.length > 0 ? write : undefined };
  }

  /** Moves the working market to `next` with a new version; gives the write (its version and moved pools). */
  #move(w: Working, next: MarketState, at: number): MarketWrite {
    const changed: Pool[] = [];
    for (const [id, pool] of next.pools) if (w.market.pools.get(id) !== pool) changed.push(pool);
    w.version += 1;
    w.at = at;
    for (const pool of changed) {
      w.pools.set(pool.id, { pool, at, version: w.version });
      w.poolUpdatedAt.set(pool.id, at);
    }
    w.market = next;
    return { version: w.version, poolIds: changed.map((p) => p.id) };
  }
}
