/**
 * Watches a running system's database from outside, on either engine: how many orders are terminal,
 * when the last got there, how many transitions were written; on PostgreSQL also the CPU its
 * backends used and the transactions it committed. SQLite is read read-only beside the writers
 * (costs the server nothing); PostgreSQL through one extra connection (its polls are counted in the
 * transactions: about 10 a second).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DbObserver, type DbSnapshot } from './db-observer.js';

export interface SystemObserver {
  snapshot(): Promise<DbSnapshot>;
  /** Failure codes of FAILED orders created at or after `sinceMs`, with counts. */
  failures(sinceMs: number): Promise<Record<string, number>>;
  /** CPU µs so far of each of the database server's own processes serving this database (none for SQLite). */
  serverCpu(): Promise<Map<number, number>>;
  /** Transactions committed or rolled back in this database so far (NaN for SQLite). */
  transactions(): Promise<number>;
  close(): Promise<void>;
}

/** user + system CPU µs of a process from /proc (0 once it is gone). */
export function procCpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return 0;
  }
}

export function sqliteObserver(path: string): SystemObserver {
  const o = new DbObserver(path);
  return {
    snapshot: async () => o.snapshot(),
    failures: async (since) => o.failures(since),
    serverCpu: async () => new Map(),
    transactions: async () => Number.NaN,
    close: async () => o.close(),
  };
}

export async function postgresObserver(url: string): Promise<SystemObserver> {
  const db = new URL(url).pathname.slice(1);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const self = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return {
    async snapshot() {
      const r = await c.query<Record<keyof DbSnapshot, string>>(`SELECT
        (SELECT count(*) FROM orders) AS orders,
        (SELECT count(*) FROM orders WHERE status IN ('CONFIRMED', 'FAILED')) AS terminal,
        (SELECT count(*) FROM orders WHERE status = 'FAILED') AS failed,
        (SELECT coalesce(max(updated_at), 0) FROM orders WHERE status IN ('CONFIRMED', 'FAILED')) AS "lastTerminalAt",
        (SELECT count(*) FROM order_events) AS events`);
      const row = r.rows[0]!;
      return { orders: Number(row.orders), terminal: Number(row.terminal), failed: Number(row.failed), lastTerminalAt: Number(row.lastTerminalAt), events: Number(row.events) };
    },
    async failures(since) {
      const r = await c.query<{ code: string; n: string }>(
        `SELECT coalesce(failure_code, '?') AS code, count(*) AS n FROM orders WHERE status = 'FAILED' AND created_at >= $1 GROUP BY 1`,
        [since],
      );
      return Object.fromEntries(r.rows.map((x) => [x.code, Number(x.n)]));
    },
    async serverCpu() {
      const r = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [db, self]);
      return new Map(r.rows.map((x) => [x.pid, procCpuMicros(x.pid)]));
    },
    async transactions() {
      // pg_stat_database is refreshed at most every stats interval; force a fresh snapshot.
      await c.query('SELECT pg_stat_clear_snapshot()');
      const r = await c.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [db]);
      return Number(r.rows[0]?.n ?? Number.NaN);
    },
    close: () => c.end(),
  };
}
