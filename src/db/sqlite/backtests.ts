/**
 * The SQLite runner of the backtest queries (src/db/backtests.ts): reads at once on the connection,
 * writes in the group commit (each in its savepoint, so a pair of statements is all or nothing).
 */
import type { Compilable } from 'kysely';
import { backtestRepository } from '../backtests.js';
import type { BacktestRepository } from '../port.js';
import type { SqliteDb } from './db.js';

export function sqliteBacktests(db: SqliteDb): BacktestRepository {
  const { uow } = db;
  return backtestRepository(db.kysely, {
    first: async <R>(q: Compilable<R>) => uow.first(q),
    all: async <R>(q: Compilable<R>) => uow.all(q),
    write: (q, then) =>
      uow.write(() => {
        const changed = uow.run(q);
        if (changed > 0 && then !== undefined) uow.run(then);
        return changed;
      }),
  });
}
