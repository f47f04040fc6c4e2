/**
 * What batching per event-loop turn pays on PostgreSQL: the storage port driven the way the API and
 * the worker drive it (insert; read; ROUTING; market version; BUILDING; SUBMITTED; fill), `inFlight`
 * orders at once, in one process, on the PostgreSQL engine with every request alone (per operation)
 * and batched per turn, side by side in alternating rounds, with SQLite as the reference. No HTTP,
 * no Redis, no routing search: the storage's own cost.
 *
 * Per run: orders/s, CPU µs per order of this process and of the PostgreSQL backends serving it
 * (from /proc, read before the connections close), and statements per order (pg_stat_database's
 * transaction count).
 *
 *   npx tsx bench/pg-batching.ts [orders=3000] [inFlight=64] [rounds=2]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStorage } from '../src/db/postgres/storage.js';
import { BATCHED, PER_OPERATION } from '../src/db/postgres/connect.js';
import { ensureAccount } from '../src/db/accounts.js';
import { openSqliteStorage } from '../src/db/sqlite/storage.js';
import type { Storage } from '../src/db/port.js';
import { buildMarket, DEFAULT_MARKET_SPEC } from '../src/domain/market/market.js';
import type { OrderView } from '../src/domain/order-view.js';
import { findBestRoute } from '../src/domain/router.js';
import { requireToken } from '../src/domain/tokens.js';
import { executeFill } from '../src/jobs/fill.js';
import { newOrderId } from '../src/db/ids.js';
import { minAmountOutFor } from '../src/domain/order.js';

const orders = Number(process.argv[2] ?? 3000);
const inFlight = Number(process.argv[3] ?? 64);
const rounds = Number(process.argv[4] ?? 2);
const SERVER = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const T0 = Date.UTC(2025, 5, 1);

type Engine = 'sqlite' | 'pg per operation' | 'pg batched';

function cpuMicros(pid: number | 'self'): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return 0;
  }
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** CPU µs used so far by the backends connected to `db`, by pid. */
async function backendCpu(db: string): Promise<Map<number, number>> {
  const rows = await admin((c) => c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [db]));
  return new Map(rows.rows.map((r) => [r.pid, cpuMicros(r.pid)]));
}

async function transactions(db: string): Promise<number> {
  const r = await admin((c) => c.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [db]));
  return Number(r.rows[0]?.n ?? 0);
}

/** The account the bench's orders belong to (created with each database). */
const BENCH_ACCOUNT = '01JBENCHACCOUNT00000000000';

/** One order's life through the port, as the API and the worker live it. */
async function lifecycle(s: Storage, i: number): Promise<void> {
  const buy = i % 2 === 0;
  const tokenIn = requireToken(buy ? 'USDC' : 'SOL');
  const tokenOut = requireToken(buy ? 'SOL' : 'USDC');
  const amountIn = buy ? 150_000_000n : 1_000_000_000n;
  const now = clock();
  const market = (await s.market.current()).market;
  const route = findBestRoute(market, tokenIn, tokenOut, amountIn, Math.floor(now / 1000));
  const order: OrderView = {
    id: newOrderId(now),
    accountId: BENCH_ACCOUNT,
    clientOrderId: `bench-${process.pid}-${now}-${i}`,
    status: 'PENDING',
    type: 'MARKET',
    seq: 1,
    tokenIn,
    tokenOut,
    amountIn,
    slippageBps: 500,
    quotedAmountOut: route.amountOut,
    minAmountOut: minAmountOutFor(route.amountOut, 500),
    quotedRoute: route,
    attempts: 0,
    fill: undefined,
    failureCode: undefined,
    failureMessage: undefined,
    createdAt: now,
    updatedAt: now,
  };
  await s.orders.insert(order, 'accepted');
  let known = await s.orders.current(order.id);
  const step = async (status: 'ROUTING' | 'BUILDING' | 'SUBMITTED') => {
    known = (await s.orders.transition(order.id, clock(), () => ({ status, detail: status, attempts: 1 }), known)).current;
  };
  await step('ROUTING');
  await s.market.current();
  await step('BUILDING');
  await step('SUBMITTED');
  const at = clock();
  const r = await s.fill(order.id, at, known, (o, m) => executeFill(o, m, `tx-${o.id}`, at));
  if (!r.filled) throw new Error(`order ${order.id} was not filled`);
}

interface Run {
  readonly engine: Engine;
  readonly ordersPerSec: number;
  readonly clientUsPerOrder: number;
  readonly serverUsPerOrder: number;
  readonly transactionsPerOrder: number;
}

let t = T0;
const clock = () => (t += 1);

async function drive(s: Storage, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await lifecycle(s, next++);
    }),
  );
  return performance.now() - started;
}

async function run(engine: Engine, round: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'oee-pgbatch-'));
  const db = `oee_bench_batching_${process.pid}_${round}_${engine === 'pg batched' ? 'b' : 'p'}`;
  let s: Storage;
  if (engine === 'sqlite') s = await openSqliteStorage(join(dir, 'orders.sqlite'), { durability: 'normal' });
  else {
    await admin((c) => c.query(`CREATE DATABASE ${db}`));
    const url = new URL(SERVER);
    url.pathname = `/${db}`;
    s = await openPostgresStorage(url.toString(), { durability: 'normal', batching: engine === 'pg batched' ? BATCHED : PER_OPERATION });
  }
  try {
    await s.market.init(() => buildMarket(DEFAULT_MARKET_SPEC, Math.floor(T0 / 1000)), T0);
    await ensureAccount(s.kysely, 'bench', BENCH_ACCOUNT, T0);
    await drive(s, Math.min(500, orders / 5)); // warm-up: JIT, connections, prepared statements
    const pg = engine !== 'sqlite';
    const server0 = pg ? await backendCpu(db) : new Map<number, number>();
    const tx0 = pg ? await transactions(db) : 0;
    const self0 = cpuMicros('self');
    const ms = await drive(s, orders);
    const self = cpuMicros('self') - self0;
    let server = 0;
    if (pg) for (const [pid, us] of await backendCpu(db)) server += us - (server0.get(pid) ?? 0);
    // The two admin sessions (activity, stats) count one transaction each.
    const tx = pg ? (await transactions(db)) - tx0 - 2 : 0;
    return { engine, ordersPerSec: (orders / ms) * 1000, clientUsPerOrder: self / orders, serverUsPerOrder: server / orders, transactionsPerOrder: tx / orders };
  } finally {
    await s.close();
    if (engine !== 'sqlite') await admin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Run[] = [];
for (let round = 0; round < rounds; round++) {
  for (const engine of (process.env['BENCH_ENGINES']?.split(',') ?? ['pg per operation', 'pg batched', 'sqlite']) as Engine[]) {
    const r = await run(engine, round);
    results.push(r);
    console.log(
      `${r.engine.padEnd(17)} ${r.ordersPerSec.toFixed(0).padStart(6)} orders/s   this process ${r.clientUsPerOrder.toFixed(0).padStart(5)} µs/order` +
        (r.engine === 'sqlite' ? '' : `   PostgreSQL ${r.serverUsPerOrder.toFixed(0).padStart(5)} µs/order   ${r.transactionsPerOrder.toFixed(2)} transactions/order`),
    );
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const of = (e: Engine) => median(results.filter((r) => r.engine === e).map((r) => r.ordersPerSec));
console.log(`\n${orders} orders, ${inFlight} in flight, ${rounds} rounds (medians)`);
console.log(`batched / per operation: ${(of('pg batched') / of('pg per operation')).toFixed(2)}×`);
console.log(`batched / sqlite:        ${(of('pg batched') / of('sqlite')).toFixed(2)}×`);
