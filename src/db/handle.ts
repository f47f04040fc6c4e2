/** The open database: Kysely for building queries, the better-sqlite3 handle for running them. */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly sqlite: BetterSqlite3.Database;
}
