/**
 * The process's cached copy of the market on SQLite, keyed by the stored version. Reads pay a
 * one-row version check and parse pool JSON only when another process (or motion) moved the
 * market; quotes (`recent`) skip even that check between announcements (market-freshness.ts).
 * Writes go through `transactSync`: one BEGIN IMMEDIATE transaction (or a savepoint of the caller's
 * group commit) that re-reads the version, reloads if stale, applies the change and bumps the
 * version, so two writers never trade against the same pool state.
 *
 * The synchronous core (`currentSync`, `transactSync`) is what the SQLite storage composes into
 * its own transactions (a fill); the async surface is the port's MarketStore.
 */
import type { MarketState } from '../../domain/market/market.js';
import type { Pool } from '../../domain/venues/pool.js';
import { referenceDataChanged } from '../market-data.js';
import { MarketFreshness } from '../market-freshness.js';
import type { MarketChange, MarketStore, MarketWrite, StoredMarket } from '../port.js';
import type { SqliteDb } from './db.js';
import { bumpMarketVersion, loadMarket, readMarketVersion, seedMarketIfEmpty, writePools } from './market-rows.js';

/** A pool change not yet written: the state, and the time and version of the change. */
interface PendingPool {
  readonly pool: Pool;
  readonly at: number;
  readonly version: number;
}

export class SqliteMarketStore implements MarketStore {
  #cached: StoredMarket | undefined;
  readonly #freshness = new MarketFreshness();
  /** Pool changes waiting for the enclosing transaction's commit, by pool id. */
  #pending = new Map<string, PendingPool>();

  constructor(private readonly db: SqliteDb) {}

  async init(initial: () => MarketState, at: number): Promise<StoredMarket> {
    if (readMarketVersion(this.db) === undefined) seedMarketIfEmpty(this.db, initial(), at);
    return this.currentSync();
  }

  async current(): Promise<StoredMarket> {
    return this.currentSync();
  }

  /** The freshest market: the cached copy unless the stored version moved. */
  currentSync(): StoredMarket {
    const version = readMarketVersion(this.db);
    if (version === undefined) throw new Error('market not seeded: call init first');
    // Moved on by another process (or motion): read only the pools written since our copy.
    if (this.#cached?.version !== version) {
      // Cannot happen while pool writes are pending: this transaction holds the write lock and every
      // change moved the cache with the version. Reloading now would read pools that lack them.
      if (this.#pending.size > 0) throw new Error('market version moved under pending pool writes');
      const stored = loadMarket(this.db, this.#cached);
      if (!stored) throw new Error('market not seeded');
      this.#cached = stored;
    }
    return this.#cached;
  }

  async recent(now: number): Promise<StoredMarket> {
    const cached = this.#cached;
    if (cached !== undefined && this.#freshness.trusted(now)) return cached;
    const stored = this.currentSync();
    // Only after a successful read: a throw leaves the next call to try again.
    this.#freshness.checked(now);
    return stored;
  }

  followAnnouncements(maxAgeMs: number): () => void {
    return this.#freshness.follow(maxAgeMs);
  }

  markStale(): void {
    this.#freshness.markStale();
  }

  get cached(): StoredMarket | undefined {
    return this.#cached;
  }

  async transact<T>(at: number, fn: (market: MarketState) => MarketChange<T>): Promise<{ result: T; write: MarketWrite | undefined }> {
    // In the group commit like every other write: while another process holds SQLite's write lock
    // the batcher retries instead of sleeping in the busy handler, which would stall this process.
    return this.db.uow.write(() => {
      const { result, changed } = this.transactSync(at, fn);
      const write = changed.length > 0 && this.#cached ? { version: this.#cached.version, poolIds: changed } : undefined;
      return { result, write };
    });
  }

  /**
   * Runs `fn` against the freshest market inside one IMMEDIATE transaction (a savepoint inside the
   * caller's); persists `next` and bumps the version when given. Gives back `fn`'s result and the
   * ids of the pools it changed. Nothing is written, cached or returned when `fn` throws.
   */
  transactSync<T>(at: number, fn: (market: MarketState) => MarketChange<T>): { result: T; changed: string[] } {
    // Inside a caller's transaction (a group commit of several fills), the pool rows are written
    // once, just before that transaction commits, with the last state of each pool: the JSON of a
    // pool (up to 7.6 KB) was the largest cost of a fill. The version is still bumped per change.
    const deferPools = this.db.uow.inTransaction;
    let before: StoredMarket | undefined;
    const { change, stored, changed } = this.db.uow.immediate(() => {
      before = this.currentSync();
      const change = fn(before.market);
      if (!change.next) return { change, stored: before, changed: [] as Pool[] };
      const changed: Pool[] = [];
      for (const [id, pool] of change.next.pools) if (before.market.pools.get(id) !== pool) changed.push(pool);
      const version = bumpMarketVersion(this.db, referenceDataChanged(before.market, change.next, change.referencePricesChanged) ? change.next : undefined, at);
      if (deferPools) this.#defer(changed, at, version);
      else writePools(this.db, changed.map((pool) => ({ pool, at, version })));
      const poolUpdatedAt = new Map(before.poolUpdatedAt);
      for (const p of changed) poolUpdatedAt.set(p.id, at);
      return { change, stored: { version, market: change.next, poolUpdatedAt }, changed };
    });
    // Only after the commit, or, inside a caller's transaction, after our savepoint: if that
    // transaction (or an enclosing savepoint) rolls back, the cache goes back to what it was before
    // this change, which is again what the database plus the pending pools hold. Rollback hooks run
    // newest first, so several undone changes unwind in order.
    const previous = before;
    this.#cached = stored;
    this.db.uow.onRollback(() => {
      this.#cached = previous;
    });
    return { result: change.result, changed: changed.map((p) => p.id) };
  }

  #defer(changed: readonly Pool[], at: number, version: number): void {
    const previous = this.#pending;
    const next = new Map(previous);
    for (const pool of changed) next.set(pool.id, { pool, at, version });
    this.#pending = next;
    this.db.uow.onRollback(() => {
      this.#pending = previous;
    });
    if (previous.size === 0) this.db.uow.beforeCommit(() => this.#writePending());
  }

  #writePending(): void {
    writePools(this.db, this.#pending.values());
    this.#pending = new Map();
  }
}
