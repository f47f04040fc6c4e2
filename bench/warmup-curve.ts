/**
 * How long a fresh server takes to reach its steady cost per request: server CPU per request over
 * consecutive 1-second windows of load, for our API under the quote mix and for bare yoga under
 * `{ hello }`, each started cold. This is what the benchmark's warm-up (Sizes.warmupSeconds) is
 * sized from.
 *
 *   npx tsx bench/warmup-curve.ts [seconds=12]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startYogaHello, TRIVIAL_BODY } from './baselines/index.js';
import { cannon } from './lib/autocannon.js';
import { QUICK, type BenchContext } from './lib/context.js';
import { QUOTE } from './lib/operations.js';
import { cpuMicros, installCleanup, stopAll } from './lib/procs.js';
import { startRedis } from './lib/redis.js';
import { startSystem } from './lib/system.js';
import { DIRECT_PAIRS, swapMix, TWO_HOP_PAIRS } from './lib/workload.js';

const seconds = Number(process.argv[2] ?? 12);
installCleanup();
const tmpDir = mkdtempSync(join(tmpdir(), 'oee-warmup-'));

async function curve(url: string, pid: number, bodies: readonly string[]): Promise<number[]> {
  const out: number[] = [];
  for (let s = 0; s < seconds; s++) {
    const before = await cpuMicros(pid);
    const r = await cannon(url, bodies, 50, 1);
    out.push(Math.round((await cpuMicros(pid) - before) / r.requests));
  }
  return out;
}

try {
  const redis = await startRedis();
  const ctx: BenchContext = { args: { quick: true, only: undefined, out: undefined, cpuProf: undefined, orders: undefined }, sizes: QUICK, redis, tmpDir, shared: new Map(), log: () => {} };
  const bodies = swapMix(512, 7, [...DIRECT_PAIRS, ...TWO_HOP_PAIRS]).map((s) => JSON.stringify({ query: QUOTE, variables: { input: s } }));
  const system = await startSystem(ctx, { kind: 'split', workers: 0 });
  const quote = await curve(system.url, system.api.pid, bodies);
  await system.stop();
  const yoga = await startYogaHello();
  const hello = await curve(yoga.url, yoga.child.pid, [TRIVIAL_BODY]);
  await yoga.child.stop();
  const row = (label: string, v: number[]) => `${label.padEnd(26)} ${v.map((x) => String(x).padStart(5)).join(' ')}`;
  console.log(row('second', Array.from({ length: seconds }, (_, i) => i + 1)));
  console.log(row('quote mix, µs CPU/request', quote));
  console.log(row('yoga { hello }', hello));
} finally {
  await stopAll();
  rmSync(tmpDir, { recursive: true, force: true });
}
