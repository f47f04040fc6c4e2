/** For the tests that look under the storage port at the SQLite engine itself (group commit, statements). */
import type { SqliteDb } from '../../src/db/sqlite/db.js';
import type { SqliteStorage } from '../../src/db/sqlite/storage.js';
import type { Runtime } from '../../src/runtime.js';

/** The runtime's SQLite storage; throws when the runtime runs on another engine. */
export function sqliteStorageOf(rt: Pick<Runtime, 'storage'>): SqliteStorage {
  if (rt.storage.engine !== 'sqlite') throw new Error(`this test needs the SQLite engine, not ${rt.storage.engine}`);
  return rt.storage as SqliteStorage;
}

/** The runtime's SQLite database; throws when the runtime runs on another engine. */
export function sqliteOf(rt: Pick<Runtime, 'storage'>): SqliteDb {
  return sqliteStorageOf(rt).db;
}
