/**
 * The scale-out goal, measured end to end: orders/s over HTTP GraphQL (50 clients, the throughput
 * scenario's swap mix, chain latencies 0) with SQLite, API and worker in one process, against
 * PostgreSQL with one API process and two worker processes, in alternating rounds on this machine
 * (PostgreSQL on the same cores). Orders/s is the measured orders over first submit → last terminal
 * order (read from each database). Also the CPU per order of every process, PostgreSQL's backends
 * included.
 *
 *   npx tsx bench/pg-throughput.ts [orders=4000] [rounds=2] [topologies=sqlite:combined,postgres:split2]
 *
 * Topologies: <engine>:combined | <engine>:split<N> (N worker processes), engine sqlite | postgres.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseArgs } from './lib/args.js';
import { QUICK, logger, type BenchContext } from './lib/context.js';
import { DbObserver } from './lib/db-observer.js';
import { waitUntil } from './lib/gql-http.js';
import { submitAll } from './lib/orders.js';
import { installCleanup, setLogDir, stopAll } from './lib/procs.js';
import { startRedis } from './lib/redis.js';
import { median } from './lib/stats.js';
import { startSystem, type Topology } from './lib/system.js';
import { swapMix } from './lib/workload.js';
import { cpuMeter } from './scenarios/throughput.js';

const orders = Number(process.argv[2] ?? 4000);
const rounds = Number(process.argv[3] ?? 2);
const wanted = (process.argv[4] ?? 'sqlite:combined,postgres:split2').split(',');
const SERVER = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

installCleanup();
const log = logger();
const tmpDir = mkdtempSync(join(tmpdir(), 'oee-pgtp-'));
mkdirSync(join(tmpDir, 'logs'));
setLogDir(join(tmpDir, 'logs'));
const redis = await startRedis();
const ctx: BenchContext = { args: parseArgs([]), sizes: { ...QUICK, orders }, redis, tmpDir, shared: new Map(), log };

interface Snapshot {
  readonly terminal: number;
  readonly lastTerminalAt: number;
}
interface Observer {
  snapshot(): Promise<Snapshot>;
  /** CPU µs so far of the database's own processes (PostgreSQL backends), by pid. */
  serverCpu(): Promise<Map<number, number>>;
  /** Transactions (statements outside BEGIN count one each) the database has run so far. */
  transactions(): Promise<number>;
  close(): Promise<void>;
}

function cpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return 0;
  }
}

function sqliteObserver(path: string): Observer {
  const o = new DbObserver(path);
  return { snapshot: async () => o.snapshot(), serverCpu: async () => new Map(), transactions: async () => NaN, close: async () => o.close() };
}

async function postgresObserver(db: string): Promise<Observer> {
  const url = new URL(SERVER);
  url.pathname = `/${db}`;
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const self = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  return {
    async snapshot() {
      const r = await c.query<{ terminal: string; last: string }>(
        `SELECT count(*) AS terminal, coalesce(max(updated_at), 0) AS last FROM orders WHERE status IN ('CONFIRMED', 'FAILED')`,
      );
      return { terminal: Number(r.rows[0]!.terminal), lastTerminalAt: Number(r.rows[0]!.last) };
    },
    async serverCpu() {
      const r = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [db, self]);
      return new Map(r.rows.map((x) => [x.pid, cpuMicros(x.pid)]));
    },
    async transactions() {
      const r = await c.query<{ n: string }>('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [db]);
      return Number(r.rows[0]?.n ?? NaN);
    },
    close: () => c.end(),
  };
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function waitTerminal(observer: Observer, target: number, timeoutMs: number): Promise<Snapshot> {
  let last: Snapshot = { terminal: 0, lastTerminalAt: 0 };
  await waitUntil(`${target} terminal orders`, async () => (last = await observer.snapshot()).terminal >= target, timeoutMs, 50);
  return last;
}

function topologyOf(spec: string): { engine: 'sqlite' | 'postgres'; topology: Topology } {
  const [engine, shape] = spec.split(':');
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`unknown engine in ${spec}`);
  if (shape === 'combined') return { engine, topology: { kind: 'combined' } };
  const m = /^split(\d+)$/.exec(shape ?? '');
  if (!m) throw new Error(`unknown topology in ${spec}`);
  return { engine, topology: { kind: 'split', workers: Number(m[1]) } };
}

interface Run {
  readonly spec: string;
  readonly ordersPerSec: number;
  /** How fast the API accepted them (the clients' closed loop), for telling an API-bound run from a worker-bound one. */
  readonly submitPerSec: number;
  readonly cpuUsPerOrder: Record<string, number>;
}

let n = 0;
async function runOne(spec: string, seed: number): Promise<Run> {
  const { engine, topology } = topologyOf(spec);
  const db = `oee_bench_tp_${process.pid}_${++n}`;
  const env: Record<string, string> = {};
  if (engine === 'postgres') {
    await admin(`CREATE DATABASE ${db}`);
    const url = new URL(SERVER);
    url.pathname = `/${db}`;
    env['DATABASE_URL'] = url.toString();
  }
  // BENCH_CPU_PROF=<dir>: every server process writes a V8 CPU profile there (bench/lib/profile-summary.ts reads it).
  const prof = process.env['BENCH_CPU_PROF'];
  const system = await startSystem(ctx, topology, { env, ...(prof ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', prof] } : {}) });
  const observer = engine === 'postgres' ? await postgresObserver(db) : sqliteObserver(system.databasePath);
  try {
    const warm = await submitAll(system.url, swapMix(500, seed + 1), ctx.sizes.clients, `w${n}`);
    await waitTerminal(observer, warm.submitted, 60_000);
    const before = await observer.snapshot();
    const pids: Record<string, number> = { api: system.api.pid, redis: redis.child.pid };
    system.workers.forEach((w, i) => (pids[`worker${i + 1}`] = w.pid));
    const meter = await cpuMeter(pids);
    const server0 = await observer.serverCpu();
    const tx0 = await observer.transactions();
    const submit = await submitAll(system.url, swapMix(orders, seed), ctx.sizes.clients, `m${n}`);
    const after = await waitTerminal(observer, before.terminal + submit.submitted, 120_000 + orders * 10);
    const cpu = await meter.perUnit(submit.submitted);
    const tx = (await observer.transactions()) - tx0;
    let server = 0;
    for (const [pid, us] of await observer.serverCpu()) server += us - (server0.get(pid) ?? 0);
    if (engine === 'postgres') {
      cpu['postgres'] = server / submit.submitted;
      cpu['total'] = (cpu['total'] ?? 0) + cpu['postgres'];
      // (The observer's own polls count too: about 20 a second.)
      log(`${spec}: ${(tx / submit.submitted).toFixed(2)} transactions per order`);
    }
    return {
      spec,
      ordersPerSec: (submit.submitted / (after.lastTerminalAt - submit.startedAt)) * 1000,
      submitPerSec: (submit.submitted / submit.ms) * 1000,
      cpuUsPerOrder: cpu,
    };
  } finally {
    await observer.close();
    await system.stop();
    if (engine === 'postgres') await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
}

const runs: Run[] = [];
try {
  for (let r = 0; r < rounds; r++) {
    for (const spec of wanted) {
      log(`round ${r + 1}: ${spec}, ${orders} orders`);
      const run = await runOne(spec, 1000 + r);
      runs.push(run);
      const cpu = Object.entries(run.cpuUsPerOrder)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ');
      console.log(`${spec.padEnd(17)} ${run.ordersPerSec.toFixed(0).padStart(5)} orders/s (accepted ${run.submitPerSec.toFixed(0)}/s)   CPU µs/order: ${cpu}`);
    }
  }
  const med = (spec: string) => median(runs.filter((x) => x.spec === spec).map((x) => x.ordersPerSec));
  console.log(`\n${orders} orders, 50 clients, ${rounds} round(s), medians:`);
  for (const spec of wanted) console.log(`  ${spec.padEnd(17)} ${med(spec).toFixed(0)} orders/s   ${(med(spec) / med(wanted[0]!)).toFixed(2)}× ${wanted[0]}`);
} finally {
  await stopAll();
  rmSync(tmpDir, { recursive: true, force: true });
}
