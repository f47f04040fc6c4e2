/**
 * market_meta.started_at: when the market first started (ms), the origin of the market spec's
 * scheduled launches (`launches: [{ after: "60s", … }]`). Stored, so a restart neither launches a
 * pool again nor moves the schedule, and every worker process measures from the same instant.
 * Null until a process first asks (a market seeded before this column existed starts its schedule
 * then).
 */
import type { Kysely } from 'kysely';
import { int64 } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('market_meta').addColumn('started_at', int64(db)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('market_meta').dropColumn('started_at').execute();
}
