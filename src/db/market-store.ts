/**
 * A process's cached copy of the market, keyed by the stored version. Reads (quotes, pools) pay a
 * one-row version check and parse pool JSON only when another process (or motion) moved the
 * market. Writes (a fill, a motion tick) go through `transact`: one BEGIN IMMEDIATE transaction
 * that re-reads the version, reloads if stale, applies the change and bumps the version, so two
 * workers never fill against the same pool state.
 */
import type { MarketState } from '../domain/market/market.js';
import type { Pool } from '../domain/venues/pool.js';
import type { Db } from './connect.js';
import { loadMarket, readMarketVersion, seedMarketIfEmpty, writeMarketChange, type StoredMarket } from './market-repo.js';
import { immediate, onRollback } from './sync.js';

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
    if (this.#cached?.version !== version) this.#cached = this.#load(this.#cached);
    return this.#cached;
  }

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
    const { change, stored } = immediate(this.db, () => {
      const before = this.current();
      const change = fn(before.market);
      if (!change.next) return { change, stored: before };
      const changed: Pool[] = [];
      for (const [id, pool] of change.next.pools) if (before.market.pools.get(id) !== pool) changed.push(pool);
      const version = writeMarketChange(this.db, changed, change.referencePricesChanged ? change.next : undefined, at);
      const poolUpdatedAt = new Map(before.poolUpdatedAt);
      for (const p of changed) poolUpdatedAt.set(p.id, at);
      return { change, stored: { version, market: change.next, poolUpdatedAt } };
    });
    // Only after the commit (or, inside a caller's transaction such as a group commit, after our
    // savepoint, with the cache dropped again if that transaction rolls back): a rolled-back change
    // must not leak into the cache.
    this.#cached = stored;
    onRollback(this.db, () => {
      if (this.#cached === stored) this.#cached = undefined;
    });
    return change.result;
  }

  #load(since?: StoredMarket): StoredMarket {
    const stored = loadMarket(this.db, since);
    if (!stored) throw new Error('market not seeded');
    return stored;
  }
}
