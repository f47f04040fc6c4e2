/**
 * One reconciler sweep over N open orders whose jobs Redis lost (the work a worker does right
 * after a FLUSHALL): the time of `reconcileOnce` on each engine, in process, against the local
 * Redis (REDIS_URL or 127.0.0.1:6379) under a throwaway prefix. The sweep pages through the open
 * orders, asks Redis about a page's jobs in one pipeline and re-enqueues them with one addBulk.
 *
 *   npx tsx bench/reconcile-sweep.ts [orders=2000] [engines=sqlite,postgres]
 */
import { createLogger } from '../src/logger.js';
import { reconcileOnce } from '../src/jobs/reconciler.js';
import { deleteKeysByPrefix } from '../test/helpers/redis.js';
import { ordersFor, testEnv } from '../test/helpers/runtime.js';

const total = Number(process.argv[2] ?? 2000);
const engines = (process.argv[3] ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

for (const engine of engines) {
  const env = testEnv(`sweep-${engine}`, { redisUrl, reconcileIntervalMs: 0 }, engine);
  try {
    // An API-only runtime: orders are persisted and enqueued, nothing runs them.
    const rt = await env.start({ roles: { worker: false } });
    for (let i = 0; i < total; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, total - i) }, (_, k) =>
          ordersFor(rt).submitMarketOrder({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '1', slippageBps: 500, clientOrderId: `s-${i + k}` }),
        ),
      );
    }
    await deleteKeysByPrefix(env.prefix, redisUrl); // Redis lost every job
    const deps = { orders: rt.storage.orders, queue: rt.queue, events: rt.events, clock: Date.now, logger: createLogger('silent'), graceMs: 0, everything: true, maxAttempts: 3 };
    const t0 = performance.now();
    const report = await reconcileOnce(deps);
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ engine, orders: total, ...report, sweepMs: Math.round(ms), ordersPerSec: Math.round((report.enqueued * 1000) / ms) }));
  } finally {
    await env.cleanup();
  }
}
