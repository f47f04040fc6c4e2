/**
 * Slim hot rows. Every transition rewrites the orders row (and, on PostgreSQL, writes a new tuple
 * of it), so the immutable quoted route (the largest column, ~1 KB) moves to order_routes, written
 * once. The reconciler's sweep (open orders by updated_at) gets the partial index it lacked; the
 * index holds open orders only, so settled history costs it nothing.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const routes = db.schema
    .createTable('order_routes')
    .addColumn('order_id', 'text', (c) => c.primaryKey().references('orders.id'))
    .addColumn('route', 'text', (c) => c.notNull());
  await (isPostgres(db) ? routes : routes.modifyEnd(sql`without rowid`)).execute();
  await sql`insert into order_routes (order_id, route) select id, quoted_route from orders`.execute(db);
  await db.schema.alterTable('orders').dropColumn('quoted_route').execute();
  await sql`create index orders_open_updated_idx on orders (updated_at, id)
    where status in ('PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index orders_open_updated_idx`.execute(db);
  await db.schema.alterTable('orders').addColumn('quoted_route', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await sql`update orders set quoted_route = (select route from order_routes where order_id = orders.id)`.execute(db);
  await db.schema.dropTable('order_routes').execute();
}
