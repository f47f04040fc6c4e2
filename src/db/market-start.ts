/**
 * When the market first started: the origin of the market spec's scheduled launches. Written once
 * for both engines (a cold path: once per worker process). Of several processes asking at once the
 * first write wins and every one of them reads the same instant back.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * The stored start (ms since epoch), storing `now` first when none is stored yet.
 * @throws Error when the market is not seeded
 */
export async function marketStartedAt(db: Kysely<Database>, now: number): Promise<number> {
  await db.updateTable('market_meta').set({ started_at: now }).where('id', '=', 1).where('started_at', 'is', null).execute();
  const row = await db.selectFrom('market_meta').select('started_at').where('id', '=', 1).executeTakeFirst();
  if (row?.started_at === null || row?.started_at === undefined) throw new Error('market not seeded: call init first');
  return Number(row.started_at);
}
