/**
 * Periodic work on BullMQ job schedulers: however many processes run a task, one run of it at a
 * time across all of them; the market moves on its schedule in a worker runtime; a task whose
 * interval is 0 stops everywhere.
 */
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { startPeriodic, type PeriodicRunner } from '../../src/jobs/periodic.js';
import { createLogger } from '../../src/logger.js';
import { testEnv } from '../helpers/runtime.js';

const env = testEnv('periodic');
afterAll(() => env.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('periodic tasks', () => {
  it('run one at a time across processes, each run taken by whichever process is free', async () => {
    let running = 0;
    let overlap = 0;
    const runsBy = [0, 0];
    const task = (who: number) => ({
      name: 'tick',
      everyMs: 40,
      async run() {
        running++;
        overlap = Math.max(overlap, running);
        runsBy[who]!++;
        await sleep(25); // longer than half the interval: two processes would overlap if allowed
        running--;
      },
    });
    const runners: PeriodicRunner[] = [];
    try {
      // Two "processes": two runners with their own connections on one prefix.
      runners.push(await startPeriodic(env.config, [task(0)], createLogger('silent')));
      runners.push(await startPeriodic(env.config, [task(1)], createLogger('silent')));
      for (let i = 0; i < 10; i++) await runners[i % 2]!.runNow('tick');
      for (let i = 0; i < 200 && runsBy[0]! + runsBy[1]! < 20; i++) await sleep(25);
    } finally {
      await Promise.all(runners.map((r) => r.close()));
    }
    expect(runsBy[0]! + runsBy[1]!).toBeGreaterThanOrEqual(20);
    expect(overlap).toBe(1);
  });

  it('moves the market on its schedule in a worker runtime, and stops when its interval is 0', async () => {
    const moving = testEnv('periodic-motion', { motionIntervalMs: 50 });
    try {
      const worker = await moving.start({ roles: { api: false, worker: true } });
      const start = (await worker.market.current()).version;
      for (let i = 0; i < 200 && (await worker.market.current()).version < start + 3; i++) await sleep(25);
      expect((await worker.market.current()).version).toBeGreaterThanOrEqual(start + 3);
      await worker.close();

      const queue = new Queue('motion', { connection: { url: moving.config.redisUrl }, prefix: moving.prefix });
      try {
        expect((await queue.getJobSchedulers()).map((s) => [s.key, s.every])).toEqual([['motion', 50]]);
        // A process configured with interval 0 removes the scheduler: nothing moves the market any more.
        const runner = await startPeriodic({ ...moving.config, motionIntervalMs: 0 }, [{ name: 'motion', everyMs: 0, run: async () => undefined }], createLogger('silent'));
        await runner.close();
        expect(await queue.getJobSchedulers()).toEqual([]);
      } finally {
        await queue.close();
      }
    } finally {
      await moving.cleanup();
    }
  });
});
