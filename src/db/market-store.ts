/**
 * A process's cached copy of the market, keyed by the stored version. Reads (pools) pay a one-row
 * version check and parse pool JSON only when another process (or motion) moved the market; quotes
 * (`recent`) skip even that check until another process's write is announced over pub/sub (or the
 * last check is older than a bound). Writes (a fill, a motion tick) go through `transact`: one
 * BEGIN IMMEDIATE transaction that re-reads the version, reloads if stale, applies the change and
 * bumps the version, so two workers never fill against the same pool state.
 */
import type { MarketState } from '../domain/market/market.js';
import type { Pool } from '../domain/venues/pool.js';
import type { Db } from './connect.js';
import { bumpMarketVersion, loadMarket, readMarketVersion, seedMarketIfEmpty, writePools, type StoredMarket } from './market-repo.js';
import { beforeCommit, immediate, onRollback } from './transactions.js';

/** A pool change not yet written: the state, and the time and version of the change. */
interface PendingPool {
  readonly pool: Pool;
  readonly at: number;
  readonly version: number;
}

export interface MarketChange<T> {
  /** The market after the change; pools that are not the same objects as before get written. */
  readonly next?: MarketState;
  /** Also persist the reference prices (motion changes them; fills do not). */
  readonly referencePricesChanged?: boolean;
  readonly result: T;
}

export class MarketStore {
  #cached: StoredMarket | undefined;

  constructor(private readonly db: Db) {}

  /** Seeds the stored market from `initial()` on first start, then loads it. */
  init(initial: () => MarketState, at: number): StoredMarket {
    if (readMarketVersion(this.db) === undefined) seedMarketIfEmpty(this.db, initial(), at);
    return this.current();
  }

  /** The freshest market: the cached copy unless the stored version moved. */
  current(): StoredMarket {
    const version = readMarketVersion(this.db);
    if (version === undefined) throw new Error('market not seeded: call MarketStore.init first');
    // Moved on by another process (or motion): read only the pools written since our copy.
    if (this.#cached?.version !== version) {
      // Cannot happen while pool writes are pending: this transaction holds the write lock and every
      // change moved the cache with the version. Reloading now would read pools that lack them.
      if (this.#pending.size > 0) throw new Error('market version moved under pending pool writes');
      this.#cached = this.#load(this.#cached);
    }
    return this.#cached;
  }

  /**
   * The market for reads that may lag a committed write by the time its "market changed" message
   * takes to arrive (quotes): without a live subscription (`followAnnouncements`) the same as
   * `current()`; with one, the cached copy unless a change was announced since the last version
   * check or that check is `maxAgeMs` old (on `now`'s clock) — the net for a lost message. Writes
   * never use this: `transact` always reads the version inside its transaction.
   */
  recent(now: number): StoredMarket {
    const cached = this.#cached;
    const age = now - this.#checkedAt;
    if (cached !== undefined && !this.#stale && age >= 0 && age < this.#maxAgeMs) return cached;
    const stored = this.current();
    // Only after a successful read: a throw leaves the next call to try again.
    this.#stale = false;
    this.#checkedAt = now;
    return stored;
  }

  /**
   * From now on `recent` trusts the cache between announcements: the caller holds a confirmed
   * subscription to the market changes that calls `markStale` per message (and on a reconnect).
   * Returns the function that stops it (back to a version read per `recent`).
   */
  followAnnouncements(maxAgeMs: number): () => void {
    if (!(maxAgeMs > 0)) throw new Error(`maxAgeMs must be positive, got ${maxAgeMs}`);
    this.#stale = true;
    this.#maxAgeMs = maxAgeMs;
    return () => {
      this.#maxAgeMs = 0;
      this.#stale = true;
    };
  }

  /** Another process announced a market write: the next `recent` reads the version. */
  markStale(): void {
    this.#stale = true;
  }

  /** Set by `markStale`; cleared by the version check in `recent`. */
  #stale = true;
  /** `now` of `recent`'s last version check. */
  #checkedAt = 0;
  /** 0 while no subscription feeds `markStale`: every `recent` reads the version. */
  #maxAgeMs = 0;

  /** The cached copy as is (no database read): right after `transact`, exactly what it committed. */
  get cached(): StoredMarket | undefined {
    return this.#cached;
  }

  /**
   * Runs `fn` against the freshest market inside one IMMEDIATE transaction (with whatever else `fn`
   * writes through the same db); persists `next` and bumps the version when given. Nothing is
   * written, cached or returned when `fn` throws.
   */
  transact<T>(at: number, fn: (market: MarketState) => MarketChange<T>): T {
    // Inside a caller's transaction (a group commit of several fills), the pool rows are written
    // once, just before that transaction commits, with the last state of each pool: the JSON of a
    // pool (up to 7.6 KB) was the largest cost of a fill. The version is still bumped per change.
    const deferPools = this.db.sqlite.inTransaction;
    let before: StoredMarket | undefined;
    const { change, stored } = immediate(this.db, () => {
      before = this.current();
      const change = fn(before.market);
      if (!change.next) return { change, stored: before };
      const changed: Pool[] = [];
      for (const [id, pool] of change.next.pools) if (before.market.pools.get(id) !== pool) changed.push(pool);
      const version = bumpMarketVersion(this.db, change.referencePricesChanged ? change.next : undefined, at);
      if (deferPools) this.#defer(changed, at, version);
      else writePools(this.db, changed.map((pool) => ({ pool, at, version })));
      const poolUpdatedAt = new Map(before.poolUpdatedAt);
      for (const p of changed) poolUpdatedAt.set(p.id, at);
      return { change, stored: { version, market: change.next, poolUpdatedAt } };
    });
    // Only after the commit, or, inside a caller's transaction, after our savepoint: if that
    // transaction (or an enclosing savepoint) rolls back, the cache goes back to what it was before
    // this change, which is again what the database plus the pending pools hold. Rollback hooks run
    // newest first, so several undone changes unwind in order.
    const previous = before;
    this.#cached = stored;
    onRollback(this.db, () => {
      this.#cached = previous;
    });
    return change.result;
  }

  /** Pool changes waiting for the enclosing transaction's commit, by pool id. */
  #pending = new Map<string, PendingPool>();

  #defer(changed: readonly Pool[], at: number, version: number): void {
    const previous = this.#pending;
    const next = new Map(previous);
    for (const pool of changed) next.set(pool.id, { pool, at, version });
    this.#pending = next;
    onRollback(this.db, () => {
      this.#pending = previous;
    });
    if (previous.size === 0) beforeCommit(this.db, () => this.#writePending());
  }

  #writePending(): void {
    writePools(this.db, this.#pending.values());
    this.#pending = new Map();
  }

  #load(since?: StoredMarket): StoredMarket {
    const stored = loadMarket(this.db, since);
    if (!stored) throw new Error('market not seeded');
    return stored;
  }
}
