/**
 * Scenario 1, order throughput: N market orders over HTTP GraphQL from 50 concurrent clients, run
 * until every order is terminal, with one worker process and then two. Orders/s is N over the time
 * from the first submit to the last terminal order (read from the database file, read-only).
 * Held against, in the same run: BullMQ no-op jobs/s and yoga's trivial-query req/s.
 * Also records the transitions the workers persisted over the same window (scenario 5 uses them).
 */
import { bullmqNoopJobsPerSec, startYogaHello, yogaTrivialOnce } from '../baselines/index.js';
import { cannon } from '../lib/autocannon.js';
import type { BenchContext } from '../lib/context.js';
import type { DbSnapshot } from '../lib/db-observer.js';
import type { SystemObserver } from '../lib/observer.js';
import { waitUntil } from '../lib/gql-http.js';
import { submitAll } from '../lib/orders.js';
import { cpuMicros, rssKb } from '../lib/procs.js';
import { type ScenarioResult } from '../lib/results.js';
import { goal, median, perSecond, ratio } from '../lib/stats.js';
import { describeTopology, requireMain, startSystem, type RunningSystem, type Topology } from '../lib/system.js';
import { swapMix } from '../lib/workload.js';

const TOPOLOGIES: readonly Topology[] = [{ kind: 'combined' }, { kind: 'split', workers: 2 }];

export interface ThroughputRun {
  readonly topology: string;
  readonly orders: number;
  readonly ordersPerSec: number;
  readonly submitPerSec: number;
  readonly failed: number;
  readonly failures: Record<string, number>;
  readonly transitions: number;
  readonly transitionsPerSec: number;
  readonly windowMs: number;
  /** µs of CPU per order in each process over the measured batch (api, workers, redis, postgres, client, total). */
  readonly cpuUsPerOrder: Record<string, number>;
  /** PostgreSQL transactions (commits and rollbacks) per order; NaN on SQLite. */
  readonly transactionsPerOrder: number;
  readonly rssKb: Record<string, number>;
  readonly pids: Record<string, number>;
}

/** Measures yoga `{ hello }` req/s (median of short runs after a warm-up) and its CPU per request. */
export async function measureYogaTrivial(
  ctx: BenchContext,
): Promise<{ median: number; runs: number[]; p99Ms: number[]; cpuUsPerRequest: { server: number; client: number; redis: number } }> {
  const yoga = await startYogaHello();
  try {
    await cannon(yoga.url, ['{"query":"{ hello }"}'], ctx.sizes.cannonConnections, ctx.sizes.warmupSeconds); // JIT warm-up
    const runs: number[] = [];
    const p99Ms: number[] = [];
    const meter = await cpuMeter({ server: yoga.child.pid, redis: ctx.redis.child.pid });
    let requests = 0;
    for (let i = 0; i < ctx.sizes.cannonRepeats; i++) {
      const r = await yogaTrivialOnce(ctx, yoga.url);
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`yoga baseline answered ${r.non2xx} non-2xx and ${r.errors} errors`);
      runs.push(r.reqPerSec);
      p99Ms.push(r.p99Ms);
      requests += r.requests;
    }
    const cpu = await meter.perUnit(requests);
    return { median: median(runs), runs, p99Ms, cpuUsPerRequest: { server: cpu['server'] ?? NaN, client: cpu['client'] ?? NaN, redis: cpu['redis'] ?? NaN } };
  } finally {
    await yoga.child.stop();
  }
}

/**
 * CPU time (user + system) of each named process, and of this one as "client", from now on: what a
 * unit of work costs every process taking part, whatever share of the cores each one got.
 */
export async function cpuMeter(pids: Record<string, number>): Promise<{ perUnit(units: number): Promise<Record<string, number>> }> {
  const read = async () => {
    const out: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pids)) out[name] = await cpuMicros(pid);
    const self = process.cpuUsage();
    out['client'] = self.user + self.system;
    return out;
  };
  const before = await read();
  return {
    async perUnit(units) {
      const after = await read();
      const out: Record<string, number> = {};
      for (const name of Object.keys(after)) out[name] = ((after[name] ?? NaN) - (before[name] ?? NaN)) / units;
      out['total'] = Object.values(out).reduce((a, b) => a + b, 0);
      return out;
    },
  };
}

async function waitTerminal(observer: SystemObserver, target: number, timeoutMs: number): Promise<DbSnapshot> {
  let last = await observer.snapshot();
  await waitUntil(`${target} terminal orders (database)`, async () => {
    last = await observer.snapshot();
    return last.terminal >= target;
  }, timeoutMs, 100).catch((error: unknown) => {
    throw new Error(`${String(error)}; got ${last.terminal} terminal of ${last.orders} orders`);
  });
  return last;
}

/**
 * PostgreSQL's per-database counters lag: a backend flushes its pending counts at most once a
 * second while busy and within about 10 s once idle. Read until two readings a second apart agree.
 */
async function settledTransactions(observer: SystemObserver): Promise<number> {
  let last = await observer.transactions();
  if (Number.isNaN(last)) return last;
  for (let i = 0; i < 15; i++) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = await observer.transactions();
    // Our own two reads are transactions too.
    if (now - last <= 2) return now;
    last = now;
  }
  return last;
}

/** Runs one topology: warm-up, then the measured batch until all of it is terminal. */
export async function runOrders(ctx: BenchContext, system: RunningSystem, count: number, label: string, seed: number): Promise<Omit<ThroughputRun, 'topology'>> {
  const observer = await system.observe();
  try {
    // Warm-up: JIT, connections, prepared statements, and every worker process up and taking jobs.
    const warm = Math.min(500, Math.max(100, count / 20));
    const w = await submitAll(system, swapMix(warm, seed + 1), ctx.sizes.clients, `${label}-warm`);
    if (w.submitted === 0) throw new Error(`warm-up orders were all rejected: ${w.errorSamples.join('; ')}`);
    await waitTerminal(observer, w.submitted, 60_000);
    const before = await observer.snapshot();
    const tx0 = await settledTransactions(observer);

    const swaps = swapMix(count, seed);
    const processes: Record<string, number> = { [system.api.name]: system.api.pid, redis: ctx.redis.child.pid };
    for (const worker of system.workers) processes[worker.name] = worker.pid;
    const meter = await cpuMeter(processes);
    const server0 = await observer.serverCpu();
    const submit = await submitAll(system, swaps, ctx.sizes.clients, label);
    if (submit.rejected > 0) ctx.log(`${label}: ${submit.rejected} orders rejected, e.g. ${submit.errorSamples[0]}`);
    // Generous: a system at 100 orders/s still finishes; slower than that is a failure anyway.
    const after = await waitTerminal(observer, before.terminal + submit.submitted, 60_000 + count * 10);
    const cpuUsPerOrder = await meter.perUnit(submit.submitted);
    if (system.engine === 'postgres') {
      // The backends serving this database (a backend that exited in between counts what it had at the start).
      let server = 0;
      for (const [pid, us] of await observer.serverCpu()) server += us - (server0.get(pid) ?? 0);
      cpuUsPerOrder['postgres'] = server / submit.submitted;
      cpuUsPerOrder['total'] = (cpuUsPerOrder['total'] ?? 0) + cpuUsPerOrder['postgres'];
    }
    const transactionsPerOrder = ((await settledTransactions(observer)) - tx0) / submit.submitted;
    const windowMs = after.lastTerminalAt - submit.startedAt;
    const transitions = after.events - before.events;
    const rss: Record<string, number> = { [system.api.name]: await rssKb(system.api.pid) };
    const pids: Record<string, number> = { [system.api.name]: system.api.pid };
    for (const worker of system.workers) {
      rss[worker.name] = await rssKb(worker.pid);
      pids[worker.name] = worker.pid;
    }
    return {
      orders: submit.submitted,
      ordersPerSec: perSecond(submit.submitted, windowMs),
      submitPerSec: perSecond(submit.submitted, submit.ms),
      failed: after.failed - before.failed,
      failures: await observer.failures(submit.startedAt),
      transitions,
      transitionsPerSec: perSecond(transitions, windowMs),
      windowMs,
      cpuUsPerOrder,
      transactionsPerOrder,
      rssKb: rss,
      pids,
    };
  } finally {
    await observer.close();
  }
}

export async function throughputScenario(ctx: BenchContext, result: ScenarioResult): Promise<ScenarioResult> {
  ctx.log(`throughput: BullMQ no-op baseline (${ctx.sizes.bullmqJobs} jobs, concurrency ${ctx.sizes.workerConcurrency})`);
  const bull = await bullmqNoopJobsPerSec(ctx);
  ctx.log(`throughput: yoga { hello } baseline (${ctx.sizes.cannonRepeats}× ${ctx.sizes.cannonSeconds}s, ${ctx.sizes.cannonConnections} connections)`);
  const yoga = await measureYogaTrivial(ctx);
  ctx.shared.set('yogaTrivialReqPerSec', yoga.median);
  result.figures['bullmqNoopJobsPerSec'] = bull;
  result.figures['yogaTrivialReqPerSec'] = yoga;
  requireMain();

  const runs: ThroughputRun[] = [];
  for (const [i, topology] of TOPOLOGIES.entries()) {
    const name = describeTopology(topology);
    ctx.log(`throughput: ${ctx.sizes.orders} orders, ${ctx.sizes.clients} clients, ${name}`);
    // Every server process of the run writes its own profile (file names carry the pid: see `pids`).
    const profiling = ctx.args.cpuProf !== undefined;
    const system = await startSystem(ctx, topology, profiling ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', ctx.args.cpuProf as string] } : {});
    try {
      const run = { topology: name, ...(await runOrders(ctx, system, ctx.sizes.orders, `tp${i}`, 1000 + i)) };
      runs.push(run);
      ctx.log(`throughput: ${name}: ${run.ordersPerSec.toFixed(0)} orders/s (submit ${run.submitPerSec.toFixed(0)}/s, ${run.failed} failed)`);
    } finally {
      await system.stop();
    }
  }
  result.figures['runs'] = runs;
  const best = runs.reduce((a, b) => (b.ordersPerSec > a.ordersPerSec ? b : a));
  ctx.shared.set('maxOrdersPerSec', best.ordersPerSec);
  ctx.shared.set('maxOrdersTopology', TOPOLOGIES.findIndex((t) => describeTopology(t) === best.topology));

  // What the goal asks against what the parts allow: an order is at least one GraphQL request and
  // one BullMQ job, so even with nothing else to do (no routing, persistence or pub/sub) its rate
  // on a busy machine is at most that of the two done one after the other on the same cores.
  const ceiling = 1 / (1 / yoga.median + 1 / bull.median);
  ctx.shared.set('ceilingOrdersPerSec', ceiling);
  result.rows.push({
    measure: 'ceiling: one { hello } + one no-op job per order',
    ours: ceiling,
    unit: 'orders/s',
    baselineName: 'yoga { hello } req/s',
    baseline: yoga.median,
    ratio: ratio(ceiling, yoga.median),
  });
  for (const run of runs) {
    const r = ratio(run.ordersPerSec, yoga.median);
    result.rows.push({
      measure: `orders/s, ${run.topology}`,
      ours: run.ordersPerSec,
      unit: 'orders/s',
      baselineName: 'yoga { hello } req/s',
      baseline: yoga.median,
      ratio: r,
      goal: goal(`orders/s (${run.topology}) / yoga trivial req/s`, 'atLeast', 0.5, r),
    });
    result.rows.push({
      measure: `orders/s, ${run.topology}`,
      ours: run.ordersPerSec,
      unit: 'orders/s',
      baselineName: 'BullMQ no-op jobs/s',
      baseline: bull.median,
      ratio: ratio(run.ordersPerSec, bull.median),
    });
    if (run.failed > 0) result.notes.push(`${run.topology}: ${run.failed} orders FAILED (${JSON.stringify(run.failures)}); they count as terminal.`);
    // What an order costs the whole machine, against what a { hello } costs it (server, Redis and
    // the load generator alike). With every core busy, rates go as the inverse of these, so
    // their ratio is the most that orders/s could reach of the yoga rate on this machine.
    const hello = yoga.cpuUsPerRequest.server + yoga.cpuUsPerRequest.client;
    const total = run.cpuUsPerOrder['total'] ?? NaN;
    result.rows.push({
      measure: `CPU per order, all processes, ${run.topology}`,
      ours: total,
      unit: 'µs',
      baselineName: 'yoga { hello } CPU/request (server + client)',
      baseline: hello,
      ratio: ratio(total, hello),
    });
    const parts = Object.entries(run.cpuUsPerOrder).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v.toFixed(0)}`);
    result.notes.push(`${run.topology}: CPU per order ${total.toFixed(0)} µs (${parts.join(', ')}); a { hello } costs ${hello.toFixed(0)} µs (server ${yoga.cpuUsPerRequest.server.toFixed(0)}, client ${yoga.cpuUsPerRequest.client.toFixed(0)}).`);
  }
  result.notes.push(
    `Orders: ${ctx.sizes.orders} per topology after a warm-up batch, ${ctx.sizes.clients} concurrent keep-alive HTTP clients in the orchestrator process, worker concurrency ${ctx.sizes.workerConcurrency}; orders/s = orders / (first submit -> last terminal updated_at).`,
  );
  return result;
}
