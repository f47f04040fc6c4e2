/**
 * Redis loses everything (FLUSHALL, or a restart without persistence) while orders are open: the
 * database still holds them, and a worker's start-up sweep gives every one of them a job again in
 * pipelined pages, so each still ends exactly once. An order keeps the attempts it already used:
 * losing its job never grants it fresh retries.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis } from '../helpers/redis.js';
import { testEnv, waitTerminal, type TestEnv, ordersFor } from '../helpers/runtime.js';

const ORDERS = 1_500;
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let env: TestEnv;

beforeAll(async () => {
  redis = await startPrivateRedis();
  env = testEnv('redis-loss', { redisUrl: redis.url, maxAttempts: 3 });
});
afterAll(async () => {
  await env?.cleanup();
  await redis?.stop();
});

describe('after Redis lost its data', () => {
  it('every open order is enqueued again and ends once; used attempts stay used', async () => {
    const api = await env.start({ roles: { worker: false } });
    const ids: string[] = [];
    for (let i = 0; i < ORDERS; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: 100 }, (_, k) => i + k).map((n) =>
          ordersFor(api).submitMarketOrder({ tokenIn: n % 2 ? 'SOL' : 'USDC', tokenOut: n % 2 ? 'USDC' : 'SOL', amountIn: n % 2 ? '0.01' : '1', slippageBps: 500, clientOrderId: `lost-${n}` }),
        ),
      );
      ids.push(...batch.map((o) => o.id));
    }
    // One order had already used two of its three attempts when its job vanished.
    const tired = await ordersFor(api).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'tired' });
    await api.storage.orders.transition(tired.id, Date.now(), () => ({ status: 'ROUTING', detail: 'attempt 2', attempts: 2 }));

    const raw = new Redis(redis.url);
    await raw.flushall();
    expect(await raw.dbsize()).toBe(0);
    raw.disconnect();

    // A worker starts (its start-up sweep looks at every open order); the tired order keeps failing.
    const worker = await env.start({
      roles: { api: false, worker: true },
      chain: { failurePlan: ({ order }) => (order.clientOrderId === 'tired' ? 'TX_DROPPED' : undefined) },
    });
    // One count per poll, not one read per order.
    const open = async () =>
      Number((await worker.storage.kysely.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).where('status', 'not in', ['CONFIRMED', 'FAILED']).executeTakeFirstOrThrow()).n);
    await expect.poll(open, { timeout: 120_000, interval: 100 }).toBe(0);
    const confirmed = await worker.storage.kysely.selectFrom('orders').select('id').where('status', '=', 'CONFIRMED').where('client_order_id', 'like', 'lost-%').execute();
    expect(confirmed).toHaveLength(ORDERS);
    for (const id of ids.slice(0, 50)) expect((await worker.storage.orders.eventsBetween(id, 0)).map((u) => u.seq)).toEqual([1, 2, 3, 4, 5]);
    const end = await waitTerminal(worker, tired.id, 30_000);
    expect(end).toMatchObject({ status: 'FAILED', failureCode: 'NETWORK_ERROR', attempts: 3 });
  }, 240_000);
});
