/**
 * The SQLite unit of work: one per open database, owning what used to be module-level state —
 * the prepared-statement cache, the transaction control (BEGIN IMMEDIATE, savepoints), the commit
 * and rollback hooks, and the group commit (group-commit.ts).
 *
 * Statements run synchronously on the better-sqlite3 handle. Synchronous execution is what makes a
 * transaction atomic within the process too: no other async task can run between its statements,
 * and BEGIN IMMEDIATE serializes it against other processes (busy_timeout waits).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { Compilable } from 'kysely';
import { GroupCommit } from './group-commit.js';

export class SqliteUnitOfWork {
  readonly #sqlite: BetterSqlite3.Database;
  readonly #statements = new Map<string, Statement>();
  readonly #sets = new Map<object, Readonly<Record<string, Statement>>>();
  #rollbackHooks: (() => void)[] = [];
  #commitHooks: (() => void)[] = [];
  readonly #control: Readonly<Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo', Statement>>;
  #noWait: { off: Statement; on: Statement } | undefined;
  readonly #group: GroupCommit;

  constructor(sqlite: BetterSqlite3.Database, onCommit?: (seconds: number) => void) {
    this.#sqlite = sqlite;
    this.#control = {
      begin: sqlite.prepare('BEGIN IMMEDIATE'),
      commit: sqlite.prepare('COMMIT'),
      rollback: sqlite.prepare('ROLLBACK'),
      savepoint: sqlite.prepare('SAVEPOINT w'),
      release: sqlite.prepare('RELEASE w'),
      rollbackTo: sqlite.prepare('ROLLBACK TO w'),
    };
    this.#group = new GroupCommit(this, onCommit);
  }

  get inTransaction(): boolean {
    return this.#sqlite.inTransaction;
  }

  /** The statement for `sqlText`, prepared once. */
  prepare(sqlText: string): Statement {
    let stmt = this.#statements.get(sqlText);
    if (!stmt) {
      stmt = this.#sqlite.prepare(sqlText);
      this.#statements.set(sqlText, stmt);
    }
    return stmt;
  }

  /**
   * A fixed set of raw statements, prepared once (keyed by the set object). For the hot paths:
   * building a query with Kysely and compiling it costs more than running it.
   */
  statements<K extends string>(sqlByName: Readonly<Record<K, string>>): Readonly<Record<K, Statement>> {
    let set = this.#sets.get(sqlByName) as Readonly<Record<K, Statement>> | undefined;
    if (!set) {
      const made = {} as Record<K, Statement>;
      for (const name of Object.keys(sqlByName) as K[]) made[name] = this.#sqlite.prepare(sqlByName[name]);
      this.#sets.set(sqlByName, made);
      set = made;
    }
    return set;
  }

  /** Every row a Kysely-built query returns. */
  all<R>(query: Compilable<R>): R[] {
    const { sql, parameters } = query.compile();
    return this.prepare(sql).all(parameters as unknown[]) as R[];
  }

  /** The first row, or undefined. */
  first<R>(query: Compilable<R>): R | undefined {
    const { sql, parameters } = query.compile();
    return this.prepare(sql).get(parameters as unknown[]) as R | undefined;
  }

  /** Runs a statement that returns no rows; gives the number of rows changed. */
  run(query: Compilable<unknown>): number {
    const { sql, parameters } = query.compile();
    return this.prepare(sql).run(parameters as unknown[]).changes;
  }

  /**
   * Registers `hook` to run if the transaction now open ends in a rollback (nothing happens on
   * commit). Outside a transaction it does nothing: there is nothing left to roll back.
   */
  onRollback(hook: () => void): void {
    if (this.#sqlite.inTransaction) this.#rollbackHooks.push(hook);
  }

  /**
   * Registers `hook` to run (inside the transaction) right before the transaction now open commits;
   * if it throws, the whole transaction rolls back. Outside a transaction it runs at once. Hooks
   * registered inside a savepoint that later rolled back still run: make them idempotent and let
   * them write only state that the rollback hooks restore.
   */
  beforeCommit(hook: () => void): void {
    if (!this.#sqlite.inTransaction) return hook();
    this.#commitHooks.push(hook);
  }

  /** Runs (and forgets) the rollback hooks registered since hook number `from`, newest first. */
  #rolledBack(from = 0): void {
    // Newest first: each hook restores what was there before its own change.
    for (const h of this.#rollbackHooks.splice(from).reverse()) h();
  }

  /**
   * Runs `fn` in a BEGIN IMMEDIATE transaction (a savepoint when already inside one): committed when
   * it returns, rolled back when it throws. `fn` must not await.
   */
  immediate<T>(fn: () => T): T {
    const c = this.#control;
    if (this.#sqlite.inTransaction) {
      const mark = this.#rollbackHooks.length;
      c.savepoint.run();
      let value: T;
      try {
        value = fn();
      } catch (e) {
        // SQLite may already have rolled back the whole transaction (e.g. disk full): the outermost
        // level then runs every hook; otherwise only what this savepoint undid.
        if (this.#sqlite.inTransaction) {
          c.rollbackTo.run();
          c.release.run();
          this.#rolledBack(mark);
        }
        throw e;
      }
      c.release.run();
      return value;
    }
    c.begin.run();
    return this.#runOpened(fn);
  }

  /**
   * Like `immediate` at the outermost level, but when another process holds the write lock it
   * returns `{ ok: false }` at once instead of sleeping in SQLite's busy handler, which would block
   * the whole event loop (HTTP included) for the wait. The caller retries later.
   */
  immediateIfFree<T>(fn: () => T): { ok: true; value: T } | { ok: false } {
    if (this.#sqlite.inTransaction) return { ok: true, value: this.immediate(fn) };
    const nw = this.#noWaitStatements();
    nw.off.get();
    try {
      this.#control.begin.run();
    } catch (e) {
      // SQLITE_BUSY, or an extended variant such as SQLITE_BUSY_RECOVERY: try again later.
      if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return { ok: false };
      throw e;
    } finally {
      nw.on.get();
    }
    return { ok: true, value: this.#runOpened(fn) };
  }

  /** busy_timeout 0 for one statement, then the connection's own setting back. */
  #noWaitStatements(): { off: Statement; on: Statement } {
    if (!this.#noWait) {
      const ms = Number(this.#sqlite.pragma('busy_timeout', { simple: true }));
      this.#noWait = { off: this.#sqlite.prepare('PRAGMA busy_timeout = 0'), on: this.#sqlite.prepare(`PRAGMA busy_timeout = ${ms}`) };
    }
    return this.#noWait;
  }

  /** Runs `fn` in the transaction just begun: COMMIT when it returns, ROLLBACK when it throws. */
  #runOpened<T>(fn: () => T): T {
    const c = this.#control;
    let value: T;
    try {
      value = fn();
      const hooks = this.#commitHooks;
      for (let i = 0; i < hooks.length; i++) hooks[i]!();
      c.commit.run();
    } catch (e) {
      if (this.#sqlite.inTransaction) c.rollback.run();
      this.#rolledBack();
      this.#rollbackHooks = [];
      this.#commitHooks = [];
      throw e;
    }
    this.#rollbackHooks = [];
    this.#commitHooks = [];
    return value;
  }

  /**
   * Runs the synchronous write `fn` in this turn's group transaction (as a savepoint). Resolves with
   * its result once the transaction committed; rejects with its error (only its own writes undone),
   * or with the transaction's error when the whole batch failed.
   */
  write<T>(fn: () => T): Promise<T> {
    return this.#group.write(fn);
  }

  /** Commits whatever is queued right now (before closing the database). */
  flush(): void {
    this.#group.flush();
  }
}
