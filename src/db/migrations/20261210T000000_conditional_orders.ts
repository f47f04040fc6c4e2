/**
 * Conditional orders (limit, stop, sniper): each order has a type (MARKET for every order before
 * this), a condition (the validated domain order as JSON, null for MARKET), an optional expiry, and
 * the tokens themselves when one is not a static token (a launched token, or a sniper's mint no
 * pool lists yet), which a symbol alone cannot rebuild.
 *
 * Resting orders (status OPEN) get their own partial index by expiry: the expiry sweep and a
 * worker's start-up load read only them, however many settled orders the table holds. The
 * reconciler's index (orders_open_updated_idx) leaves OPEN out already, so resting orders are
 * never mistaken for stuck ones.
 */
import { sql, type Kysely } from 'kysely';
import { int64 } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('type', 'text', (c) => c.notNull().defaultTo('MARKET')).execute();
  await db.schema.alterTable('orders').addColumn('condition', 'text').execute();
  await db.schema.alterTable('orders').addColumn('expires_at', int64(db)).execute();
  await db.schema.alterTable('orders').addColumn('tokens', 'text').execute();
  await sql`create index orders_resting_idx on orders (expires_at, id) where status = 'OPEN'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index orders_resting_idx`.execute(db);
  for (const column of ['tokens', 'expires_at', 'condition', 'type']) await db.schema.alterTable('orders').dropColumn(column).execute();
}
