/**
 * Raw baseline: better-sqlite3 in WAL mode with synchronous=NORMAL, one INSERT per statement (each in
 * its own implicit transaction), rows shaped like an order-event record. This is the most the worker
 * could persist transitions at if SQLite were all it did.
 * Usage: sqlite-insert.ts <dbfile> <rows>; prints BENCH_RESULT {rowsPerSec,...}.
 */
import Database from 'better-sqlite3';

const [file = '/tmp/bench-sqlite-raw.db', rowsArg = '50000'] = process.argv.slice(2);
const rows = Number(rowsArg);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  at INTEGER NOT NULL,
  detail TEXT
)`);
const insert = db.prepare('INSERT INTO events (order_id, seq, status, at, detail) VALUES (?, ?, ?, ?, ?)');
const statuses = ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED'];
const start = performance.now();
for (let i = 0; i < rows; i++) {
  insert.run(`ord_${(i / 5) | 0}`, (i % 5) + 1, statuses[i % 5], Date.now(), null);
}
const ms = performance.now() - start;
db.close();
process.stdout.write(`BENCH_RESULT ${JSON.stringify({ rows, ms, rowsPerSec: (rows * 1000) / ms })}\n`);
