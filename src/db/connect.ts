/**
 * Opens SQLite through Kysely (better-sqlite3 underneath) and runs the migrations. Both handles are
 * kept: Kysely builds every query, and the raw connection runs them synchronously so a multi-step
 * write (a fill, an insert-or-select) is one BEGIN IMMEDIATE transaction that nothing interleaves.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import type { Db } from './handle.js';
import type { Database } from './schema.js';
import * as m20250601 from './migrations/20250601T000000_initial.js';
import * as m20251125 from './migrations/20251125T000000_pool_version.js';
import { flushWrites } from './write-batcher.js';

export type { Db } from './handle.js';

// Static provider: migrations are imported, so they work the same under tsx, vitest and bundlers.
const MIGRATIONS: Record<string, Migration> = {
  '20250601T000000_initial': m20250601,
  '20251125T000000_pool_version': m20251125,
};

/** Opens (creating the directory and file if needed) and migrates the database at `path`. */
export async function openDatabase(path: string): Promise<Db> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
  sqlite.pragma('synchronous = NORMAL');
  // Another process holding the write lock makes us wait rather than fail at once.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Page reads through a memory map instead of a pread each, and a page cache that holds the hot
  // indexes of a long run (the defaults, 2 MiB and no map, make a busy order path syscall-bound).
  sqlite.pragma('mmap_size = 268435456');
  sqlite.pragma('cache_size = -65536');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const db: Db = { kysely, sqlite };
  await migrateToLatest(db);
  return db;
}

/** Applies every pending migration. @throws the first migration error */
export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => MIGRATIONS } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** True when a trivial query answers. */
export function databaseReady(db: Db): boolean {
  try {
    return db.sqlite.open && db.sqlite.prepare('select 1 as ok').get() !== undefined;
  } catch {
    return false;
  }
}

export async function closeDatabase(db: Db): Promise<void> {
  // Writes still queued for this turn's group commit go in before the handle closes.
  flushWrites(db);
  // Kysely's destroy closes the better-sqlite3 handle it was given.
  await db.kysely.destroy();
}
