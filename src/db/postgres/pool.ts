/**
 * The connection pool of one PostgreSQL storage: pg.Pool with this engine's session settings and
 * type parsers set on the pool itself (nothing is set on pg's process-wide defaults).
 */
import pg from 'pg';

export type Durability = 'normal' | 'full';

/** Connections per process. Batching keeps the need small: a few batches in flight plus the cold paths. */
export const POOL_SIZE = 8;
/** How long taking a new connection may take before it counts as the server being away. */
const CONNECT_TIMEOUT_MS = 5_000;
/** How long a session may sit idle inside a transaction before the server ends it. */
const IDLE_IN_TRANSACTION_MS = 10_000;

/** Where a DATABASE_URL points, for messages: host, port and database, never the user or password. */
export interface Target {
  readonly host: string;
  readonly port: number;
  readonly database: string;
}

export function describeTarget(t: Target): string {
  return `${t.host}:${t.port}/${t.database}`;
}

/**
 * The target of a postgres:// URL.
 * @throws Error (one line that does not repeat the URL, which may hold a password) when `url` is
 *   not a PostgreSQL URL
 */
export function parseTarget(url: string): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL (expected postgres://user@host:5432/database)');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, not ${u.protocol}//`);
  }
  // A Unix socket directory may come as ?host=/var/run/postgresql instead of a hostname.
  const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || 'localhost';
  const port = u.port === '' ? 5432 : Number(u.port);
  const user = decodeURIComponent(u.username);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || user || 'postgres';
  return { host, port, database };
}

/**
 * bigint columns (int8, OID 20) hold ms timestamps and market versions, all far below 2^53: read
 * them as numbers, as the SQLite engine does, instead of pg's default strings.
 */
const INT8 = 20;
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * synchronous_commit per session, from DURABILITY:
 * - `full` (on): COMMIT returns once the commit's WAL is flushed to disk; a crash of PostgreSQL,
 *   of the OS or of the power loses nothing that was acknowledged.
 * - `normal` (off): COMMIT returns before the flush; the WAL writer flushes within about
 *   3 × wal_writer_delay (600 ms by default). A crash of our process loses nothing; a crash of
 *   PostgreSQL or of the OS, or a power failure, can lose the last commits of that window, but the
 *   database stays consistent (whole transactions go, never parts of one).
 */
function sessionOptions(durability: Durability): string {
  return [
    `synchronous_commit=${durability === 'full' ? 'on' : 'off'}`,
    'application_name=solana-order-engine',
    // Our transactions last milliseconds. One left open by a process that stopped mid-way (paused,
    // cut off) would hold the market lock and stall every other process's fills: the server ends
    // such a session after this long, and its process sees the connection gone.
    `idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_MS}`,
  ]
    .map((o) => `-c ${o}`)
    .join(' ');
}

export function createPool(url: string, durability: Durability): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    options: sessionOptions(durability),
    types,
  });
  // A connection that dies while idle in the pool (the server restarted, an administrator ended it)
  // is dropped by the pool and replaced on demand; without a listener the error would end the process.
  pool.on('error', () => {});
  // Likewise while checked out between two queries: the next query on it then fails, and the
  // unit of work discards the connection.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}
