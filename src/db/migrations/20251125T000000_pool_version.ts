/**
 * pools.version: the market version whose write last changed the pool. A process whose cached
 * market is at version v reloads only the pools with version > v instead of parsing every pool's
 * JSON again (with several processes, every fill by one of them moved the version for the others).
 * Rows written before this column existed read as 0: a full load, which every process starts
 * with, has them already.
 */
import { sql, type Kysely } from 'kysely';
import { int64 } from './dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pools').addColumn('version', int64(db), (c) => c.notNull().defaultTo(0)).execute();
  await sql`create index pools_version_idx on pools (version)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index pools_version_idx`.execute(db);
  await db.schema.alterTable('pools').dropColumn('version').execute();
}
