/**
 * Opens SQLite through Kysely (better-sqlite3 underneath) and runs the migrations. Both handles are
 * kept: Kysely builds every query, and the raw connection runs them synchronously so a multi-step
 * write (a fill, an insert-or-select) is one BEGIN IMMEDIATE transaction that nothing interleaves.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from '../migrate.js';
import type { Database } from '../schema.js';
import type { SqliteDb } from './db.js';
import { SqliteUnitOfWork } from './unit-of-work.js';

export interface SqliteOptions {
  /**
   * `normal`: synchronous=NORMAL in WAL mode — durable across a crash of the process; an OS crash
   * or power failure can lose the last commits (never corrupt the file). `full`: synchronous=FULL —
   * every commit is on disk before it returns, at the price of an fsync per commit.
   */
  readonly durability: 'normal' | 'full';
  /** Told how long each group commit took (seconds), for the commit latency metric. */
  readonly onCommit?: (seconds: number) => void;
}

/** Opens (creating the directory and file if needed) and migrates the database at `path`. */
export async function openSqlite(path: string, opts: SqliteOptions = { durability: 'normal' }): Promise<SqliteDb> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  try {
    // While opening, a busy file is waited for by sleeping between tries rather than in SQLite's
    // busy handler, which blocks the event loop: another connection of this very process may be
    // the one migrating it, and it needs the loop to finish.
    sqlite.pragma('busy_timeout = 0');
    await whenFree(() => sqlite.pragma('journal_mode = WAL'));
    sqlite.pragma(`synchronous = ${opts.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    sqlite.pragma('foreign_keys = ON');
    // Page reads through a memory map instead of a pread each, and a page cache that holds the hot
    // indexes of a long run (the defaults, 2 MiB and no map, make a busy order path syscall-bound).
    sqlite.pragma('mmap_size = 268435456');
    sqlite.pragma('cache_size = -65536');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    // Kysely takes no lock on SQLite: several processes opening one file at once would race to
    // migrate it. The whole migration runs in one BEGIN IMMEDIATE instead, so the others wait
    // (busy_timeout) and then find it done; SQLite's DDL is transactional, so it is all or nothing.
    await whenFree(() => sqlite.exec('BEGIN IMMEDIATE'));
    try {
      await migrateToLatest(kysely);
      sqlite.exec('COMMIT');
    } catch (err) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw err;
    }
    // From now on another process holding the write lock makes us wait rather than fail at once.
    sqlite.pragma('busy_timeout = 5000');
    return { kysely, sqlite, uow: new SqliteUnitOfWork(sqlite, opts.onCommit) };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

/** How long opening waits for a file another connection holds (migrating it, say). */
const OPEN_WAIT_MS = 30_000;

/** Runs `fn` until it does not fail with SQLITE_BUSY, sleeping between tries, for OPEN_WAIT_MS at most. */
async function whenFree<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + OPEN_WAIT_MS;
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (!(e as { code?: string }).code?.startsWith('SQLITE_BUSY') || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** True when a trivial query answers. */
export function sqliteReady(db: SqliteDb): boolean {
  try {
    return db.sqlite.open && db.sqlite.prepare('select 1 as ok').get() !== undefined;
  } catch {
    return false;
  }
}

export async function closeSqlite(db: SqliteDb): Promise<void> {
  // Writes still queued for this turn's group commit go in before the handle closes.
  db.uow.flush();
  // Kysely's destroy closes the better-sqlite3 handle it was given.
  await db.kysely.destroy();
}
