/**
 * The PostgreSQL unit of work: one per open storage, owning what the engine shares — the pool,
 * the named (server-side prepared) statements, transactions with their retry and commit hooks,
 * the per-turn batchers, and the mapping of failures onto the port's errors.
 *
 * - Statements are named: each connection parses and plans one the first time it runs it and
 *   reuses that afterwards (pg keeps the names per connection).
 * - A deadlock or serialization failure is a lost race, not an error: the statement or the whole
 *   transaction runs again (its callbacks are pure, see port.ts), after a short random pause.
 * - A server that is away surfaces as StorageUnavailableError; the connection it broke is
 *   discarded and the pool opens a new one when the server is back.
 * - Commit hooks run after COMMIT returned, so nothing is cached or published that did not commit.
 */
import type { PostgresPool } from 'kysely';
import type pg from 'pg';
import { StorageUnavailableError } from '../port.js';
import { Batcher, type BatchLimits, type Settled } from './batcher.js';
import { asStorageError, firstLine, isConnectionFailure, isLostRace } from './errors.js';

/** A statement prepared once per connection under its name. */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

export function statement(name: string, text: string): Statement {
  return { name, text };
}

/** A transaction's connection, while it is open. */
export interface Tx {
  query<R>(stmt: Statement, values: readonly unknown[]): Promise<R[]>;
  /** Runs `hook` once the transaction committed (never if it rolls back or is retried). */
  afterCommit(hook: () => void): void;
}

/** How many times a lost race (deadlock, serialization failure) is run again before it fails. */
const MAX_RACE_RETRIES = 30;
/** How long `ready` waits for an answer at most. */
const READY_TIMEOUT_MS = 1_500;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A transaction whose ROLLBACK failed: its connection is discarded, and the first error reported. */
class BrokenConnection extends Error {
  constructor(
    readonly original: unknown,
    rollbackError: unknown,
  ) {
    super(`ROLLBACK failed: ${firstLine(rollbackError)}`, { cause: original });
  }
}

export class PgUnitOfWork {
  readonly #pool: pg.Pool;
  readonly #batchers: Batcher<any, any>[] = [];
  #closed = false;

  /** `where`: host, port and database, for messages. */
  constructor(
    pool: pg.Pool,
    readonly where: string,
    readonly limits: BatchLimits,
    /** Told how long each transaction took, BEGIN to COMMIT (seconds): the commit latency metric. */
    private readonly onCommit: (seconds: number) => void = () => {},
  ) {
    this.#pool = pool;
  }

  /**
   * A batcher of this storage (drained on close), with the storage's batch limits unless given.
   * A batch the database refuses as a whole (one request's bad value fails the statement) runs
   * again one request at a time, so only that request fails, as a savepoint would have it; an
   * outage fails the whole batch at once.
   */
  batcher<Q, R>(run: (requests: readonly Q[]) => Promise<readonly Settled<R>[]>, limits: BatchLimits = this.limits): Batcher<Q, R> {
    const isolating = async (requests: readonly Q[]): Promise<readonly Settled<R>[]> => {
      try {
        return await run(requests);
      } catch (error) {
        if (requests.length === 1 || error instanceof StorageUnavailableError) throw error;
        const alone: Settled<R>[] = [];
        for (const request of requests) {
          try {
            alone.push(...(await run([request])));
          } catch (e) {
            alone.push({ ok: false, error: e });
          }
        }
        return alone;
      }
    };
    const b = new Batcher(isolating, limits);
    this.#batchers.push(b);
    return b;
  }

  /** Runs one statement (atomic by itself) on a free connection; a lost race runs it again. */
  async query<R>(stmt: Statement, values: readonly unknown[]): Promise<R[]> {
    return this.#withRetry(() => this.#withClient(async (client) => (await client.query({ name: stmt.name, text: stmt.text, values: values as unknown[] })).rows as R[]));
  }

  /** `query` for a statement that writes: its time to commit is reported (the metric). */
  async write<R>(stmt: Statement, values: readonly unknown[]): Promise<R[]> {
    const started = performance.now();
    const rows = await this.query<R>(stmt, values);
    this.onCommit((performance.now() - started) / 1000);
    return rows;
  }

  /**
   * Runs `fn` in one transaction on one connection: COMMIT when it returns, ROLLBACK when it
   * throws. `begin` is sent first as one simple query (no parameters) and its results handed to
   * `fn`: "BEGIN; SELECT … FOR UPDATE" opens the transaction and takes its first lock in one round
   * trip. A lost race runs the whole of it again, `fn` included.
   */
  async transaction<T>(fn: (tx: Tx, opened: readonly pg.QueryResult[]) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return this.#withRetry(() =>
      this.#withClient(async (client) => {
        const hooks: (() => void)[] = [];
        const tx: Tx = {
          query: async <R>(stmt: Statement, values: readonly unknown[]) =>
            (await client.query({ name: stmt.name, text: stmt.text, values: values as unknown[] })).rows as R[],
          afterCommit: (hook) => void hooks.push(hook),
        };
        let value: T;
        const started = performance.now();
        try {
          // Inside the try: a statement after BEGIN may fail (a lock lost to a deadlock), leaving
          // the transaction open and aborted.
          const opened = (await client.query(begin)) as unknown as pg.QueryResult | pg.QueryResult[];
          value = await fn(tx, Array.isArray(opened) ? opened : [opened]);
          await client.query('COMMIT');
          this.onCommit((performance.now() - started) / 1000);
        } catch (e) {
          // A connection that broke has no transaction left to roll back; the pool discards it.
          // One whose ROLLBACK fails is not handed to anyone else either.
          if (!isConnectionFailure(e)) {
            await client.query('ROLLBACK').catch((rollbackError: unknown) => {
              throw new BrokenConnection(e, rollbackError);
            });
          }
          throw e;
        }
        for (const h of hooks) h();
        return value;
      }),
    );
  }

  /**
   * The pool as Kysely sees it (the cold paths and migrations): taking a connection fails with
   * StorageUnavailableError while the server is away, like the hot paths.
   */
  get kyselyPool(): PostgresPool {
    return { connect: () => this.#connect(), end: () => this.#pool.end() };
  }

  /** A Kysely query's promise with this engine's error mapping. */
  async cold<T>(run: Promise<T>): Promise<T> {
    try {
      return await run;
    } catch (e) {
      throw asStorageError(e, this.where);
    }
  }

  /** True when `SELECT 1` answers within READY_TIMEOUT_MS. */
  async ready(): Promise<boolean> {
    if (this.#closed) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, READY_TIMEOUT_MS, false)));
    const answer = this.#pool
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for every queued and running batch, then refuses new work. The pool is ended by the caller (Kysely owns it). */
  async drain(): Promise<void> {
    // A batch's results may queue more work (a lost race re-reads): drain until all are idle at once.
    for (let i = 0; i < 10; i++) await Promise.all(this.#batchers.map((b) => b.drained()));
    this.#closed = true;
  }

  async #connect(): Promise<pg.PoolClient> {
    try {
      return await this.#pool.connect();
    } catch (e) {
      // Whatever stops a new session (refused, shutting down, no slots, the database closed to
      // connections) means the database is away for now.
      throw new StorageUnavailableError(`PostgreSQL at ${this.where} is unavailable: ${firstLine(e)}`, { cause: e });
    }
  }

  async #withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('storage is closed');
    const client = await this.#connect();
    try {
      const value = await fn(client);
      client.release();
      return value;
    } catch (e) {
      // A broken connection is destroyed rather than returned to the pool.
      const broken = e instanceof BrokenConnection;
      const error = broken ? e.original : e;
      client.release(broken || isConnectionFailure(error) ? new Error('connection discarded', { cause: e }) : undefined);
      throw asStorageError(error, this.where);
    }
  }

  async #withRetry<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (e) {
        if (!isLostRace(e) || attempt >= MAX_RACE_RETRIES) throw e;
        // PostgreSQL aborts one side of a deadlock, but a serialization failure may hit several
        // transactions at once: a random pause keeps them from meeting again at once.
        await pause(Math.random() * Math.min(50, 2 * attempt));
      }
    }
  }
}
