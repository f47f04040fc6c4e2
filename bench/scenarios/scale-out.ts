/**
 * Scale-out, side by side in one run: orders/s over HTTP GraphQL (the throughput scenario's clients
 * and swap mix, latencies 0) with SQLite, API and worker in one process, then PostgreSQL with one
 * API process and 1, 2 and 4 worker processes, each on a fresh database; next to the ceiling row
 * (one { hello } plus one BullMQ no-op job per order, taken from the throughput scenario of the same
 * run or measured here). For every run: CPU per order in every process (PostgreSQL's backends read
 * from /proc), PostgreSQL transactions per order, and from those a projection of the cores and
 * processes per 1,000 orders/s (bench/lib/projection.ts). All of it shares this machine's cores,
 * PostgreSQL included.
 */
import { bullmqNoopJobsPerSec } from '../baselines/index.js';
import type { BenchContext } from '../lib/context.js';
import { ordersPerSecOn, project, type Role } from '../lib/projection.js';
import type { ScenarioResult } from '../lib/results.js';
import { goal, ratio } from '../lib/stats.js';
import { describeTopology, startSystem, type Engine, type Topology } from '../lib/system.js';
import { measureYogaTrivial, runOrders, type ThroughputRun } from './throughput.js';

interface Setup {
  readonly engine: Engine;
  readonly topology: Topology;
}

const SETUPS: readonly Setup[] = [
  { engine: 'sqlite', topology: { kind: 'combined' } },
  { engine: 'postgres', topology: { kind: 'split', workers: 1 } },
  { engine: 'postgres', topology: { kind: 'split', workers: 2 } },
  { engine: 'postgres', topology: { kind: 'split', workers: 4 } },
];

export interface ScaleOutRun extends ThroughputRun {
  readonly engine: Engine;
  readonly label: string;
  /** Worker processes (0: the worker runs inside the one process). */
  readonly workerProcesses: number;
}

/** The CPU per order of each deployment role (every worker process summed; the load generator left out). */
export function roleCosts(run: ThroughputRun, engine: Engine): Partial<Record<Role, number>> {
  const sum = (prefix: string) => Object.entries(run.cpuUsPerOrder).filter(([k]) => k.startsWith(prefix)).reduce((a, [, v]) => a + v, 0);
  // Process names from bench/lib/system.ts: server-N (combined), api-N, worker-N.i.
  const roles: Partial<Record<Role, number>> =
    run.topology === describeTopology({ kind: 'combined' }) ? { combined: sum('server-') } : { api: sum('api-'), worker: sum('worker-') };
  return { ...roles, redis: run.cpuUsPerOrder['redis'] ?? 0, ...(engine === 'postgres' ? { postgres: run.cpuUsPerOrder['postgres'] ?? 0 } : {}) };
}

async function ceiling(ctx: BenchContext): Promise<number> {
  const known = ctx.shared.get('ceilingOrdersPerSec');
  if (known !== undefined) return known;
  ctx.log('scale-out: no ceiling from this run yet; measuring BullMQ no-op and yoga { hello }');
  const bull = await bullmqNoopJobsPerSec(ctx);
  const yoga = await measureYogaTrivial(ctx);
  const c = 1 / (1 / yoga.median + 1 / bull.median);
  ctx.shared.set('ceilingOrdersPerSec', c);
  return c;
}

export async function scaleOutScenario(ctx: BenchContext, result: ScenarioResult): Promise<ScenarioResult> {
  const top = await ceiling(ctx);
  const orders = ctx.sizes.scaleOutOrders;
  const runs: ScaleOutRun[] = [];
  for (const [i, setup] of SETUPS.entries()) {
    const label = `${setup.engine}, ${describeTopology(setup.topology)}`;
    ctx.log(`scale-out: ${orders} orders, ${ctx.sizes.clients} clients, ${label}`);
    // --cpu-prof DIR profiles every process of every setup, one sub-directory per setup.
    const profDir = ctx.args.cpuProf === undefined ? undefined : `${ctx.args.cpuProf}/scale-out-${i}-${setup.engine}-${setup.topology.kind === 'split' ? setup.topology.workers : 0}w`;
    const system = await startSystem(ctx, setup.topology, { engine: setup.engine, ...(profDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] } : {}) });
    try {
      const workerProcesses = setup.topology.kind === 'split' ? setup.topology.workers : 0;
      const run = { topology: describeTopology(setup.topology), engine: setup.engine, label, workerProcesses, ...(await runOrders(ctx, system, orders, `so${i}`, 5000 + i)) };
      runs.push(run);
      const tx = Number.isNaN(run.transactionsPerOrder) ? '' : `, ${run.transactionsPerOrder.toFixed(2)} transactions/order`;
      ctx.log(`scale-out: ${label}: ${run.ordersPerSec.toFixed(0)} orders/s (accepted ${run.submitPerSec.toFixed(0)}/s, ${run.failed} failed${tx})`);
    } finally {
      await system.stop();
    }
  }
  result.figures['ceilingOrdersPerSec'] = top;
  result.figures['runs'] = runs;
  result.rows.push({ measure: 'ceiling: one { hello } + one no-op job per order', ours: top, unit: 'orders/s', baselineName: '', baseline: Number.NaN, ratio: Number.NaN });
  const sqlite = runs.find((r) => r.engine === 'sqlite');
  const projections: Record<string, unknown> = {};
  for (const run of runs) {
    const r = ratio(run.ordersPerSec, top);
    const isSqlite = run === sqlite;
    result.rows.push({
      measure: `orders/s, ${run.label}`,
      ours: run.ordersPerSec,
      unit: 'orders/s',
      baselineName: 'ceiling',
      baseline: top,
      ratio: r,
      ...(isSqlite ? { goal: goal('orders/s, SQLite in 1 process / ceiling', 'atLeast', 0.6, r) } : {}),
    });
    if (!isSqlite && sqlite !== undefined) {
      const vs = ratio(run.ordersPerSec, sqlite.ordersPerSec);
      const isGoal = run.engine === 'postgres' && run.workerProcesses === 2;
      result.rows.push({
        measure: `orders/s, ${run.label}`,
        ours: run.ordersPerSec,
        unit: 'orders/s',
        baselineName: 'SQLite, api+worker in 1 process',
        baseline: sqlite.ordersPerSec,
        ratio: vs,
        ...(isGoal ? { goal: goal('orders/s, PostgreSQL api + 2 workers / SQLite in 1 process', 'atLeast', 0.8, vs) } : {}),
      });
    }
    const costs = roleCosts(run, run.engine);
    const total = Object.values(costs).reduce((a, b) => a + (b ?? 0), 0);
    result.rows.push({ measure: `CPU per order (${Object.keys(costs).join(', ')}), ${run.label}`, ours: total, unit: 'µs', baselineName: '', baseline: Number.NaN, ratio: Number.NaN });
    if (!Number.isNaN(run.transactionsPerOrder)) {
      result.rows.push({ measure: `PostgreSQL transactions per order, ${run.label}`, ours: run.transactionsPerOrder, unit: 'tx', baselineName: '', baseline: Number.NaN, ratio: Number.NaN });
    }
    const plan = project(costs);
    projections[run.label] = { ...plan, ordersPerSecOn2Cores: ordersPerSecOn(2, costs), ordersPerSecOn8Cores: ordersPerSecOn(8, costs) };
    const parts = Object.entries(run.cpuUsPerOrder).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v.toFixed(0)}`);
    result.notes.push(
      `${run.label}: CPU µs/order ${parts.join(', ')}. Per 1,000 orders/s at 70% of each core: ` +
        plan.roles.map((p) => `${p.role} ${p.cores.toFixed(2)} cores${p.processes === undefined ? '' : ` (${p.processes} process${p.processes > 1 ? 'es' : ''})`}`).join(', ') +
        `; ${plan.cores.toFixed(1)} cores in all. One 8-core machine: ~${ordersPerSecOn(8, costs).toFixed(0)} orders/s.`,
    );
  }
  result.figures['projectionPer1000OrdersPerSec'] = projections;
  result.notes.push(
    `Scale-out: ${orders} orders per setup after a warm-up batch, ${ctx.sizes.clients} closed-loop HTTP clients in the orchestrator, worker concurrency ${ctx.sizes.workerConcurrency} per worker process; PostgreSQL (the local server, DURABILITY at its default) on the same cores as everything else, one fresh database per setup.`,
  );
  return result;
}
