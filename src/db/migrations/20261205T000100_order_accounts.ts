/**
 * Every order belongs to an account, and clientOrderId is unique per account (it was one global
 * namespace: one bot could squat another's ids and learn their order ids from the conflict). Orders
 * written before accounts existed go to an account named `legacy`. Listings are per account, so
 * the per-account indexes replace the global ones.
 *
 * SQLite cannot drop the old UNIQUE column constraint in place, so the orders table is rebuilt (in
 * the migration's transaction; foreign keys checked at commit); PostgreSQL drops the constraint.
 */
import { sql, type Kysely } from 'kysely';
import { int64, isPostgres } from './dialect.js';

const LEGACY = '00000000000000000000LEGACY';

export async function up(db: Kysely<any>): Promise<void> {
  const big = int64(db);
  const hasOrders = (await sql<{ n: number }>`select count(*) as n from orders`.execute(db)).rows[0]!.n > 0;
  if (hasOrders) {
    await db.insertInto('accounts').values({ id: LEGACY, name: 'legacy', created_at: 0 }).onConflict((oc) => oc.column('name').doNothing()).execute();
  }
  if (isPostgres(db)) {
    await sql`alter table orders add column account_id text not null default ${sql.lit(LEGACY)} references accounts(id)`.execute(db);
    await sql`alter table orders alter column account_id drop default`.execute(db);
    await sql`alter table orders drop constraint orders_client_order_id_key`.execute(db);
  } else {
    await sql`pragma defer_foreign_keys = on`.execute(db);
    await db.schema
      .createTable('orders_next')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('client_order_id', 'text', (c) => c.notNull())
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
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('fill', 'text')
      .addColumn('tx_hash', 'text')
      .addColumn('failure_code', 'text')
      .addColumn('failure_message', 'text')
      .addColumn('created_at', big, (c) => c.notNull())
      .addColumn('updated_at', big, (c) => c.notNull())
      .execute();
    await sql`insert into orders_next (id, account_id, client_order_id, status, seq, token_in_mint, token_in_symbol,
        token_out_mint, token_out_symbol, amount_in, slippage_bps, quoted_amount_out, min_amount_out, attempts, fill,
        tx_hash, failure_code, failure_message, created_at, updated_at)
      select id, ${LEGACY}, client_order_id, status, seq, token_in_mint, token_in_symbol, token_out_mint,
        token_out_symbol, amount_in, slippage_bps, quoted_amount_out, min_amount_out, attempts, fill, tx_hash,
        failure_code, failure_message, created_at, updated_at from orders`.execute(db);
    await sql`drop table orders`.execute(db);
    await sql`alter table orders_next rename to orders`.execute(db);
    await sql`create index orders_open_updated_idx on orders (updated_at, id)
      where status in ('PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED')`.execute(db);
  }
  await sql`drop index if exists orders_created_idx`.execute(db);
  await sql`drop index if exists orders_status_created_idx`.execute(db);
  await sql`create unique index orders_account_client_idx on orders (account_id, client_order_id)`.execute(db);
  // An account's orders newest first, overall and per status (the orders query's two shapes).
  await sql`create index orders_account_created_idx on orders (account_id, created_at desc, id desc)`.execute(db);
  await sql`create index orders_account_status_created_idx on orders (account_id, status, created_at desc, id desc)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('20261205T000100_order_accounts cannot be undone: orders would lose their accounts');
}
