/**
 * Backtests: a run of the domain simulator on a scenario, owned by the account that asked for it.
 * The row carries the request (scenario JSON, router mode), the run's state and progress, and the
 * public failure reason; the results (report, time series, per-order CSV) are written once, when
 * the run ends, into a child table so listings never read them.
 */
import { sql, type Kysely } from 'kysely';
import { int64 } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const big = int64(db);
  await db.schema
    .createTable('backtests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('scenario', 'text', (c) => c.notNull())
    .addColumn('router_mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('progress', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('orders_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('failure_field', 'text')
    .addColumn('summary', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('started_at', big)
    .addColumn('finished_at', big)
    .execute();
  await db.schema
    .createTable('backtest_results')
    .addColumn('backtest_id', 'text', (c) => c.primaryKey().references('backtests.id'))
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('orders_csv', 'text', (c) => c.notNull())
    .execute();
  // An account's backtests newest first (the backtests query), and the sweep of stuck runs.
  await sql`create index backtests_account_created_idx on backtests (account_id, created_at desc, id desc)`.execute(db);
  await sql`create index backtests_status_idx on backtests (status, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backtest_results').execute();
  await db.schema.dropTable('backtests').execute();
}
