/**
 * The process's cached copy of the market on PostgreSQL, keyed by the stored version. A read is one
 * statement per event-loop turn, however many callers ask: the meta row alone when nothing moved,
 * else also the pools written since the cached version (only those are parsed); quotes (`recent`) skip even the check between announcements (market-freshness.ts).
 * Writes go through the market writer (market-writes.ts), which moves this cache after COMMIT.
 *
 * Versions become visible in commit order (every write holds the meta row's lock until it
 * commits), and the version and pools are read in one statement, so an incremental read never
 * misses a pool.
 */
import type { MarketState } from '../../domain/market/market.js';
import { encodeReferenceData } from '../market-data.js';
import { MarketFreshness } from '../market-freshness.js';
import type { MarketChange, MarketStore, MarketWrite, StoredMarket } from '../port.js';
import type { Batcher } from './batcher.js';
import { MARKET_SQL, marketFromSnapshot, seedParams, type SnapshotRow } from './market-rows.js';
import type { PgUnitOfWork } from './unit-of-work.js';

export type Transact = <T>(at: number, fn: (market: MarketState) => MarketChange<T>) => Promise<{ readonly result: T; readonly write: MarketWrite | undefined }>;

export class PgMarketStore implements MarketStore {
  #cached: StoredMarket | undefined;
  readonly #freshness = new MarketFreshness();
  readonly #reads: Batcher<null, StoredMarket | undefined>;
  #transact: Transact | undefined;

  constructor(private readonly uow: PgUnitOfWork) {
    // The version check and the reload are one statement: it gives the meta row alone when
    // nothing moved, and the pools written since the cached version when something did.
    this.#reads = uow.batcher(async (reqs) => {
      const since = this.#cached;
      const rows = await uow.query<SnapshotRow>(MARKET_SQL.snapshot, [since?.version ?? -1]);
      const stored = marketFromSnapshot(rows, since);
      const value = stored && this.adopt(stored);
      return reqs.map(() => ({ ok: true, value }));
    });
  }

  /** Wires the writer (it needs this store, so it comes after it). */
  attach(transact: Transact): void {
    this.#transact = transact;
  }

  /**
   * Takes `stored` as the cached copy unless the cache is already as new (a concurrent read may
   * finish after a commit of this process moved the cache further). Gives the cached copy.
   */
  adopt(stored: StoredMarket): StoredMarket {
    if (this.#cached === undefined || stored.version > this.#cached.version) this.#cached = stored;
    return this.#cached;
  }

  async init(initial: () => MarketState, at: number): Promise<StoredMarket> {
    if ((await this.#reads.push(null)) === undefined) {
      const market = initial();
      // Of several processes seeding at once, the first insert of the meta row wins; the others
      // wait for it on the row's key, insert nothing, and then read what it stored.
      await this.uow.transaction(async (tx) => {
        const inserted = await tx.query(MARKET_SQL.seedMeta, [encodeReferenceData(market), at]);
        if (inserted.length > 0) await tx.query(MARKET_SQL.seedPools, seedParams(market, at));
      });
    }
    return this.current();
  }

  async current(): Promise<StoredMarket> {
    const stored = await this.#reads.push(null);
    if (stored === undefined) throw new Error('market not seeded: call init first');
    return stored;
  }

  async recent(now: number): Promise<StoredMarket> {
    const cached = this.#cached;
    if (cached !== undefined && this.#freshness.trusted(now)) return cached;
    const stored = await this.current();
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

  transact<T>(at: number, fn: (market: MarketState) => MarketChange<T>): Promise<{ result: T; write: MarketWrite | undefined }> {
    if (!this.#transact) throw new Error('market store has no writer attached');
    return this.#transact(at, fn);
  }
}
