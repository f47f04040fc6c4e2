/**
 * The cold order queries, written once for both engines (Kysely): listings, the reconciler's sweep
 * and counts. The hot paths (insert, transitions, fills, event reads) are each engine's own.
 */
import type { Kysely } from 'kysely';
import type { OrderView } from '../domain/order-view.js';
import { rowToView } from './order-rows.js';
import type { OrderPageArgs } from './port.js';
import type { Database } from './schema.js';

/** Statuses of an order that is still moving (the partial index orders_open_updated_idx). */
export const OPEN_STATUSES = ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED'] as const;

/** One account's orders newest first, strictly after the cursor (orders_account_*_idx). */
export async function listOrders(kysely: Kysely<Database>, args: OrderPageArgs): Promise<OrderView[]> {
  let q = kysely
    .selectFrom('orders as o')
    .innerJoin('order_routes as r', 'r.order_id', 'o.id')
    .selectAll('o')
    .select('r.route')
    .where('o.account_id', '=', args.accountId);
  if (args.status) q = q.where('o.status', '=', args.status);
  const after = args.after;
  if (after) {
    q = q.where((eb) => eb.or([eb('o.created_at', '<', after.createdAt), eb.and([eb('o.created_at', '=', after.createdAt), eb('o.id', '<', after.id)])]));
  }
  const rows = await q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(args.limit).execute();
  return rows.map((r) => rowToView(r, r.route));
}

/** Non-terminal orders untouched since before `updatedBefore`, stalest first, after the cursor. */
export async function staleOpenOrders(
  kysely: Kysely<Database>,
  updatedBefore: number,
  limit: number,
  after?: { readonly updatedAt: number; readonly id: string },
): Promise<{ id: string; updatedAt: number }[]> {
  let q = kysely.selectFrom('orders').select(['id', 'updated_at']).where('status', 'in', OPEN_STATUSES).where('updated_at', '<', updatedBefore);
  if (after) q = q.where((eb) => eb.or([eb('updated_at', '>', after.updatedAt), eb.and([eb('updated_at', '=', after.updatedAt), eb('id', '>', after.id)])]));
  const rows = await q.orderBy('updated_at').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, updatedAt: Number(r.updated_at) }));
}

/** Statuses of an order not yet terminal: resting (OPEN) or moving (the two partial indexes). */
const LIVE_STATUSES = ['OPEN', ...OPEN_STATUSES] as const;

/** Resting (OPEN) orders: those of `ids` (chunked: SQLite caps bound parameters), or all, oldest first. */
export async function restingOrders(kysely: Kysely<Database>, ids?: readonly string[]): Promise<OrderView[]> {
  const base = () => kysely.selectFrom('orders as o').innerJoin('order_routes as r', 'r.order_id', 'o.id').selectAll('o').select('r.route').where('o.status', '=', 'OPEN');
  const rows = [];
  if (ids === undefined) rows.push(...(await base().orderBy('o.created_at').orderBy('o.id').execute()));
  else for (let i = 0; i < ids.length; i += 500) rows.push(...(await base().where('o.id', 'in', ids.slice(i, i + 500)).execute()));
  return rows.map((r) => rowToView(r, r.route));
}

/** The ids of every resting order (orders_resting_idx covers the scan). */
export async function restingOrderIds(kysely: Kysely<Database>): Promise<string[]> {
  const rows = await kysely.selectFrom('orders').select('id').where('status', '=', 'OPEN').execute();
  return rows.map((r) => r.id);
}

/** Up to `limit` OPEN orders whose expiry has come by `now`, earliest first (orders_resting_idx). */
export async function expiredRestingIds(kysely: Kysely<Database>, now: number, limit: number): Promise<string[]> {
  const rows = await kysely
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'OPEN')
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Orders not yet terminal, per status, resting ones included (the partial indexes serve it). */
export async function openOrderCounts(kysely: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await kysely
    .selectFrom('orders')
    .select((eb) => ['status', eb.fn.countAll<number | string | bigint>().as('n')])
    .where('status', 'in', LIVE_STATUSES)
    .groupBy('status')
    .execute();
  const counts = new Map<string, number>(LIVE_STATUSES.map((s) => [s, 0]));
  for (const r of rows) counts.set(r.status, Number(r.n));
  return counts;
}
