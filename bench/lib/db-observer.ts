/**
 * Watches the system's SQLite file read-only (WAL lets a reader in beside the writers): how many
 * orders are terminal, when the last one got there, and how many transitions were written. Reading
 * the file costs the server nothing, unlike a subscriber or polling its API.
 * Table and column names are C1's schema (src/db/schema.ts): orders(status, updated_at),
 * order_events(at).
 */
import Database from 'better-sqlite3';

export interface DbSnapshot {
  readonly orders: number;
  readonly terminal: number;
  readonly failed: number;
  /** Latest updated_at (epoch ms) of a terminal order, or 0. */
  readonly lastTerminalAt: number;
  readonly events: number;
}

export class DbObserver {
  private readonly db: Database.Database;
  private readonly snapshotStmt: Database.Statement<[], DbSnapshot>;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 2000');
    try {
      this.snapshotStmt = this.db.prepare(`SELECT
        (SELECT count(*) FROM orders) AS orders,
        (SELECT count(*) FROM orders WHERE status IN ('CONFIRMED', 'FAILED')) AS terminal,
        (SELECT count(*) FROM orders WHERE status = 'FAILED') AS failed,
        (SELECT coalesce(max(updated_at), 0) FROM orders WHERE status IN ('CONFIRMED', 'FAILED')) AS lastTerminalAt,
        (SELECT count(*) FROM order_events) AS events`);
    } catch (error) {
      throw new Error(`the database at ${path} does not have the expected orders/order_events tables (src/db/schema.ts changed?): ${String(error)}`);
    }
  }

  snapshot(): DbSnapshot {
    return this.snapshotStmt.get() as DbSnapshot;
  }

  /** Failure codes of FAILED orders created at or after `sinceMs`, with counts (for the notes). */
  failures(sinceMs: number): Record<string, number> {
    const rows = this.db
      .prepare(`SELECT coalesce(failure_code, '?') AS code, count(*) AS n FROM orders WHERE status = 'FAILED' AND created_at >= ? GROUP BY 1`)
      .all(sinceMs) as { code: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.code, r.n]));
  }

  /** Transitions by status written in [fromMs, toMs] (epoch ms, inclusive). */
  eventsBetween(fromMs: number, toMs: number): number {
    const row = this.db.prepare('SELECT count(*) AS n FROM order_events WHERE at >= ? AND at <= ?').get(fromMs, toMs) as { n: number };
    return row.n;
  }

  close(): void {
    this.db.close();
  }
}
