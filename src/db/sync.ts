/**
 * Runs Kysely-built queries synchronously on the better-sqlite3 handle. Synchronous execution is
 * what makes a transaction atomic within the process too: no other async task can run between its
 * statements, and BEGIN IMMEDIATE serializes it against other processes (busy_timeout waits).
 */
import type { Statement } from 'better-sqlite3';
import type { Compilable } from 'kysely';
import type { Db } from './connect.js';

const statements = new WeakMap<Db['sqlite'], Map<string, Statement>>();

function prepare(db: Db, sqlText: string): Statement {
  let cache = statements.get(db.sqlite);
  if (!cache) {
    cache = new Map();
    statements.set(db.sqlite, cache);
  }
  let stmt = cache.get(sqlText);
  if (!stmt) {
    stmt = db.sqlite.prepare(sqlText);
    cache.set(sqlText, stmt);
  }
  return stmt;
}

/** Every row the query returns. */
export function all<R>(db: Db, query: Compilable<R>): R[] {
  const { sql, parameters } = query.compile();
  return prepare(db, sql).all(parameters as unknown[]) as R[];
}

/** The first row, or undefined. */
export function first<R>(db: Db, query: Compilable<R>): R | undefined {
  const { sql, parameters } = query.compile();
  return prepare(db, sql).get(parameters as unknown[]) as R | undefined;
}

/** Runs a statement that returns no rows; gives the number of rows changed. */
export function run(db: Db, query: Compilable<unknown>): number {
  const { sql, parameters } = query.compile();
  return prepare(db, sql).run(parameters as unknown[]).changes;
}

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction (a savepoint when already inside one): committed when
 * it returns, rolled back when it throws. `fn` must not await.
 */
export function immediate<T>(db: Db, fn: () => T): T {
  return db.sqlite.transaction(fn).immediate();
}
