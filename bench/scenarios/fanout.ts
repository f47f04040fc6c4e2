/**
 * Scenario 4, fan-out: N graphql-ws subscribers on orderUpdates (all orders), held in separate client
 * processes so the server's event loop is what gets measured. One update is delivered to all of them;
 * delivery latency = receipt - the update's `at` stamp (epoch ms, same machine clock), over every
 * subscriber of several events. Baseline, same run and the same N: a minimal graphql-ws server whose
 * trivial subscription is fed by Redis pub/sub the same way, one event published with its stamp.
 * Goal: at most 1.5x the baseline. Server RSS (VmRSS) at each N.
 */
import { Redis } from 'ioredis';
import { startWsFanoutBaseline } from '../baselines/index.js';
import type { BenchContext } from '../lib/context.js';
import { GqlHttp } from '../lib/gql-http.js';
import { ALL_ORDER_UPDATES, TICKS } from '../lib/operations.js';
import { submitOne } from '../lib/orders.js';
import { rssKb } from '../lib/procs.js';
import { type ScenarioResult } from '../lib/results.js';
import { goal, median, ratio, summarize, type LatencySummary } from '../lib/stats.js';
import { startSubscribers, type SubscriberPool } from '../lib/subscriber-pool.js';
import { startSystem } from '../lib/system.js';
import { swapMix } from '../lib/workload.js';

interface FanoutRun {
  readonly subscribers: number;
  readonly delivery: LatencySummary;
  /** Per event: the last subscriber's latency. */
  readonly lastSubscriberMs: number[];
  readonly serverRssKb: number;
  readonly serverRssIdleKb: number;
}

const clientProcesses = (n: number): number => (n >= 2000 ? 2 : 1);
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function collect(pool: SubscriberPool, keys: readonly string[]): Promise<{ all: number[]; last: number[] }> {
  const all: number[] = [];
  const last: number[] = [];
  for (const key of keys) {
    const l = await pool.latencies(key);
    all.push(...l);
    if (l.length === 0) throw new Error(`no subscriber received ${key}`);
    last.push(l.reduce((a, b) => Math.max(a, b), -Infinity));
  }
  return { all, last };
}

async function baselineRun(ctx: BenchContext, n: number): Promise<FanoutRun> {
  const channel = `benchtick${n}`;
  const server = await startWsFanoutBaseline(ctx, channel);
  const pub = new Redis(ctx.redis.url);
  let pool: SubscriberPool | undefined;
  try {
    pool = await startSubscribers(server.url, n, clientProcesses(n), TICKS, 'tick');
    const idle = await rssKb(server.child.pid);
    const publish = (seq: number): Promise<number> => pub.publish(channel, JSON.stringify({ seq, at: Date.now(), label: 'tick' }));
    // Warm-up: until every subscription is live on the server, which graphql-ws does not acknowledge.
    for (let w = 1; ; w++) {
      await publish(-w);
      try {
        await pool.waitAll(`tick:${-w}`, 2000);
        break;
      } catch (e) {
        if (w >= 15) throw e;
      }
    }
    const keys: string[] = [];
    for (let i = 1; i <= ctx.sizes.fanoutEvents; i++) {
      await pause(200);
      await publish(i);
      await pool.waitAll(`tick:${i}`, 30_000);
      keys.push(`tick:${i}`);
    }
    const rss = await rssKb(server.child.pid);
    const { all, last } = await collect(pool, keys);
    return { subscribers: n, delivery: summarize(all), lastSubscriberMs: last, serverRssKb: rss, serverRssIdleKb: idle };
  } finally {
    await pool?.stop();
    pub.disconnect();
    await server.child.stop();
  }
}

async function oursRun(ctx: BenchContext, n: number): Promise<FanoutRun & { confirmed: LatencySummary; pendingDelivered: number; pendingExpected: number }> {
  // The API process is the one fanning out; one separate worker produces the updates.
  const system = await startSystem(ctx, { kind: 'split', workers: 1 });
  const http = new GqlHttp(system.url, 4, system.apiKey);
  let pool: SubscriberPool | undefined;
  try {
    pool = await startSubscribers(system.wsUrl, n, clientProcesses(n), ALL_ORDER_UPDATES, 'orders', system.apiKey);
    const idle = await rssKb(system.api.pid);
    const swaps = swapMix(ctx.sizes.fanoutEvents + 20, 4000 + n);
    let next = 0;
    const order = async (): Promise<string> => (await submitOne(http, swaps[next]!, `fan${n}-${next++}`)).id;
    for (let w = 1; ; w++) {
      const id = await order();
      try {
        await pool.waitAll(`${id}:CONFIRMED`, 3000);
        break;
      } catch (e) {
        if (w >= 10) throw e;
      }
    }
    const firsts: string[] = [];
    const pendings: string[] = [];
    const confirmed: string[] = [];
    for (let i = 1; i <= ctx.sizes.fanoutEvents; i++) {
      await pause(200);
      const id = await order();
      // One order is five updates in quick succession; wait for the last one everywhere.
      await pool.waitAll(`${id}:CONFIRMED`, 60_000);
      firsts.push(`${id}:FIRST`);
      pendings.push(`${id}:PENDING`);
      confirmed.push(`${id}:CONFIRMED`);
    }
    const rss = await rssKb(system.api.pid);
    const first = await collect(pool, firsts);
    // Every subscriber should see every order's PENDING (issue 3: no gaps); count how many did.
    let pendingDelivered = 0;
    for (const key of pendings) pendingDelivered += await pool.count(key);
    const lastOfOrder = await collect(pool, confirmed);
    return {
      subscribers: n,
      delivery: summarize(first.all),
      lastSubscriberMs: first.last,
      serverRssKb: rss,
      serverRssIdleKb: idle,
      confirmed: summarize(lastOfOrder.all),
      pendingDelivered,
      pendingExpected: pendings.length * n,
    };
  } finally {
    http.close();
    await pool?.stop();
    await system.stop();
  }
}

export async function fanoutScenario(ctx: BenchContext, result: ScenarioResult): Promise<ScenarioResult> {
  const runs: Record<string, unknown>[] = [];
  for (const n of ctx.sizes.fanoutSizes) {
    ctx.log(`fan-out: ${n} subscribers, raw graphql-ws baseline (${clientProcesses(n)} client process(es))`);
    const base = await baselineRun(ctx, n);
    result.figures[`baseline${n}`] = base;
    ctx.log(`fan-out: ${n} subscribers, our orderUpdates`);
    const ours = await oursRun(ctx, n);
    if (ours.pendingDelivered < ours.pendingExpected) {
      result.notes.push(
        `fan-out ${n}: only ${ours.pendingDelivered} of ${ours.pendingExpected} PENDING updates reached the all-orders subscribers: ` +
          'a gap in the all-orders stream (seen before a682511, when the API enqueued before publishing PENDING and allOrdersStream dropped a PENDING that arrived after ROUTING).',
      );
    }
    delete result.figures[`baseline${n}`];
    runs.push({ subscribers: n, baseline: base, ours });
    const r50 = ratio(ours.delivery.p50, base.delivery.p50);
    const r99 = ratio(ours.delivery.p99, base.delivery.p99);
    result.rows.push({ measure: `delivery p50, ${n} subscribers`, ours: ours.delivery.p50, unit: 'ms', baselineName: 'raw graphql-ws p50', baseline: base.delivery.p50, ratio: r50, goal: goal(`fan-out p50 at ${n} / raw graphql-ws`, 'atMost', 1.5, r50) });
    result.rows.push({ measure: `delivery p99, ${n} subscribers`, ours: ours.delivery.p99, unit: 'ms', baselineName: 'raw graphql-ws p99', baseline: base.delivery.p99, ratio: r99, goal: goal(`fan-out p99 at ${n} / raw graphql-ws`, 'atMost', 1.5, r99) });
    result.rows.push({ measure: `last of 5 updates p99, ${n} subs`, ours: ours.confirmed.p99, unit: 'ms', baselineName: '', baseline: Number.NaN, ratio: Number.NaN });
    result.rows.push({ measure: `server RSS, ${n} subscribers`, ours: ours.serverRssKb / 1024, unit: 'MiB', baselineName: 'raw graphql-ws RSS', baseline: base.serverRssKb / 1024, ratio: ratio(ours.serverRssKb, base.serverRssKb) });
    ctx.log(`fan-out ${n}: ours p50/p99 ${ours.delivery.p50}/${ours.delivery.p99} ms, baseline ${base.delivery.p50}/${base.delivery.p99} ms; median last subscriber ${median(ours.lastSubscriberMs)} vs ${median(base.lastSubscriberMs)} ms`);
  }
  result.figures['runs'] = runs;
  result.notes.push(
    `Fan-out: subscribers in ${ctx.sizes.fanoutSizes.map((n) => `${clientProcesses(n)} client process(es) at ${n}`).join(', ')}; ` +
      `${ctx.sizes.fanoutEvents} events per size; ours = the first update of one order each subscriber receives (api process + 1 worker process), receipt minus its \`at\` stamp (1 ms resolution, both sides); ` +
      '"last of 5 updates" = the same order\'s CONFIRMED, which queues behind its 4 earlier updates.',
  );
  return result;
}
