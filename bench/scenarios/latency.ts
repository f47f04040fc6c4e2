/**
 * Scenario 2, order latency at half the measured maximum load: orders sent open-loop at a fixed rate
 * (half of the best orders/s of scenario 1) while one graphql-ws subscriber watches every order.
 *  - submit -> CONFIRMED: from just before the HTTP request to the CONFIRMED update's receipt, same
 *    process and clock (performance.now).
 *  - transition -> receipt: from the update's `at` (stamped by the worker when the transition
 *    happens, then persisted, then published) to its receipt. `at` has 1 ms resolution.
 * Baseline: raw Redis pub/sub publish -> receipt on the same Redis (C1/C2 expose no separate
 * publish timestamp, so the transition stamp stands in for it and includes the SQLite write).
 */
import { redisPubSubRtt } from '../baselines/index.js';
import type { BenchContext } from '../lib/context.js';
import { GqlHttp, waitUntil } from '../lib/gql-http.js';
import { submitOne } from '../lib/orders.js';
import { type ScenarioResult } from '../lib/results.js';
import { goal, ratio, summarize } from '../lib/stats.js';
import { describeTopology, startSystem, type Topology } from '../lib/system.js';
import { subscribeAllOrders } from '../lib/ws-feed.js';
import { swapMix } from '../lib/workload.js';
import { runOrders } from './throughput.js';

const TOPOLOGIES: readonly Topology[] = [{ kind: 'combined' }, { kind: 'split', workers: 2 }];

export async function latencyScenario(ctx: BenchContext, result: ScenarioResult): Promise<ScenarioResult> {
  const topology = TOPOLOGIES[ctx.shared.get('maxOrdersTopology') ?? 0] ?? { kind: 'combined' };
  const system = await startSystem(ctx, topology);
  let client: Awaited<ReturnType<typeof subscribeAllOrders>> | undefined;
  try {
    let max = ctx.shared.get('maxOrdersPerSec');
    if (max === undefined || !Number.isFinite(max)) {
      ctx.log('latency: no throughput figure from this run; measuring the maximum first');
      max = (await runOrders(ctx, system, Math.max(1000, ctx.sizes.orders / 4), 'lat-max', 3000)).ordersPerSec;
    }
    const rate = max / 2;
    const total = Math.max(50, Math.round(rate * ctx.sizes.latencySeconds));
    ctx.log(`latency: ${total} orders at ${rate.toFixed(0)}/s (half of ${max.toFixed(0)}), ${describeTopology(topology)}`);

    const sentAt = new Map<string, number>();
    const confirmMs: number[] = [];
    const publishMs: number[] = [];
    // submit -> receipt of each status: shows which stage the time goes to (queue wait shows up
    // between PENDING and ROUTING).
    const byStatus = new Map<string, number[]>();
    let terminal = 0;
    let failed = 0;
    client = await subscribeAllOrders(system.wsUrl, system.apiKey, (u, receivedAt, receivedPerf) => {
      const t0 = sentAt.get(u.order.clientOrderId);
      if (t0 === undefined) return;
      // PENDING is stamped by the API at submission; the others by the worker as it goes.
      if (u.status !== 'PENDING') publishMs.push(receivedAt - Date.parse(u.at));
      if (u.status === 'CONFIRMED') confirmMs.push(receivedPerf - t0);
      let list = byStatus.get(u.status);
      if (list === undefined) byStatus.set(u.status, (list = []));
      list.push(receivedPerf - t0);
      if (u.status === 'CONFIRMED' || u.status === 'FAILED') terminal++;
      if (u.status === 'FAILED') failed++;
    });

    const http = new GqlHttp(system.url, 64, system.apiKey);
    // The subscription is live once a probe order's updates come through it.
    const probe = 'lat-probe';
    sentAt.set(probe, performance.now());
    await submitOne(http, swapMix(1, 99)[0]!, probe);
    await waitUntil('the probe order to reach the subscriber', () => terminal >= 1, 15_000);
    confirmMs.length = 0;
    publishMs.length = 0;
    byStatus.clear();
    terminal = 0;
    failed = 0;
    sentAt.delete(probe);

    // Open loop: order i leaves at i / rate seconds, whatever the answers before it are doing.
    const swaps = swapMix(total, 2000);
    const errors: string[] = [];
    const inFlight = new Set<Promise<void>>();
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const id = `lat-${i}`;
      sentAt.set(id, performance.now());
      const p = submitOne(http, swaps[i]!, id).then(
        () => undefined,
        (e: unknown) => void errors.push(String(e)),
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all(inFlight);
    if (errors.length > 0) throw new Error(`${errors.length} orders rejected during the latency run, e.g. ${errors[0]}`);
    await waitUntil(`all ${total} orders terminal on the subscription`, () => terminal >= total, 60_000);
    http.close();

    const achieved = (total * 1000) / (performance.now() - start);
    const confirm = summarize(confirmMs);
    const publish = summarize(publishMs);
    ctx.log(`latency: submit -> receipt p50 by status: ${[...byStatus].map(([st, l]) => `${st} ${summarize(l).p50.toFixed(1)} ms`).join(', ')}`);
    ctx.log(`latency: pub/sub baseline (${ctx.sizes.rttMessages} round trips)`);
    const raw = await redisPubSubRtt(ctx);
    result.figures['targetRate'] = rate;
    result.figures['sentRate'] = achieved;
    result.figures['orders'] = total;
    result.figures['failed'] = failed;
    result.figures['submitToConfirmedMs'] = confirm;
    result.figures['transitionToReceiptMs'] = publish;
    result.figures['submitToStatusReceiptMs'] = Object.fromEntries([...byStatus].map(([status, l]) => [status, summarize(l)]));
    result.figures['redisPubSubMs'] = raw;
    result.rows.push({ measure: `submit->CONFIRMED p50 @${rate.toFixed(0)}/s`, ours: confirm.p50, unit: 'ms', baselineName: '', baseline: Number.NaN, ratio: Number.NaN });
    result.rows.push({
      measure: `submit->CONFIRMED p99 @${rate.toFixed(0)}/s`,
      ours: confirm.p99,
      unit: 'ms',
      baselineName: '',
      baseline: Number.NaN,
      ratio: Number.NaN,
      goal: goal('submit -> CONFIRMED p99 (ms) at half the max load, latencies 0', 'atMost', 250, confirm.p99),
    });
    result.rows.push({ measure: 'worker transition->subscriber p50', ours: publish.p50, unit: 'ms', baselineName: 'Redis pub/sub p50', baseline: raw.p50Ms, ratio: ratio(publish.p50, raw.p50Ms) });
    result.rows.push({ measure: 'worker transition->subscriber p99', ours: publish.p99, unit: 'ms', baselineName: 'Redis pub/sub p99', baseline: raw.p99Ms, ratio: ratio(publish.p99, raw.p99Ms) });
    result.notes.push(
      `Latency: ${total} orders open-loop at ${rate.toFixed(0)}/s on ${describeTopology(topology)}; one graphql-ws subscriber (all orders) in the orchestrator. ` +
        'Transition->receipt starts at the update\'s `at` (ms resolution, stamped before the SQLite write), so it includes persistence; the baseline is raw Redis publish->receipt.',
    );
    if (failed > 0) result.notes.push(`latency: ${failed} orders FAILED`);
  } finally {
    await client?.dispose();
    await system.stop();
  }
  return result;
}
