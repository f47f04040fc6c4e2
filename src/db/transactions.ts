/**
 * Runs Kysely-built queries synchronously on the better-sqlite3 handle. Synchronous execution is
 * what makes a transaction atomic within the process too: no other async task can run between its
 * statements, and BEGIN IMMEDIATE serializes it against other processes (busy_timeout waits).
 */
import type { Statement } from 'better-sqlite3';
import type { Compilable } from 'kysely';
import type { Db } from './handle.js';

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
 * A fixed set of raw statements, prepared once per connection on first use. For the hot paths:
 * building a query with Kysely and compiling it costs more than running it.
 */
export function preparedSet<K extends string>(sqlByName: Readonly<Record<K, string>>): (db: Db) => Readonly<Record<K, Statement>> {
  const cache = new WeakMap<Db['sqlite'], Record<K, Statement>>();
  return (db) => {
    let set = cache.get(db.sqlite);
    if (!set) {
      set = {} as Record<K, Statement>;
      for (const name of Object.keys(sqlByName) as K[]) set[name] = db.sqlite.prepare(sqlByName[name]);
      cache.set(db.sqlite, set);
    }
    return set;
  };
}

const control = preparedSet({
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  savepoint: 'SAVEPOINT w',
  release: 'RELEASE w',
  rollbackTo: 'ROLLBACK TO w',
});

/** Callbacks to run if the outermost open transaction rolls back (e.g. to drop a cache). */
const rollbackHooks = new WeakMap<Db['sqlite'], (() => void)[]>();

/**
 * Registers `hook` to run if the transaction now open on `db` ends in a rollback (nothing happens
 * on commit). Outside a transaction it does nothing: there is nothing left to roll back.
 */
export function onRollback(db: Db, hook: () => void): void {
  if (!db.sqlite.inTransaction) return;
  let hooks = rollbackHooks.get(db.sqlite);
  if (!hooks) rollbackHooks.set(db.sqlite, (hooks = []));
  hooks.push(hook);
}

/** Callbacks to run just before the outermost open transaction commits. */
const commitHooks = new WeakMap<Db['sqlite'], (() => void)[]>();

/**
 * Registers `hook` to run (inside the transaction) right before the transaction now open on `db`
 * commits; if it throws, the whole transaction rolls back. Outside a transaction it runs at once.
 * Hooks registered inside a savepoint that later rolled back still run: make them idempotent and
 * let them write only state that the rollback hooks restore.
 */
export function beforeCommit(db: Db, hook: () => void): void {
  if (!db.sqlite.inTransaction) return hook();
  let hooks = commitHooks.get(db.sqlite);
  if (!hooks) commitHooks.set(db.sqlite, (hooks = []));
  hooks.push(hook);
}

/** Runs (and forgets) the hooks registered since hook number `from`. */
function rolledBack(db: Db, from = 0): void {
  const hooks = rollbackHooks.get(db.sqlite);
  if (!hooks) return;
  // Newest first: each hook restores what was there before its own change.
  for (const h of hooks.splice(from).reverse()) h();
}

/** busy_timeout 0 for one statement, then the connection's own setting back. */
const noWait = new WeakMap<Db['sqlite'], { off: Statement; on: Statement }>();

function noWaitOf(db: Db): { off: Statement; on: Statement } {
  let nw = noWait.get(db.sqlite);
  if (!nw) {
    const ms = Number(db.sqlite.pragma('busy_timeout', { simple: true }));
    nw = { off: db.sqlite.prepare('PRAGMA busy_timeout = 0'), on: db.sqlite.prepare(`PRAGMA busy_timeout = ${ms}`) };
    noWait.set(db.sqlite, nw);
  }
  return nw;
}

/**
 * Like `immediate` at the outermost level, but when another process holds the write lock it
 * returns `{ ok: false }` at once instead of sleeping in SQLite's busy handler, which would block
 * the whole event loop (HTTP included) for the wait. The caller retries later.
 */
export function immediateIfFree<T>(db: Db, fn: () => T): { ok: true; value: T } | { ok: false } {
  if (db.sqlite.inTransaction) return { ok: true, value: immediate(db, fn) };
  const nw = noWaitOf(db);
  nw.off.get();
  try {
    control(db).begin.run();
  } catch (e) {
    // SQLITE_BUSY, or an extended variant such as SQLITE_BUSY_RECOVERY: try again later.
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return { ok: false };
    throw e;
  } finally {
    nw.on.get();
  }
  return { ok: true, value: runOpened(db, fn) };
}

/** Runs `fn` in the transaction just begun: COMMIT when it returns, ROLLBACK when it throws. */
function runOpened<T>(db: Db, fn: () => T): T {
  const c = control(db);
  let value: T;
  try {
    value = fn();
    const hooks = commitHooks.get(db.sqlite);
    if (hooks) for (let i = 0; i < hooks.length; i++) hooks[i]!();
    c.commit.run();
  } catch (e) {
    if (db.sqlite.inTransaction) c.rollback.run();
    rolledBack(db);
    rollbackHooks.delete(db.sqlite);
    commitHooks.delete(db.sqlite);
    throw e;
  }
  rollbackHooks.delete(db.sqlite);
  commitHooks.delete(db.sqlite);
  return value;
}

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction (a savepoint when already inside one): committed when
 * it returns, rolled back when it throws. `fn` must not await.
 */
export function immediate<T>(db: Db, fn: () => T): T {
  const c = control(db);
  if (db.sqlite.inTransaction) {
    const mark = rollbackHooks.get(db.sqlite)?.length ?? 0;
    c.savepoint.run();
    let value: T;
    try {
      value = fn();
    } catch (e) {
      // SQLite may already have rolled back the whole transaction (e.g. disk full): the outermost
      // level then runs every hook; otherwise only what this savepoint undid.
      if (db.sqlite.inTransaction) {
        c.rollbackTo.run();
        c.release.run();
        rolledBack(db, mark);
      }
      throw e;
    }
    c.release.run();
    return value;
  }
  c.begin.run();
  return runOpened(db, fn);
}
