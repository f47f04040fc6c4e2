/**
 * Initial schema: orders with their event history, and the market (pools + version). Frozen; the
 * engine-dependent choices (int64 columns, WITHOUT ROWID) came with PostgreSQL support and leave
 * the SQLite schema exactly as it was.
 */
import { sql, type Kysely } from 'kysely';
import { int64, isPostgres } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const big = int64(db);
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_order_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('token_in_mint', 'text', (c) => c.notNull())
    .addColumn('token_in_symbol', 'text', (c) => c.notNull())
    .addColumn('token_out_mint', 'text', (c) => c.notNull())
    .addColumn('token_out_symbol', 'text', (c) => c.notNull())
    .addColumn('amount_in', 'text', (c) => c.notNull())
    .addColumn('slippage_bps', 'integer', (c) => c.notNull())
    .addColumn('quoted_amount_out', 'text', (c) => c.notNull())
    .addColumn('min_amount_out', 'text', (c) => c.notNull())
    .addColumn('quoted_route', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fill', 'text')
    .addColumn('tx_hash', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  // Newest-first pagination, overall and per status.
  await sql`create index orders_created_idx on orders (created_at desc, id desc)`.execute(db);
  await sql`create index orders_status_created_idx on orders (status, created_at desc, id desc)`.execute(db);

  const events = db.schema
    .createTable('order_events')
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_events_pk', ['order_id', 'seq']);
  await (isPostgres(db) ? events : events.modifyEnd(sql`without rowid`)).execute();

  await db.schema
    .createTable('pools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('market_meta')
    // A single row (id = 1): the market's version and reference prices.
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', big, (c) => c.notNull())
    .addColumn('reference_prices', 'text', (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('market_meta').execute();
  await db.schema.dropTable('pools').execute();
  await db.schema.dropTable('order_events').execute();
  await db.schema.dropTable('orders').execute();
}
