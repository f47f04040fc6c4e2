/**
 * Part of scenario 3: what the rate limits cost the quote path. The same quote mix against two API
 * processes, one with RATE_LIMITS=false and one with the limits on but so large that nothing is
 * refused (an anonymous quote counts once against its IP, as a keyed quote or order counts against
 * its key). Under limits this large a process leases LEASE_MAX points per Redis round trip
 * (src/services/rate-leases.ts), so the figure is the limiter's cost to a busy API process; at the
 * default 50 quotes/s a key pays one round trip per 5 quotes. Rounds alternate off/on so drift hits
 * both alike. Goal: at least 0.95 of the req/s without limits.
 */
import { cannon, type CannonResult } from '../lib/autocannon.js';
import type { BenchContext } from '../lib/context.js';
import { cpuMicros } from '../lib/procs.js';
import type { ScenarioResult } from '../lib/results.js';
import { goal, median, ratio } from '../lib/stats.js';
import { startSystem, type RunningSystem } from '../lib/system.js';

/** Limits nothing reaches: the counters are hit, nothing is refused. */
const HUGE = '1000000';
export const LIMITS_ON_ENV = {
  RATE_LIMITS: 'true',
  ORDERS_PER_SECOND: HUGE,
  ORDER_BURST: HUGE,
  QUOTES_PER_SECOND: HUGE,
  QUOTE_BURST: HUGE,
  ANON_PER_SECOND: HUGE,
  ANON_BURST: HUGE,
};

async function measured(system: RunningSystem, bodies: readonly string[], c: number, secs: number, what: string): Promise<CannonResult & { serverCpuUsPerReq: number }> {
  const before = await cpuMicros(system.api.pid);
  const r = await cannon(system.url, bodies, c, secs);
  const after = await cpuMicros(system.api.pid);
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${what}: ${r.non2xx} non-2xx answers (429: a limit was reached) and ${r.errors} socket errors of ${r.requests}`);
  return { ...r, serverCpuUsPerReq: (after - before) / r.requests };
}

/** `off` is the quote scenario's system (limits off), already warm. */
export async function quoteLimitsCost(ctx: BenchContext, result: ScenarioResult, off: RunningSystem, bodies: readonly string[]): Promise<void> {
  const on = await startSystem(ctx, { kind: 'split', workers: 0 }, { env: LIMITS_ON_ENV });
  try {
    const c = ctx.sizes.cannonConnections;
    const secs = ctx.sizes.cannonSeconds;
    await cannon(on.url, bodies, c, ctx.sizes.warmupSeconds);
    // At least three pairs even in --quick: a 5% question needs more than one sample each.
    const rounds = Math.max(3, ctx.sizes.cannonRepeats);
    const offRuns: (CannonResult & { serverCpuUsPerReq: number })[] = [];
    const onRuns: (CannonResult & { serverCpuUsPerReq: number })[] = [];
    for (let i = 0; i < rounds; i++) {
      ctx.log(`quote: limits round ${i + 1}/${rounds}: limits off then on, ${secs}s each`);
      offRuns.push(await measured(off, bodies, c, secs, 'quote, limits off'));
      onRuns.push(await measured(on, bodies, c, secs, 'quote, limits on'));
    }
    const qOff = median(offRuns.map((r) => r.reqPerSec));
    const qOn = median(onRuns.map((r) => r.reqPerSec));
    const cpuOff = median(offRuns.map((r) => r.serverCpuUsPerReq));
    const cpuOn = median(onRuns.map((r) => r.serverCpuUsPerReq));
    result.figures['quoteLimits'] = { off: offRuns, on: onRuns };
    const r = ratio(qOn, qOff);
    result.rows.push({ measure: 'quote req/s, rate limits on (nothing refused)', ours: qOn, unit: 'req/s', baselineName: 'same, RATE_LIMITS=false', baseline: qOff, ratio: r, goal: goal('quote req/s with limits / without', 'atLeast', 0.95, r) });
    result.rows.push({ measure: 'server CPU per quote, rate limits on', ours: cpuOn, unit: 'µs', baselineName: 'same, RATE_LIMITS=false', baseline: cpuOff, ratio: ratio(cpuOn, cpuOff) });
    result.notes.push(`Rate limits: ${rounds} alternating rounds of ${secs}s; "on" counts every quote in Redis (limits of ${HUGE}/s, so none is refused).`);
  } finally {
    await on.stop();
  }
}
