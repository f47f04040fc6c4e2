/**
 * Scenario 3, quotes: quote-query req/s over HTTP (autocannon, 50 connections, a seeded mix of
 * pairs, directions and amounts including two- and three-hop pairs) against yoga's trivial `{ hello }` req/s,
 * runs interleaved in the same run so drift hits both alike. Goal: at least 0.7.
 * Also `{ __typename }` on our server (our plugins' fixed cost) and in-process route searches/s
 * via the router's own benchmark (bench/route-search.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startYogaHello, TRIVIAL_BODY } from '../baselines/index.js';
import { cannon, type CannonResult } from '../lib/autocannon.js';
import type { BenchContext } from '../lib/context.js';
import { GqlHttp } from '../lib/gql-http.js';
import { cpuMicros } from '../lib/procs.js';
import { QUOTE, TYPENAME } from '../lib/operations.js';
import { type ScenarioResult } from '../lib/results.js';
import { goal, median, ratio } from '../lib/stats.js';
import { startSystem } from '../lib/system.js';
import { DIRECT_PAIRS, swapMix, TWO_HOP_PAIRS } from '../lib/workload.js';
import { quoteLimitsCost } from './quote-limits.js';

/**
 * One autocannon run with the server's CPU time over it: µs of server CPU per request is what the
 * request costs the server, whatever share of the 2 cores the load generator took.
 */
async function cannonWithCpu(url: string, pid: number, bodies: readonly string[], c: number, secs: number, what: string): Promise<CannonResult & { serverCpuUsPerReq: number }> {
  const before = await cpuMicros(pid);
  const r = check(await cannon(url, bodies, c, secs), what);
  const after = await cpuMicros(pid);
  return { ...r, serverCpuUsPerReq: (after - before) / r.requests };
}

function check(r: CannonResult, what: string): CannonResult {
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${what}: ${r.non2xx} non-2xx answers and ${r.errors} socket errors/timeouts of ${r.requests}`);
  return r;
}

async function routeSearches(ctx: BenchContext): Promise<Record<string, unknown>> {
  const file = join(import.meta.dirname, '..', 'route-search.ts');
  if (!existsSync(file)) throw new Error('bench/route-search.ts (the router benchmark, benchRouteSearch) is missing');
  const mod = (await import('../route-search.js')) as { benchRouteSearch?: (o: Record<string, unknown>) => Promise<Record<string, unknown>> };
  if (typeof mod.benchRouteSearch !== 'function') throw new Error('bench/route-search.ts does not export benchRouteSearch(opts)');
  return mod.benchRouteSearch({ seconds: ctx.sizes.routeSearchMs / 1000, warmupSeconds: 0.5, seed: 42 });
}

/** Pairs only reachable through two intermediate tokens (BONK → SOL → USDC → JUP and back). */
const THREE_HOP_PAIRS = [{ a: 'BONK', b: 'JUP', aRange: [75_000, 7_500_000, 0], bRange: [2, 190, 0] }] as const;

export async function quoteScenario(ctx: BenchContext, result: ScenarioResult): Promise<ScenarioResult> {
  const swaps = swapMix(512, 7, [...DIRECT_PAIRS, ...TWO_HOP_PAIRS, ...THREE_HOP_PAIRS]);
  const bodies = swaps.map((s) => JSON.stringify({ query: QUOTE, variables: { input: s } }));

  // The API alone serves quotes: no worker competing for the 2 cores.
  // --cpu-prof DIR profiles the API process (its file name carries the pid).
  const profiling = ctx.args.cpuProf !== undefined;
  const system = await startSystem(ctx, { kind: 'split', workers: 0 }, profiling ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', ctx.args.cpuProf as string] } : {});
  const yoga = await startYogaHello();
  try {
    // Every request of the mix must be a real answer, or req/s would measure error handling.
    const http = new GqlHttp(system.url, 4);
    for (const [i, s] of swaps.slice(0, 64).entries()) {
      const res = await http.post<{ quote: { amountOut: string } }>(QUOTE, { input: s });
      if (res.errors !== undefined || res.data?.quote == null) {
        http.close();
        throw new Error(`quote #${i} ${s.amountIn} ${s.tokenIn}->${s.tokenOut} answered with an error: ${JSON.stringify(res.errors ?? res).slice(0, 300)}`);
      }
    }
    http.close();

    const c = ctx.sizes.cannonConnections;
    const secs = ctx.sizes.cannonSeconds;
    // The same warm-up for both servers (see Sizes.warmupSeconds): steady state, not tier-up.
    await cannon(system.url, bodies, c, ctx.sizes.warmupSeconds);
    await cannon(yoga.url, [TRIVIAL_BODY], c, ctx.sizes.warmupSeconds);
    const quotes: (CannonResult & { serverCpuUsPerReq: number })[] = [];
    const trivial: (CannonResult & { serverCpuUsPerReq: number })[] = [];
    for (let i = 0; i < ctx.sizes.cannonRepeats; i++) {
      ctx.log(`quote: round ${i + 1}/${ctx.sizes.cannonRepeats}: yoga { hello } then quote mix, ${secs}s each`);
      trivial.push(await cannonWithCpu(yoga.url, yoga.child.pid, [TRIVIAL_BODY], c, secs, 'yoga { hello }'));
      quotes.push(await cannonWithCpu(system.url, system.api.pid, bodies, c, secs, 'quote'));
    }
    const typename = await cannonWithCpu(system.url, system.api.pid, [JSON.stringify({ query: TYPENAME })], c, secs, '{ __typename }');
    const q = median(quotes.map((r) => r.reqPerSec));
    const t = median(trivial.map((r) => r.reqPerSec));
    result.figures['quoteReqPerSec'] = { median: q, runs: quotes };
    result.figures['yogaTrivialReqPerSec'] = { median: t, runs: trivial };
    result.figures['ourTypenameReqPerSec'] = typename;
    const r = ratio(q, t);
    result.rows.push({ measure: 'quote req/s (HTTP, mix)', ours: q, unit: 'req/s', baselineName: 'yoga { hello } req/s', baseline: t, ratio: r, goal: goal('quote req/s / yoga trivial req/s', 'atLeast', 0.7, r) });
    result.rows.push({ measure: 'quote p99 latency', ours: median(quotes.map((x) => x.p99Ms)), unit: 'ms', baselineName: 'yoga { hello } p99', baseline: median(trivial.map((x) => x.p99Ms)), ratio: ratio(median(quotes.map((x) => x.p99Ms)), median(trivial.map((x) => x.p99Ms))) });
    result.rows.push({ measure: '{ __typename } req/s on our API', ours: typename.reqPerSec, unit: 'req/s', baselineName: 'yoga { hello } req/s', baseline: t, ratio: ratio(typename.reqPerSec, t) });
    // Where the req/s gap comes from: what one request costs the server process, in CPU.
    const qCpu = median(quotes.map((x) => x.serverCpuUsPerReq));
    const tCpu = median(trivial.map((x) => x.serverCpuUsPerReq));
    result.rows.push({ measure: 'server CPU per quote request', ours: qCpu, unit: 'µs', baselineName: 'yoga { hello } CPU/request', baseline: tCpu, ratio: ratio(qCpu, tCpu) });
    result.rows.push({ measure: 'server CPU per { __typename } request', ours: typename.serverCpuUsPerReq, unit: 'µs', baselineName: 'yoga { hello } CPU/request', baseline: tCpu, ratio: ratio(typename.serverCpuUsPerReq, tCpu) });
    await yoga.child.stop();
    await quoteLimitsCost(ctx, result, system, bodies);
  } finally {
    await Promise.all([system.stop(), yoga.child.stop()]);
  }

  // In-process, with the servers stopped so the router has a core to itself.
  ctx.log('quote: in-process route searches (bench/route-search.ts)');
  const rs = await routeSearches(ctx);
  result.figures['routeSearch'] = rs;
  for (const [key, label] of [
    ['directSplitPerSec', 'route searches/s, direct with split (SOL->USDC)'],
    ['largeSplitPerSec', 'route searches/s, large split (across venues and paths)'],
    ['twoHopPerSec', 'route searches/s, two-hop (BONK->SOL->USDC)'],
    ['directVsTwoHopPerSec', 'route searches/s, direct vs two-hop (SOL->USDT)'],
    ['threeHopBonkJupPerSec', 'route searches/s, three-hop (BONK->SOL->USDC->JUP)'],
  ] as const) {
    const v = rs[key];
    if (typeof v === 'number') result.rows.push({ measure: label, ours: v, unit: 'searches/s', baselineName: '', baseline: Number.NaN, ratio: Number.NaN });
  }
  result.notes.push(`Quote mix: 512 seeded requests over ${DIRECT_PAIRS.length} direct, ${TWO_HOP_PAIRS.length} two-hop and ${THREE_HOP_PAIRS.length} three-hop pairs, both directions; API process only (no worker).`);
  return result;
}
