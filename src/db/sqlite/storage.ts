/**
 * The SQLite engine behind the storage port: the synchronous repositories (orders.ts,
 * market-store.ts) composed into transactions of the group commit (unit-of-work.ts), each write
 * resolving after its COMMIT. Reads run at once on the connection (WAL: they never wait for the
 * writer).
 */
import type { MarketState } from '../../domain/market/market.js';
import { isTerminal } from '../../domain/order.js';
import type { OrderView } from '../../domain/order-view.js';
import { expiredRestingIds, listOrders, restingOrderIds, restingOrders, staleOpenOrders } from '../order-queries.js';
import type { FillOutcome, FillResult, OrderChange, OrderRepository, Storage } from '../port.js';
import { closeSqlite, openSqlite, sqliteReady, type SqliteOptions } from './connect.js';
import type { SqliteDb } from './db.js';
import { sqliteBacktests } from './backtests.js';
import { reportRepository } from '../execution-report.js';
import { SqliteMarketStore } from './market-store.js';
import { SqliteOrders } from './orders.js';

export interface SqliteStorage extends Storage {
  readonly engine: 'sqlite';
  /** The open database, for tools and tests that look under the port (bench, perf tests). */
  readonly db: SqliteDb;
  readonly market: SqliteMarketStore;
}

export async function openSqliteStorage(path: string, opts?: SqliteOptions): Promise<SqliteStorage> {
  const db = await openSqlite(path, opts);
  const orders = new SqliteOrders(db);
  const market = new SqliteMarketStore(db);
  const { uow } = db;
  let closing: Promise<void> | undefined;

  const repository: OrderRepository = {
    // In this turn's group commit with the other writes (submissions and, in one process, the worker's).
    insert: (order, detail) => uow.write(() => orders.insert(order, detail)),
    find: async (id) => orders.find(id),
    findByClientId: async (accountId, clientOrderId) => orders.findByClientId(accountId, clientOrderId),
    seq: async (id) => orders.seq(id),
    current: async (id, known) => orders.current(id, known),
    transition: (id, at, decide, known) => uow.write(() => orders.transition(id, at, decide, known)),
    eventsBetween: async (id, afterSeq, beforeSeq) => orders.eventsBetween(id, afterSeq, beforeSeq),
    latestEvent: async (id) => orders.latestEvent(id),
    list: (args) => listOrders(db.kysely, args),
    staleOpen: (before, limit, after) => staleOpenOrders(db.kysely, before, limit, after),
    currentSeqs: async (ids) => orders.currentSeqs(ids),
    resting: (ids) => restingOrders(db.kysely, ids),
    restingIds: () => restingOrderIds(db.kysely),
    expiredResting: (now, limit) => expiredRestingIds(db.kysely, now, limit),
  };

  return {
    engine: 'sqlite',
    db,
    kysely: db.kysely,
    orders: repository,
    market,
    backtests: sqliteBacktests(db),
    // Reads at once on the connection (what is committed: the group commit flushes before it answers).
    reports: reportRepository(db.kysely, { all: async (q) => db.uow.all(q) }),
    fill<T>(orderId: string, at: number, known: OrderView | undefined, execute: (order: OrderView, market: MarketState) => FillOutcome<T>): Promise<FillResult<T>> {
      return uow.write((): FillResult<T> => {
        let decided: { change: OrderChange; result: T } | undefined;
        let order: OrderView | undefined;
        const { changed } = market.transactSync(at, (current) => {
          order = orders.current(orderId, known);
          if (!order || isTerminal(order.status)) return { result: undefined };
          const outcome = execute(order, current);
          decided = { change: outcome.change, result: outcome.result };
          return { next: outcome.next, result: undefined };
        });
        if (!decided) return { filled: false, order };
        const { update } = orders.transition(orderId, at, () => decided!.change, order);
        // orders.current just saw it non-terminal inside this same transaction, so the update happened.
        if (!update) throw new Error(`order ${orderId} could not be filled`);
        const version = market.cached?.version ?? 0;
        return { filled: true, update, result: decided.result, write: { version, poolIds: changed } };
      });
    },
    ready: async () => sqliteReady(db),
    close: () => (closing ??= closeSqlite(db)),
  };
}
