/**
 * Redis loses everything while the workers keep running (no restart, so no start-up sweep): the
 * reconciler's job scheduler was in Redis too, and a worker notices it gone within one interval,
 * puts it back and sweeps every open order at once. Every order ends exactly once, and an order keeps
 * the attempts it already used. The grace period is an hour here, so only that path can recover them.
 */
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../helpers/redis.js';
import { ordersFor, recordPublished, testEnv, waitTerminal, type TestEnv } from '../helpers/runtime.js';

const ORDERS = 1_000;
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let env: TestEnv;

beforeAll(async () => {
  redis = await startPrivateRedis();
  env = testEnv('redis-loss-running', { redisUrl: redis.url, maxAttempts: 3, reconcileIntervalMs: 100, reconcileGraceMs: 3_600_000 });
});
afterAll(async () => {
  await env?.cleanup();
  await redis?.stop();
});

describe('Redis lost its data while workers run', () => {
  it('a running worker re-schedules the reconciler and every open order ends exactly once', async () => {
    const worker = await env.start({
      roles: { api: false, worker: true },
      chain: { failurePlan: ({ order }) => (order.clientOrderId === 'tired' ? 'TX_DROPPED' : undefined) },
    });
    const published = await recordPublished(worker);
    // Orders persisted with their jobs on a queue no worker serves: open, each with a job, until the loss.
    const api = await env.start({ roles: { worker: false }, queueName: 'unserved' });
    for (let i = 0; i < ORDERS; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, k) => i + k).map((n) =>
          ordersFor(api).submitMarketOrder({ tokenIn: n % 2 ? 'SOL' : 'USDC', tokenOut: n % 2 ? 'USDC' : 'SOL', amountIn: n % 2 ? '0.01' : '1', slippageBps: 500, clientOrderId: `lost-${n}` }),
        ),
      );
    }
    const tired = await ordersFor(api).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'tired' });
    await api.storage.orders.transition(tired.id, Date.now(), () => ({ status: 'ROUTING', detail: 'attempt 2', attempts: 2 }));
    const db = worker.storage.kysely;
    const open = async () => Number((await db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).where('status', 'not in', ['CONFIRMED', 'FAILED']).executeTakeFirstOrThrow()).n);
    expect(await open()).toBe(ORDERS + 1);

    const raw = new Redis(redis.url);
    await raw.flushall();
    raw.disconnect();

    await expect.poll(open, { timeout: 120_000, interval: 100 }).toBe(0);
    const confirmed = await db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'CONFIRMED').where('client_order_id', 'like', 'lost-%').executeTakeFirstOrThrow();
    expect(Number(confirmed.n)).toBe(ORDERS);
    // Exactly once: one terminal event per order persisted, and one published.
    const twice = await db
      .selectFrom('order_events')
      .select('order_id')
      .where('status', 'in', ['CONFIRMED', 'FAILED'])
      .groupBy('order_id')
      .having(sql`count(*)`, '>', 1)
      .execute();
    expect(twice).toEqual([]);
    const end = await waitTerminal(worker, tired.id, 30_000);
    expect(end).toMatchObject({ status: 'FAILED', failureCode: 'NETWORK_ERROR', attempts: 3 });
    await expect.poll(() => published.updates.filter((u) => u.status === 'CONFIRMED' || u.status === 'FAILED').length, { timeout: 10_000 }).toBe(ORDERS + 1);
    const terminalIds = published.updates.filter((u) => u.status === 'CONFIRMED' || u.status === 'FAILED').map((u) => u.orderId);
    expect(new Set(terminalIds).size).toBe(ORDERS + 1);
    published.stop();
  }, 240_000);
});
