/**
 * Backtests, written once for both engines: the queries are built here with Kysely and each engine
 * runs them through a QueryRunner of its own (SQLite: the unit of work, so a write joins the group
 * commit; PostgreSQL: the pool, a transaction where two statements must go together). A run
 * writes a handful of rows (queued, started, a few progress updates a second at most, its end):
 * nothing per simulated order.
 */
import type { Compilable, Kysely, Selectable } from 'kysely';
import type { BacktestFailure, BacktestRecord, BacktestRepository, BacktestResults, BacktestStatus } from './port.js';
import type { BacktestsTable, Database } from './schema.js';

/** How an engine runs the queries built here. */
export interface QueryRunner {
  first<R>(query: Compilable<R>): Promise<R | undefined>;
  all<R>(query: Compilable<R>): Promise<R[]>;
  /**
   * Runs `query` and, only when it changed a row, `then`, in ONE transaction; gives the rows
   * `query` changed.
   */
  write(query: Compilable<unknown>, then?: Compilable<unknown>): Promise<number>;
}

const ACTIVE: readonly BacktestStatus[] = ['QUEUED', 'RUNNING'];

function toRecord(r: Selectable<BacktestsTable>): BacktestRecord {
  const failure: BacktestFailure | undefined =
    r.failure_code === null ? undefined : { code: r.failure_code, message: r.failure_message ?? '', field: r.failure_field ?? undefined };
  return {
    id: r.id,
    accountId: r.account_id,
    scenario: r.scenario,
    routerMode: r.router_mode,
    status: r.status as BacktestStatus,
    progress: Number(r.progress),
    ordersDone: Number(r.orders_done),
    attempts: Number(r.attempts),
    failure,
    summary: r.summary ?? undefined,
    createdAt: Number(r.created_at),
    startedAt: r.started_at === null ? undefined : Number(r.started_at),
    finishedAt: r.finished_at === null ? undefined : Number(r.finished_at),
  };
}

/** The repository over `kysely`'s queries, run by `runner`. */
export function backtestRepository(kysely: Kysely<Database>, runner: QueryRunner): BacktestRepository {
  const byId = (id: string) => kysely.selectFrom('backtests').selectAll().where('id', '=', id);
  const find = async (id: string): Promise<BacktestRecord | undefined> => {
    const row = await runner.first(byId(id));
    return row && toRecord(row);
  };
  return {
    async insert(b) {
      await runner.write(
        kysely.insertInto('backtests').values({
          id: b.id,
          account_id: b.accountId,
          scenario: b.scenario,
          router_mode: b.routerMode,
          status: 'QUEUED',
          progress: 0,
          orders_done: 0,
          attempts: 0,
          failure_code: null,
          failure_message: null,
          failure_field: null,
          summary: null,
          created_at: b.createdAt,
          started_at: null,
          finished_at: null,
        }),
      );
      return (await find(b.id))!;
    },
    find,
    async list(args) {
      let q = kysely.selectFrom('backtests').selectAll().where('account_id', '=', args.accountId);
      const after = args.after;
      if (after) q = q.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
      const rows = await runner.all(q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(args.limit));
      return rows.map(toRecord);
    },
    async countActive(accountId) {
      const row = await runner.first(
        kysely
          .selectFrom('backtests')
          .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
          .where('account_id', '=', accountId)
          .where('status', 'in', [...ACTIVE]),
      );
      return Number(row?.n ?? 0);
    },
    async start(id, at) {
      const changed = await runner.write(
        kysely
          .updateTable('backtests')
          .set((eb) => ({ status: 'RUNNING', started_at: at, progress: 0, orders_done: 0, attempts: eb('attempts', '+', 1) }))
          .where('id', '=', id)
          .where('status', 'in', [...ACTIVE]),
      );
      return changed === 0 ? undefined : find(id);
    },
    async progress(id, fraction, ordersDone) {
      const changed = await runner.write(
        kysely.updateTable('backtests').set({ progress: fraction, orders_done: ordersDone }).where('id', '=', id).where('status', '=', 'RUNNING'),
      );
      return changed > 0;
    },
    async finish(id, at, summary, ordersDone, results: BacktestResults) {
      const changed = await runner.write(
        kysely
          .updateTable('backtests')
          .set({ status: 'DONE', progress: 1, orders_done: ordersDone, summary, finished_at: at })
          .where('id', '=', id)
          .where('status', '=', 'RUNNING'),
        kysely.insertInto('backtest_results').values({ backtest_id: id, report: results.report, series: results.series, orders_csv: results.ordersCsv }),
      );
      return changed > 0;
    },
    async fail(id, at, failure) {
      const changed = await runner.write(
        kysely
          .updateTable('backtests')
          .set({ status: 'FAILED', failure_code: failure.code, failure_message: failure.message, failure_field: failure.field ?? null, finished_at: at })
          .where('id', '=', id)
          .where('status', 'in', [...ACTIVE]),
      );
      return changed > 0;
    },
    async results(id) {
      const row = await runner.first(kysely.selectFrom('backtest_results').selectAll().where('backtest_id', '=', id));
      return row && { report: row.report, series: row.series, ordersCsv: row.orders_csv };
    },
    async unfinished(before, limit) {
      const rows = await runner.all(
        kysely.selectFrom('backtests').selectAll().where('status', 'in', [...ACTIVE]).where('created_at', '<', before).orderBy('created_at').orderBy('id').limit(limit),
      );
      return rows.map(toRecord);
    },
  };
}
