/**
 * Opens PostgreSQL: the pool (pool.ts), Kysely over it, and the unit of work, then migrates.
 * Opening fails with one line naming the server (host, port, database; never the password) and
 * the reason, so a wrong DATABASE_URL or a server that is down reads plainly at start-up.
 *
 * Several processes starting at once migrate once: Kysely's migrator takes a PostgreSQL advisory
 * lock around the migrations, and whoever waited finds them applied (migrate.ts).
 */
import { Kysely, PostgresDialect } from 'kysely';
import { migrateToLatest, SchemaTooNewError } from '../migrate.js';
import type { Database } from '../schema.js';
import type { BatchLimits } from './batcher.js';
import { firstLine } from './errors.js';
import { createPool, describeTarget, parseTarget, POOL_SIZE, type Durability } from './pool.js';
import { PgUnitOfWork } from './unit-of-work.js';

export interface PostgresOptions {
  /** See pool.ts: synchronous_commit off (`normal`) or on (`full`). */
  readonly durability: Durability;
  /**
   * How requests are batched (default: per event-loop turn, up to BATCHED.maxBatch). PER_OPERATION
   * runs every request alone, for measuring what batching pays (bench/pg-batching.ts).
   */
  readonly batching?: BatchLimits;
  /** Told how long each write took to commit (seconds): a transaction, or a batch's one statement. */
  readonly onCommit?: (seconds: number) => void;
}

/** The default: a turn's requests in one statement, two batches of a kind in flight at most. */
export const BATCHED: BatchLimits = { maxBatch: 500, maxInFlight: 2 };
/** Every request alone, as many at once as the pool has connections. */
export const PER_OPERATION: BatchLimits = { maxBatch: 1, maxInFlight: POOL_SIZE };

export interface PostgresDb {
  readonly kysely: Kysely<Database>;
  readonly uow: PgUnitOfWork;
}

/**
 * Connects to `url` and migrates.
 * @throws Error (one line) when the URL is malformed or the server cannot be reached; SchemaTooNewError
 */
export async function openPostgres(url: string, opts: PostgresOptions): Promise<PostgresDb> {
  const where = describeTarget(parseTarget(url));
  const pool = createPool(url, opts.durability);
  const uow = new PgUnitOfWork(pool, where, opts.batching ?? BATCHED, opts.onCommit);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: uow.kyselyPool }) });
  try {
    try {
      await pool.query('SELECT 1');
    } catch (e) {
      throw new Error(`cannot connect to PostgreSQL at ${where}: ${firstLine(e)}`);
    }
    try {
      await migrateToLatest(kysely);
    } catch (e) {
      if (e instanceof SchemaTooNewError) throw e;
      throw new Error(`cannot migrate PostgreSQL at ${where}: ${firstLine(e)}`, { cause: e });
    }
    return { kysely, uow };
  } catch (e) {
    await kysely.destroy();
    throw e;
  }
}
