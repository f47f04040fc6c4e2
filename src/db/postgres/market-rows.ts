/**
 * The market's rows on PostgreSQL (see market-data.ts for the format): the statements, and the
 * snapshot read that gives the version and the pools written since a cached copy as ONE statement,
 * so they are one consistent snapshot even outside a transaction.
 */
import pg from 'pg';
import { encodePool } from '../../domain/codec.js';
import type { MarketState } from '../../domain/market/market.js';
import type { Pool } from '../../domain/venues/pool.js';
import { assembleMarket, encodeReferenceData } from '../market-data.js';
import type { StoredMarket } from '../port.js';
import { changeCtes } from './order-writes.js';
import { statement } from './unit-of-work.js';

/**
 * The meta row (kind 0; its reference data in `data` only when its version is past `since`) and
 * the pools (kind 1) written after version `since`: when nothing moved, one short row.
 */
const snapshotSql = (since: string) => `SELECT 0 AS kind, version, CASE WHEN version > ${since} THEN reference_prices END AS data, NULL AS id, updated_at
  FROM market_meta WHERE id = 1
  UNION ALL SELECT 1, version, state, id, updated_at FROM pools WHERE version > ${since}`;

export const MARKET_SQL = {
  snapshot: statement('oee_market_snapshot', snapshotSql('$1::bigint')),
  seedMeta: statement(
    'oee_market_seed_meta',
    'INSERT INTO market_meta (id, version, reference_prices, updated_at) VALUES (1, 1, $1, $2) ON CONFLICT (id) DO NOTHING RETURNING id',
  ),
  seedPools: statement(
    'oee_market_seed_pools',
    'INSERT INTO pools (id, state, updated_at, version) SELECT id, state, $3, 1 FROM unnest($1::text[], $2::text[]) AS p(id, state)',
  ),
  /**
   * A batch of market writes and order changes in one statement: the pools (each with the time and
   * version of its last change in the batch; upserted, so a launched pool is stored too), the meta
   * row's version and, when given, its reference data, and the orders' compare-and-set with their
   * events. Gives the number of orders moved.
   */
  write: statement(
    'oee_market_write',
    `WITH pw AS (
       INSERT INTO pools (id, state, updated_at, version)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, version = excluded.version
     ), mw AS (
       UPDATE market_meta SET version = $5, reference_prices = COALESCE($6, reference_prices), updated_at = $7 WHERE id = 1
     ), ${changeCtes(8)}
     SELECT count(*)::int AS moved FROM upd`,
  ),
};

/**
 * Opens a write transaction, takes the market lock, reads the market as of the lock and locks the
 * orders `orderIds` (by id), in one round trip: a simple query, which takes no parameters, so the
 * version (a number we hold) and the ids (escaped) are written in. Under READ COMMITTED each
 * statement reads a new snapshot, so the reads after the lock see every write committed before it,
 * and none can commit while we hold it. Results: BEGIN, the lock (the version), the snapshot, the
 * orders' ids and seqs.
 */
export function lockAndReadSql(since: number, orderIds: readonly string[]): string {
  if (!Number.isSafeInteger(since)) throw new Error(`market version must be an integer, got ${since}`);
  const ids = orderIds.length === 0 ? 'NULL' : orderIds.map((id) => pg.escapeLiteral(id)).join(', ');
  return `BEGIN; SELECT version FROM market_meta WHERE id = 1 FOR UPDATE; ${snapshotSql(String(since))};
    SELECT id, seq FROM orders WHERE id IN (${ids}) ORDER BY id FOR UPDATE`;
}

export interface SnapshotRow {
  readonly kind: number;
  readonly version: number;
  readonly data: string | null;
  readonly id: string | null;
  readonly updated_at: number;
}

/**
 * The stored market from a snapshot read made against `since` (the copy the read was made
 * against; its pools that did not move are reused), or undefined before the market was seeded.
 */
export function marketFromSnapshot(rows: readonly SnapshotRow[], since: StoredMarket | undefined): StoredMarket | undefined {
  const meta = rows.find((r) => Number(r.kind) === 0);
  if (!meta) return undefined;
  // A copy at or past the stored version has nothing to add.
  if (since !== undefined && since.version >= Number(meta.version)) return since;
  if (meta.data === null) throw new Error('market snapshot without its reference data');
  const pools = rows.filter((r) => Number(r.kind) === 1).map((r) => ({ id: r.id as string, state: r.data as string, updatedAt: Number(r.updated_at) }));
  return assembleMarket({ version: Number(meta.version), referencePrices: meta.data }, pools, since);
}

/** The parameters of MARKET_SQL.seedPools. */
export function seedParams(market: MarketState, at: number): unknown[] {
  const pools = [...market.pools.values()];
  return [pools.map((p) => p.id), pools.map(encodePool), at];
}

/** A pool's last change in a batch: its state and the time and version of that change. */
export interface PoolWrite {
  readonly pool: Pool;
  readonly at: number;
  readonly version: number;
}

/** The first seven parameters of MARKET_SQL.write: the pools and the meta row. */
export function marketWriteParams(pools: Iterable<PoolWrite>, version: number, reference: MarketState | undefined, at: number): unknown[] {
  const ids: string[] = [];
  const states: string[] = [];
  const ats: number[] = [];
  const versions: number[] = [];
  for (const w of pools) {
    ids.push(w.pool.id);
    states.push(encodePool(w.pool));
    ats.push(w.at);
    versions.push(w.version);
  }
  return [ids, states, ats, versions, version, reference ? encodeReferenceData(reference) : null, at];
}
