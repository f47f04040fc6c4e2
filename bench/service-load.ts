/**
 * In-process load through the OrderService: N orders submitted (64 in flight), executed by the
 * worker in the same process with latencies 0, timed until every order is terminal. One run per
 * worker concurrency. Real Redis (REDIS_URL or 127.0.0.1:6379) under a throwaway prefix, SQLite in
 * a temp dir.
 *
 *   npx tsx bench/service-load.ts [orders=2000] [concurrencies=10,50] [failureRate=0]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config.js';
import { isTerminal } from '../src/domain/order.js';
import { createRuntime } from '../src/runtime.js';
import { deleteKeysByPrefix } from '../test/helpers/redis.js';
import { ordersFor } from '../test/helpers/runtime.js';

const total = Number(process.argv[2] ?? 2000);
const concurrencies = (process.argv[3] ?? '10,50').split(',').map(Number);
const failureRate = Number(process.argv[4] ?? 0);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const IN_FLIGHT = 64;

async function run(concurrency: number) {
  const dir = mkdtempSync(join(tmpdir(), 'oee-bench-'));
  const prefix = `bench-${process.pid}-${concurrency}`;
  const config = defaultConfig({
    redisUrl,
    keyPrefix: prefix,
    databasePath: join(dir, 'orders.sqlite'),
    workerConcurrency: concurrency,
    latencyScale: 0,
    motionIntervalMs: 0,
    transientFailureRate: failureRate,
    backoffMs: 0,
    logLevel: 'silent',
  });
  const rt = await createRuntime(config);
  const statuses = new Map<string, string>();
  let settled = 0;
  let resolveAll = () => {};
  const allDone = new Promise<void>((r) => (resolveAll = r));
  const stop = await rt.events.subscribe(rt.events.topics.orders, (u) => {
    if (isTerminal(u.status) && !statuses.has(u.orderId)) {
      statuses.set(u.orderId, u.status);
      if (++settled === total) resolveAll();
    }
  });

  const t0 = performance.now();
  let next = 0;
  const submitter = async () => {
    while (next < total) {
      const i = next++;
      const buy = i % 2 === 0;
      await ordersFor(rt).submitMarketOrder({
        tokenIn: buy ? 'USDC' : 'SOL',
        tokenOut: buy ? 'SOL' : 'USDC',
        amountIn: buy ? '150' : '1',
        slippageBps: 100,
        clientOrderId: `bench-${i}`,
      });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, submitter));
  const tSubmitted = performance.now();
  await allDone;
  const tDone = performance.now();
  stop();

  const confirmed = [...statuses.values()].filter((s) => s === 'CONFIRMED').length;
  const events = Number(
    (await rt.storage.kysely.selectFrom('order_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
  );
  await rt.close();
  await deleteKeysByPrefix(prefix, redisUrl);
  rmSync(dir, { recursive: true, force: true });
  return {
    concurrency,
    orders: total,
    confirmed,
    failed: total - confirmed,
    events,
    submitPerSec: Math.round(total / ((tSubmitted - t0) / 1000)),
    endToEndPerSec: Math.round(total / ((tDone - t0) / 1000)),
    seconds: +((tDone - t0) / 1000).toFixed(2),
  };
}

for (const c of concurrencies) console.log(JSON.stringify(await run(c)));
