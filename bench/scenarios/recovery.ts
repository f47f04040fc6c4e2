/**
 * Recovery after Redis lost everything: N orders accepted while the worker processes are frozen
 * (SIGSTOP), so all N are open with their jobs waiting; FLUSHALL; then the time until every one is
 * terminal (the database's last terminal updated_at minus the FLUSHALL), two ways:
 *  - workers restarted: killed and started again (their start-up sweep looks at every open order);
 *  - workers kept running: thawed (SIGCONT) with no restart; they notice the reconciler's scheduler
 *    gone within one RECONCILE_INTERVAL_MS (default 5 s) and sweep every open order.
 * Product defaults for the reconciler; latencies 0 as everywhere in the bench.
 */
import { Redis } from 'ioredis';
import type { BenchContext } from '../lib/context.js';
import { waitUntil } from '../lib/gql-http.js';
import { submitAll } from '../lib/orders.js';
import type { ScenarioResult } from '../lib/results.js';
import { describeTopology, startSystem, type Engine, type RunningSystem, type Topology } from '../lib/system.js';
import { swapMix } from '../lib/workload.js';

type Mode = 'workers restarted' | 'workers kept running';

interface RecoveryRun {
  readonly engine: Engine;
  readonly topology: string;
  readonly mode: Mode;
  readonly orders: number;
  /** FLUSHALL -> the last order terminal. */
  readonly recoveryMs: number;
  readonly failed: number;
}

const TOPOLOGY: Topology = { kind: 'split', workers: 2 };

async function once(ctx: BenchContext, system: RunningSystem, engine: Engine, mode: Mode, seed: number): Promise<RecoveryRun> {
  const n = ctx.sizes.recoveryOrders;
  const observer = await system.observe();
  try {
    for (const w of system.workers) w.process.kill('SIGSTOP');
    let frozen = true;
    try {
      const submit = await submitAll(system, swapMix(n, seed), ctx.sizes.clients, `rec${seed}`);
      if (submit.submitted !== n) throw new Error(`${n - submit.submitted} orders rejected, e.g. ${submit.errorSamples[0]}`);
      const open = await observer.snapshot();
      if (open.terminal !== 0) throw new Error(`${open.terminal} orders ended with the workers frozen`);
      const redis = new Redis(ctx.redis.url);
      const flushedAt = Date.now();
      await redis.flushall();
      redis.disconnect();
      if (mode === 'workers restarted') {
        frozen = false; // killed, whatever state they were in
        await system.restartWorkers();
      } else {
        for (const w of system.workers) w.process.kill('SIGCONT');
        frozen = false;
      }
      let last = open;
      await waitUntil(`${n} orders terminal after the FLUSHALL`, async () => (last = await observer.snapshot()).terminal >= n, 120_000, 100);
      return { engine, topology: describeTopology(TOPOLOGY), mode, orders: n, recoveryMs: last.lastTerminalAt - flushedAt, failed: last.failed };
    } finally {
      if (frozen) for (const w of system.workers) w.process.kill('SIGCONT');
    }
  } finally {
    await observer.close();
  }
}

export async function recoveryScenario(ctx: BenchContext, result: ScenarioResult): Promise<ScenarioResult> {
  const runs: RecoveryRun[] = [];
  let seed = 7000;
  for (const engine of ['sqlite', 'postgres'] as const) {
    for (const mode of ['workers restarted', 'workers kept running'] as const) {
      ctx.log(`recovery: ${ctx.sizes.recoveryOrders} open orders, FLUSHALL, ${mode}; ${engine}, ${describeTopology(TOPOLOGY)}`);
      // A fresh system per run: the FLUSHALL takes every key prefix of the private Redis with it.
      const system = await startSystem(ctx, TOPOLOGY, { engine });
      try {
        const run = await once(ctx, system, engine, mode, seed++);
        runs.push(run);
        ctx.log(`recovery: ${engine}, ${mode}: all ${run.orders} terminal ${(run.recoveryMs / 1000).toFixed(1)} s after the FLUSHALL (${run.failed} failed)`);
        result.rows.push({ measure: `FLUSHALL -> ${run.orders} open orders terminal, ${engine}, ${mode}`, ours: run.recoveryMs / 1000, unit: 's', baselineName: '', baseline: Number.NaN, ratio: Number.NaN });
        if (run.failed > 0) result.notes.push(`recovery: ${engine}, ${mode}: ${run.failed} orders FAILED`);
      } finally {
        await system.stop();
      }
    }
  }
  result.figures['runs'] = runs;
  result.notes.push(
    `Recovery: ${ctx.sizes.recoveryOrders} orders accepted with the ${describeTopology(TOPOLOGY)} frozen (SIGSTOP), then FLUSHALL. "Restarted": workers SIGKILLed and started again (includes their start-up, a few seconds of tsx loading on this machine). "Kept running": thawed, no restart: the time includes waiting for the next scheduler check (RECONCILE_INTERVAL_MS, default 5 s).`,
  );
  return result;
}
