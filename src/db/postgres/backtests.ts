/**
 * The PostgreSQL runner of the backtest queries (src/db/backtests.ts): straight on the pool, and a
 * transaction for a write of two statements. These are cold paths: the hot order batching
 * (unit-of-work.ts) is not worth it here.
 */
import type { Compilable, Kysely } from 'kysely';
import { backtestRepository } from '../backtests.js';
import type { BacktestRepository } from '../port.js';
import type { Database } from '../schema.js';

export function pgBacktests(kysely: Kysely<Database>): BacktestRepository {
  return backtestRepository(kysely, {
    first: async <R>(q: Compilable<R>) => (await kysely.executeQuery(q.compile())).rows[0],
    all: async <R>(q: Compilable<R>) => [...(await kysely.executeQuery(q.compile())).rows],
    write: (q, then) =>
      kysely.transaction().execute(async (trx) => {
        const changed = Number((await trx.executeQuery(q.compile())).numAffectedRows ?? 0n);
        if (changed > 0 && then !== undefined) await trx.executeQuery(then.compile());
        return changed;
      }),
  });
}
