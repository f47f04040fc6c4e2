/**
 * The market's persisted form: one row per pool (its state as JSON) and one market_meta row with
 * the version every pool write bumps and the reference prices. SQLite is the source of truth;
 * processes only cache it (market-store.ts).
 */
import type { MarketState } from '../domain/market/market.js';
import type { Pool, Ratio } from '../domain/venues/pool.js';
import { decodeJson, encodeJson, encodePool } from '../domain/codec.js';
import type { Db } from './connect.js';
import { all, immediate, preparedSet, run } from './transactions.js';

// Read on every quote and route, written on every fill: raw prepared statements.
const statements = preparedSet({
  version: 'SELECT version FROM market_meta WHERE id = 1',
  writePool: 'UPDATE pools SET state = ?, updated_at = ?, version = ? WHERE id = ?',
  meta: 'SELECT version, reference_prices FROM market_meta WHERE id = 1',
  poolsSince: 'SELECT id, state, updated_at FROM pools WHERE version > ? ORDER BY id',
  bump: 'UPDATE market_meta SET version = version + 1, updated_at = ? WHERE id = 1 RETURNING version',
  bumpWithPrices: 'UPDATE market_meta SET version = version + 1, reference_prices = ?, updated_at = ? WHERE id = 1 RETURNING version',
});

/** What market_meta.reference_prices holds: the walk's state besides the pools. */
interface ReferenceData {
  readonly referencePrices: [string, Ratio][];
  readonly volatility: [string, number][];
}

export interface StoredMarket {
  readonly version: number;
  readonly market: MarketState;
  /** ms since epoch of each pool's last write. */
  readonly poolUpdatedAt: ReadonlyMap<string, number>;
}

function referenceData(market: MarketState): string {
  const data: ReferenceData = { referencePrices: [...market.referencePrices], volatility: [...market.volatility] };
  return encodeJson(data);
}

/** The market version, or undefined before the market was seeded. A one-row primary-key read. */
export function readMarketVersion(db: Db): number | undefined {
  return (statements(db).version.get() as { version: number } | undefined)?.version;
}

/**
 * The whole stored market (pools parsed), or undefined before seeding. Given `since` (a copy this
 * process holds), only the pools written after its version are read and parsed; the others are
 * reused. Read in one transaction, so the version and the pools are one consistent snapshot.
 */
export function loadMarket(db: Db, since?: StoredMarket): StoredMarket | undefined {
  return db.sqlite.transaction(() => read(db, since)).deferred();
}

function read(db: Db, since: StoredMarket | undefined): StoredMarket | undefined {
  const meta = statements(db).meta.get() as { version: number; reference_prices: string } | undefined;
  if (!meta) return undefined;
  const incremental = since !== undefined && since.version < meta.version;
  const rows = incremental
    ? (statements(db).poolsSince.all(since.version) as { id: string; state: string; updated_at: number }[])
    : all(db, db.kysely.selectFrom('pools').select(['id', 'state', 'updated_at']).orderBy('id'));
  const pools = incremental ? new Map(since.market.pools) : new Map<string, Pool>();
  const poolUpdatedAt = incremental ? new Map(since.poolUpdatedAt) : new Map<string, number>();
  for (const r of rows) {
    pools.set(r.id, decodeJson<Pool>(r.state));
    poolUpdatedAt.set(r.id, r.updated_at);
  }
  const ref = decodeJson<ReferenceData>(meta.reference_prices);
  return {
    version: meta.version,
    market: { pools, referencePrices: new Map(ref.referencePrices), volatility: new Map(ref.volatility) },
    poolUpdatedAt,
  };
}

/** Stores `market` as version 1 unless a market is already stored (first start only). */
export function seedMarketIfEmpty(db: Db, market: MarketState, at: number): boolean {
  return immediate(db, () => {
    if (readMarketVersion(db) !== undefined) return false;
    for (const pool of market.pools.values()) {
      run(db, db.kysely.insertInto('pools').values({ id: pool.id, state: encodePool(pool), updated_at: at, version: 1 }));
    }
    run(
      db,
      db.kysely
        .insertInto('market_meta')
        .values({ id: 1, version: 1, reference_prices: referenceData(market), updated_at: at }),
    );
    return true;
  });
}

/**
 * Writes the given pools (and the reference data when `market` is given) and bumps the version.
 * Call inside a transaction that first checked the version it builds on.
 */
export function writeMarketChange(
  db: Db,
  pools: readonly Pool[],
  market: MarketState | undefined,
  at: number,
): number {
  const version = bumpMarketVersion(db, market, at);
  writePools(db, pools.map((pool) => ({ pool, at, version })));
  return version;
}

/** Bumps the version (and stores the reference data when `market` is given); gives the new one. */
export function bumpMarketVersion(db: Db, market: MarketState | undefined, at: number): number {
  const s = statements(db);
  const row = (market ? s.bumpWithPrices.get(referenceData(market), at) : s.bump.get(at)) as { version: number } | undefined;
  if (row === undefined) throw new Error('market_meta row vanished');
  return row.version;
}

/** Writes pool states, each stamped with the time and market version of its change. */
export function writePools(db: Db, writes: Iterable<{ readonly pool: Pool; readonly at: number; readonly version: number }>): void {
  const s = statements(db);
  for (const w of writes) s.writePool.run(encodePool(w.pool), w.at, w.version, w.pool.id);
}
