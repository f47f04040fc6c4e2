/** Counts for the metrics, written once for both engines (a cold path: read at scrape time). */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

const OPEN = ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED'] as const;

/** Orders not yet terminal, per status (the partial index on open orders serves it). */
export async function openOrderCounts(kysely: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await kysely
    .selectFrom('orders')
    .select((eb) => ['status', eb.fn.countAll<number | string | bigint>().as('n')])
    .where('status', 'in', OPEN)
    .groupBy('status')
    .execute();
  const counts = new Map<string, number>(OPEN.map((s) => [s, 0]));
  for (const r of rows) counts.set(r.status, Number(r.n));
  return counts;
}
