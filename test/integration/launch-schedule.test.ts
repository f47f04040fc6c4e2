/**
 * The market spec's scheduled launches in worker runtimes (real BullMQ job schedulers on real
 * Redis, the file's engine), on an injected clock: the default market's KITE launches on both
 * venues exactly once when its minute is up, with two workers checking, in one announced market
 * write; the schedule counts from the market's first start, stored, so a worker started later or a
 * restart neither moves it nor launches again.
 */
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { marketStartedAt } from '../../src/db/market-start.js';
import { DEFAULT_MARKET_SPEC } from '../../src/domain/market/market.js';
import type { MarketChanged } from '../../src/events/market-events.js';
import { LAUNCH_TASK } from '../../src/jobs/launches.js';
import type { Runtime } from '../../src/runtime.js';
import { createLogger } from '../../src/logger.js';
import { createLaunchScheduler } from '../../src/services/launches.js';
import { testEnv } from '../helpers/runtime.js';

const env = testEnv('launch-schedule', { launchCheckIntervalMs: 20 });
afterAll(() => env.cleanup());

const T0 = Date.UTC(2026, 0, 1);
let now = T0;
const clock = () => now;
const KITE_POOLS = ['raydium-cpmm-kite-usdc', 'meteora-dlmm-kite-usdc'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once a launch check that started after this call has finished (so it saw the clock as set now). */
async function checkedAfterNow(): Promise<void> {
  const queue = new Queue(LAUNCH_TASK, { connection: { url: env.config.redisUrl }, prefix: env.prefix });
  try {
    const mark = Date.now();
    for (let i = 0; i < 500; i++) {
      const done = await queue.getCompleted(0, 20);
      if (done.some((j) => (j.processedOn ?? 0) > mark)) return;
      await sleep(10);
    }
    throw new Error('no launch check ran');
  } finally {
    await queue.close();
  }
}

const kitePools = async (rt: Runtime): Promise<string[]> => [...(await rt.market.current()).market.pools.keys()].filter((id) => id.includes('kite'));

describe('scheduled launches', () => {
  it('the default market schedules KITE on both venues a minute in', () => {
    expect(DEFAULT_MARKET_SPEC.launches.map((l) => [l.afterMs, l.pool.venue, l.pool.baseToken.symbol])).toEqual([
      [60_000, 'RAYDIUM', 'KITE'],
      [60_000, 'METEORA', 'KITE'],
    ]);
  });

  it('launch exactly once across two workers when due, counted from the first start, and never again after a restart', async () => {
    const a = await env.start({ roles: { api: false, worker: true }, clock });
    const heard: MarketChanged[] = [];
    const stop = await a.marketEvents.subscribe((c) => heard.push(c));
    // A second worker joins 30 s later: the schedule still counts from the first start.
    now = T0 + 30_000;
    const b = await env.start({ roles: { api: false, worker: true }, clock });
    expect(await marketStartedAt(a.storage.kysely, now)).toBe(T0);
    const before = (await a.market.current()).version;

    now = T0 + 59_999;
    await checkedAfterNow();
    expect(await kitePools(a)).toEqual([]);
    expect((await a.market.current()).version).toBe(before);

    now = T0 + 60_000;
    for (let i = 0; i < 500 && (await kitePools(a)).length < 2; i++) await sleep(10);
    expect((await kitePools(a)).sort()).toEqual([...KITE_POOLS].sort());
    await checkedAfterNow();
    await checkedAfterNow();
    // One market write, one version, one announcement for both pools; nothing after it.
    const launched = await a.market.current();
    expect(launched.version).toBe(before + 1);
    for (let i = 0; i < 200 && heard.length === 0; i++) await sleep(10);
    expect(heard).toEqual([{ version: before + 1, poolIds: KITE_POOLS }]);
    expect(launched.market.tokens?.get(DEFAULT_MARKET_SPEC.launches[0]!.pool.baseToken.mint)?.symbol).toBe('KITE');
    stop();
    await Promise.all([a.close(), b.close()]);

    // A restart a minute later: the schedule is done, nothing is launched or written again.
    now = T0 + 120_000;
    const c = await env.start({ roles: { api: false, worker: true }, clock });
    await checkedAfterNow();
    await checkedAfterNow();
    const after = await c.market.current();
    expect(after.version).toBe(launched.version);
    expect(KITE_POOLS.map((id) => after.poolUpdatedAt.get(id))).toEqual(KITE_POOLS.map((id) => launched.poolUpdatedAt.get(id)));
    expect(await marketStartedAt(c.storage.kysely, now)).toBe(T0);
    await c.close();
  });

  it('two processes running the schedule at the same moment launch each pool once (checked inside the market write)', async () => {
    const race = testEnv('launch-race');
    try {
      const runtimes = [await race.start({ roles: { api: false, worker: false }, clock }), await race.start({ roles: { api: false, worker: false }, clock })];
      const startedAt = await marketStartedAt(runtimes[0]!.storage.kysely, now);
      const before = (await runtimes[0]!.market.current()).version;
      now = startedAt + 60_000;
      const schedulers = runtimes.flatMap((rt) =>
        [0, 1, 2].map(() => createLaunchScheduler({ market: rt.market, marketEvents: rt.marketEvents, clock, logger: createLogger('silent'), schedule: DEFAULT_MARKET_SPEC.launches, startedAt })),
      );
      const launched = (await Promise.all(schedulers.map((s) => s.runDue()))).flat();
      expect(launched.sort()).toEqual([...KITE_POOLS].sort());
      expect((await runtimes[1]!.market.current()).version).toBe(before + 1);
      expect((await Promise.all(schedulers.map((s) => s.runDue()))).flat()).toEqual([]);
    } finally {
      await race.cleanup();
    }
  });
});
