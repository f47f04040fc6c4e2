/**
 * Runs the migrations (migrations.ts) on either engine. Several processes starting at once migrate
 * once: Kysely's migrator takes a lock first (PostgreSQL: an advisory lock; SQLite: the write lock
 * of its transaction). A database migrated by NEWER code (a migration this code does not know)
 * stops start-up with one clear line rather than running old code against a new schema.
 */
import { Migrator, type Kysely } from 'kysely';
import { MIGRATIONS } from './migrations.js';

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

/** Applies every pending migration. @throws SchemaTooNewError, or the first migration error */
export async function migrateToLatest(kysely: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db: kysely, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  const known = await migrator.getMigrations();
  const unknown = await appliedUnknown(kysely);
  if (unknown.length > 0) {
    throw new SchemaTooNewError(
      `the database was migrated by newer code (unknown migration ${unknown.join(', ')}); run that version or a newer one`,
    );
  }
  if (known.every((m) => m.executedAt !== undefined)) return;
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Names in Kysely's migration table that this code does not have. */
async function appliedUnknown(kysely: Kysely<any>): Promise<string[]> {
  // Kysely's own tables are left out of introspection unless asked for.
  const tables = await kysely.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const rows = await kysely.selectFrom('kysely_migration').select('name').execute();
  return rows.map((r) => String(r.name)).filter((name) => !(name in MIGRATIONS));
}
