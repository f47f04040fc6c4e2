/**
 * The socket cap's slots across processes, at the level of the quota itself: a process that dies
 * without giving its slots back (no close, no release, its renewals stopped) frees them within the
 * TTL, with nobody cleaning up; a live process's renewals keep its slots past the TTL. Each "process"
 * is a quota on its own Redis connection; the crash is that connection cut and its timer left dead.
 */
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/metrics.js';
import { createSocketQuota, type SocketQuota } from '../../src/services/socket-quota.js';
import { deleteKeysByPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('socket-quota');
// Long enough that a renewal (every TTL / 3) delayed by a busy machine still lands in time.
const TTL = 1_200;
const connections: Redis[] = [];
const quotas: SocketQuota[] = [];

async function process_(): Promise<{ redis: Redis; quota: SocketQuota }> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  await new Promise((r) => redis.once('ready', r));
  connections.push(redis);
  const quota = createSocketQuota({ redis, keyPrefix: prefix, maxPerKey: 2, ttlMs: TTL, logger: pino({ level: 'silent' }), metrics: createMetrics({ role: 'api', engine: 'sqlite', processMetrics: false }) });
  quotas.push(quota);
  return { redis, quota };
}

afterAll(async () => {
  await Promise.all(quotas.map((q) => q.close().catch(() => undefined)));
  for (const c of connections) c.disconnect();
  await deleteKeysByPrefix(prefix);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('socket slots across processes', () => {
  it("a crashed process's slots lapse within the TTL; the survivor's stay while it renews", async () => {
    const crashed = await process_();
    const survivor = await process_();
    expect(await crashed.quota.acquire('key-1')).toBeTypeOf('function');
    expect(await survivor.quota.acquire('key-1')).toBeTypeOf('function');
    expect(await survivor.quota.acquire('key-1')).toBeUndefined();

    // The crash: its connection is gone, so it neither releases nor renews.
    crashed.redis.disconnect();
    const cut = performance.now();
    let slot: (() => void) | undefined;
    while (!slot && performance.now() - cut < 10 * TTL) {
      await sleep(50);
      slot = await survivor.quota.acquire('key-1');
    }
    expect(slot).toBeTypeOf('function');

    // Well past the TTL, the survivor's two slots still hold (renewed), so a third is refused.
    await sleep(2.5 * TTL);
    expect(await survivor.quota.acquire('key-1')).toBeUndefined();
    expect(await survivor.redis.zcard(`${prefix}:ws:key-1`)).toBe(2);
  });
});
