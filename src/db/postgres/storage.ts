/**
 * The PostgreSQL engine behind the storage port (see port.ts), for several API and worker
 * processes, on several machines, sharing one database. The repositories (orders.ts,
 * market-store.ts) batch their hot calls per event-loop turn through the unit of work
 * (unit-of-work.ts); every market write, fills included, goes through the market writer
 * (market-writes.ts), one transaction under the market lock per turn. Every promise resolves after
 * its COMMIT, so a caller publishes only what is committed.
 */
import type { MarketState } from '../../domain/market/market.js';
import type { OrderView } from '../../domain/order-view.js';
import type { FillOutcome, FillResult, OrderRepository, Storage } from '../port.js';
import { pgBacktests } from './backtests.js';
import { reportRepository } from '../execution-report.js';
import { openPostgres, type PostgresOptions } from './connect.js';
import { PgMarketStore } from './market-store.js';
import { PgMarketWriter } from './market-writes.js';
import { PgOrders } from './orders.js';
import type { PgUnitOfWork } from './unit-of-work.js';

export type { PostgresOptions } from './connect.js';

export interface PostgresStorage extends Storage {
  readonly engine: 'postgres';
  /** The unit of work, for tools and tests that look under the port. */
  readonly uow: PgUnitOfWork;
  readonly market: PgMarketStore;
}

/**
 * Opens (and migrates) the database at `url`.
 * @throws Error with one line naming host, port and database when it cannot be reached or the URL is malformed
 */
export async function openPostgresStorage(url: string, opts: PostgresOptions): Promise<PostgresStorage> {
  const { kysely, uow } = await openPostgres(url, opts);
  const orders = new PgOrders(uow, kysely);
  const market = new PgMarketStore(uow);
  const writer = new PgMarketWriter(uow, market, orders, uow.limits);
  market.attach((at, fn) => writer.transact(at, fn));
  let closing: Promise<void> | undefined;

  const repository: OrderRepository = {
    insert: (order, detail) => orders.insert(order, detail),
    find: (id) => orders.find(id),
    findByClientId: (accountId, clientOrderId) => orders.findByClientId(accountId, clientOrderId),
    seq: (id) => orders.seq(id),
    current: (id, known) => orders.current(id, known),
    transition: (id, at, decide, known) => orders.transition(id, at, decide, known),
    eventsBetween: (id, afterSeq, beforeSeq) => orders.eventsBetween(id, afterSeq, beforeSeq),
    latestEvent: (id) => orders.latestEvent(id),
    list: (args) => orders.list(args),
    staleOpen: (before, limit, after) => orders.staleOpen(before, limit, after),
    currentSeqs: (ids) => orders.currentSeqs(ids),
    resting: (ids) => orders.resting(ids),
    restingIds: () => orders.restingIds(),
    expiredResting: (now, limit) => orders.expiredResting(now, limit),
  };

  return {
    engine: 'postgres',
    uow,
    kysely,
    orders: repository,
    market,
    backtests: pgBacktests(kysely),
    reports: reportRepository(kysely, { all: async (q) => [...(await kysely.executeQuery(q.compile())).rows] as never }),
    fill<T>(orderId: string, at: number, known: OrderView | undefined, execute: (order: OrderView, market: MarketState) => FillOutcome<T>): Promise<FillResult<T>> {
      return writer.fill(orderId, at, known, execute);
    },
    ready: () => uow.ready(),
    close: () =>
      (closing ??= (async () => {
        // What is queued commits first; then the pool ends (Kysely's destroy ends it).
        await uow.drain();
        await kysely.destroy();
      })()),
  };
}
