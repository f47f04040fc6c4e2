/**
 * Parent-side runners for the raw baselines. Each baseline runs in its own child process (on 2 cores,
 * a client and a server in one process would measure their contention, not the stack).
 */
import { join } from 'node:path';
import { cannon, type CannonResult } from '../lib/autocannon.js';
import type { BenchContext } from '../lib/context.js';
import { freePort } from '../lib/ports.js';
import { childResult, spawnTs, type Child } from '../lib/procs.js';
import { median } from '../lib/stats.js';

const here = import.meta.dirname;

export async function bullmqNoopJobsPerSec(ctx: BenchContext): Promise<{ median: number; runs: number[] }> {
  const runs: number[] = [];
  for (let i = 0; i < ctx.sizes.cannonRepeats; i++) {
    const child = spawnTs('bullmq-noop', join(here, 'bullmq-noop.ts'), [ctx.redis.url, String(ctx.sizes.bullmqJobs), String(ctx.sizes.workerConcurrency)]);
    const r = await childResult<{ jobsPerSec: number }>(child, 120_000);
    runs.push(r.jobsPerSec);
  }
  return { median: median(runs), runs };
}

export async function sqliteRawRowsPerSec(ctx: BenchContext): Promise<{ median: number; runs: number[] }> {
  const runs: number[] = [];
  for (let i = 0; i < ctx.sizes.sqliteRepeats; i++) {
    const file = join(ctx.tmpDir, `sqlite-raw-${i}.db`);
    const child = spawnTs('sqlite-raw', join(here, 'sqlite-insert.ts'), [file, String(ctx.sizes.sqliteRows)]);
    const r = await childResult<{ rowsPerSec: number }>(child, 120_000);
    runs.push(r.rowsPerSec);
  }
  return { median: median(runs), runs };
}

export async function redisPubSubRtt(ctx: BenchContext): Promise<{ p50Ms: number; p99Ms: number }> {
  const child = spawnTs('redis-rtt', join(here, 'redis-pubsub-rtt.ts'), [ctx.redis.url, String(ctx.sizes.rttMessages)]);
  return childResult<{ p50Ms: number; p99Ms: number }>(child, 120_000);
}

/** The minimal yoga `{ hello }` server, started in its own process. */
export async function startYogaHello(): Promise<{ url: string; child: Child }> {
  const child = spawnTs('yoga-hello', join(here, 'yoga-hello-server.ts'), [String(await freePort())]);
  const match = await child.waitForLine(/^BENCH_READY (\S+)/, 30_000);
  return { url: match[1] as string, child };
}

export const TRIVIAL_BODY = JSON.stringify({ query: '{ hello }' });

/** One autocannon run of `{ hello }` against the yoga baseline server. */
export function yogaTrivialOnce(ctx: BenchContext, url: string): Promise<CannonResult> {
  return cannon(url, [TRIVIAL_BODY], ctx.sizes.cannonConnections, ctx.sizes.cannonSeconds);
}

/** The minimal graphql-ws fan-out server, fed by Redis pub/sub on `channel`. */
export async function startWsFanoutBaseline(ctx: BenchContext, channel: string): Promise<{ url: string; child: Child }> {
  const child = spawnTs('ws-baseline', join(here, 'graphql-ws-fanout-server.ts'), [String(await freePort()), ctx.redis.url, channel]);
  const match = await child.waitForLine(/^BENCH_READY (\S+)/, 30_000);
  return { url: match[1] as string, child };
}
