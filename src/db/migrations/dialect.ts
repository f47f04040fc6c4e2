/**
 * The one place migrations learn which engine they run on. Column types and table options that
 * differ are decided here, so each migration reads the same on both engines.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Column type for ms timestamps and other integers past 2^31: SQLite's INTEGER is 64-bit already;
 * PostgreSQL's integer is 32-bit, so bigint there (read back as a JS number: see postgres/pool.ts).
 */
export function int64(db: Kysely<any>): 'integer' | 'bigint' {
  return isPostgres(db) ? 'bigint' : 'integer';
}

/** Column type for a double: SQLite's REAL is 8 bytes already; PostgreSQL's real is 4, so double precision there. */
export function float64(db: Kysely<any>): 'real' | 'double precision' {
  return isPostgres(db) ? 'double precision' : 'real';
}
