/**
 * An open SQLite database: Kysely for building queries, the better-sqlite3 handle for running them,
 * and the unit of work that owns statements, transactions and the group commit.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { SqliteUnitOfWork } from './unit-of-work.js';

export interface SqliteDb {
  readonly kysely: Kysely<Database>;
  readonly sqlite: BetterSqlite3.Database;
  readonly uow: SqliteUnitOfWork;
}
