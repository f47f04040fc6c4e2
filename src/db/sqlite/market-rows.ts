/**
 * The market's rows on SQLite (see market-data.ts for the format), synchronous: read on every
 * quote and route, written on every fill, so the statements are raw and prepared once.
 */
import { encodePool } from '../../domain/codec.js';
import type { MarketState } from '../../domain/market/market.js';
import type { Pool } from '../../domain/venues/pool.js';
import { assembleMarket, encodeReferenceData } from '../market-data.js';
import type { StoredMarket } from '../port.js';
import type { SqliteDb } from './db.js';

const SQL = {
  version: 'SELECT version FROM market_meta WHERE id = 1',
  writePool: 'UPDATE pools SET state = ?, updated_at = ?, version = ? WHERE id = ?',
  meta: 'SELECT version, reference_prices FROM market_meta WHERE id = 1',
  allPools: 'SELECT id, state, updated_at FROM pools ORDER BY id',
  poolsSince: 'SELECT id, state, updated_at FROM pools WHERE version > ? ORDER BY id',
  bump: 'UPDATE market_meta SET version = version + 1, updated_at = ? WHERE id = 1 RETURNING version',
  bumpWithPrices: 'UPDATE market_meta SET version = version + 1, reference_prices = ?, updated_at = ? WHERE id = 1 RETURNING version',
  insertPool: 'INSERT INTO pools (id, state, updated_at, version) VALUES (?, ?, ?, 1)',
  launchPool: 'INSERT INTO pools (id, state, updated_at, version) VALUES (?, ?, ?, ?)',
  insertMeta: 'INSERT INTO market_meta (id, version, reference_prices, updated_at) VALUES (1, 1, ?, ?)',
} as const;

const statements = (db: SqliteDb) => db.uow.statements(SQL);

/** The market version, or undefined before the market was seeded. A one-row primary-key read. */
export function readMarketVersion(db: SqliteDb): number | undefined {
  return (statements(db).version.get() as { version: number } | undefined)?.version;
}

/**
 * The whole stored market (pools parsed), or undefined before seeding. Given `since` (a copy this
 * process holds), only the pools written after its version are read and parsed; the others are
 * reused. Read in one transaction, so the version and the pools are one consistent snapshot.
 */
export function loadMarket(db: SqliteDb, since?: StoredMarket): StoredMarket | undefined {
  return db.sqlite
    .transaction(() => {
      const s = statements(db);
      const meta = s.meta.get() as { version: number; reference_prices: string } | undefined;
      if (!meta) return undefined;
      const incremental = since !== undefined && since.version < meta.version;
      const rows = (incremental ? s.poolsSince.all(since.version) : s.allPools.all()) as { id: string; state: string; updated_at: number }[];
      return assembleMarket(
        { version: meta.version, referencePrices: meta.reference_prices },
        rows.map((r) => ({ id: r.id, state: r.state, updatedAt: r.updated_at })),
        incremental ? since : undefined,
      );
    })
    .deferred();
}

/** Stores `market` as version 1 unless a market is already stored (first start only). */
export function seedMarketIfEmpty(db: SqliteDb, market: MarketState, at: number): boolean {
  return db.uow.immediate(() => {
    if (readMarketVersion(db) !== undefined) return false;
    const s = statements(db);
    for (const pool of market.pools.values()) s.insertPool.run(pool.id, encodePool(pool), at);
    s.insertMeta.run(encodeReferenceData(market), at);
    return true;
  });
}

/** Bumps the version (and stores the reference data when `market` is given); gives the new one. */
export function bumpMarketVersion(db: SqliteDb, market: MarketState | undefined, at: number): number {
  const s = statements(db);
  const row = (market ? s.bumpWithPrices.get(encodeReferenceData(market), at) : s.bump.get(at)) as { version: number } | undefined;
  if (row === undefined) throw new Error('market_meta row vanished');
  return row.version;
}

/**
 * Writes pool states, each stamped with the time and market version of its change; a pool with no
 * row yet (a launch) is inserted. Fills update rows that exist, so the hot path stays one UPDATE.
 */
export function writePools(db: SqliteDb, writes: Iterable<{ readonly pool: Pool; readonly at: number; readonly version: number }>): void {
  const s = statements(db);
  for (const w of writes) {
    const state = encodePool(w.pool);
    if (s.writePool.run(state, w.at, w.version, w.pool.id).changes === 0) s.launchPool.run(w.pool.id, state, w.at, w.version);
  }
}
