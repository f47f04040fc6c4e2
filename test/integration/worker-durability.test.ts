/**
 * At-most-once fills and durability: a job delivered twice (one after the other, or both at once)
 * fills once; a restart keeps orders and the pools a fill moved; an order persisted but never
 * enqueued (crash in between) is picked up when a worker starts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { persistedEvents, recordPublished, testEnv, waitTerminal, ordersFor } from '../helpers/runtime.js';

const env = testEnv('durable');
afterAll(() => env.cleanup());

const version = async (rt: Runtime) => (await rt.market.current()).version;

describe('a job delivered twice fills once', () => {
  it('sequentially: the second run sees CONFIRMED and changes nothing but publishing it again', async () => {
    const rt = await env.start({ roles: { worker: false } });
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '3', clientOrderId: 'twice-seq' });
    const v0 = (await version(rt));
    const published = await recordPublished(rt);
    const confirmations = () => published.updates.filter((u) => u.status === 'CONFIRMED').map((u) => u.seq);
    expect(await rt.processOrder(order.id, 1)).toBe('CONFIRMED');
    await expect.poll(confirmations).toEqual([5]);
    const poolsAfterFirst = await rt.service.pools();
    // The redelivery republishes the terminal update (its first publish may be what got lost);
    // subscribers drop the copy by seq.
    expect(await rt.processOrder(order.id, 1)).toBe('CONFIRMED');
    await expect.poll(confirmations).toEqual([5, 5]);
    published.stop();
    expect((await version(rt))).toBe(v0 + 1);
    expect(await rt.service.pools()).toEqual(poolsAfterFirst);
    const events = await persistedEvents(rt, order.id);
    expect(events.map((e) => e.status)).toEqual(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED']);
    // Enqueueing the same order again adds no second job either.
    await rt.queue.add('execute', { orderId: order.id }, { jobId: order.id });
    expect(await rt.queue.getJobCountByTypes('waiting', 'active', 'delayed', 'completed', 'failed')).toBe(1);
    await rt.queue.obliterate({ force: true });
  });

  it('concurrently: two runs race, one fill, one event per status, seqs contiguous', async () => {
    const rt = await env.start({ roles: { worker: false } });
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '400', clientOrderId: 'twice-par' });
    const v0 = (await version(rt));
    const outcomes = await Promise.all([rt.processOrder(order.id, 1), rt.processOrder(order.id, 1)]);
    expect(outcomes).toEqual(['CONFIRMED', 'CONFIRMED']);
    expect((await version(rt))).toBe(v0 + 1);
    const events = await persistedEvents(rt, order.id);
    expect(events.map((e) => e.status)).toEqual(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    await rt.queue.obliterate({ force: true });
  });

  it('across two processes\' worth of runtimes on one database: still one fill', async () => {
    const a = await env.start({ roles: { worker: false } });
    const b = await env.start({ roles: { worker: false } });
    const order = await ordersFor(a).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDT', amountIn: '1', clientOrderId: 'twice-rt' });
    const v0 = (await version(a));
    await Promise.all([a.processOrder(order.id, 1), b.processOrder(order.id, 1)]);
    expect((await version(b))).toBe(v0 + 1);
    expect((await persistedEvents(a, order.id)).filter((e) => e.status === 'CONFIRMED')).toHaveLength(1);
    await a.queue.obliterate({ force: true });
  });
});

describe('restart', () => {
  it('keeps orders, their events and the pools a fill moved', async () => {
    const first = await env.start();
    const fresh = await first.service.pools();
    const order = await ordersFor(first).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '25', clientOrderId: 'restart-1' });
    const confirmed = await waitTerminal(first, order.id);
    expect(confirmed.status).toBe('CONFIRMED');
    const moved = await first.service.pools();
    expect(moved).not.toEqual(fresh);
    const v = (await version(first));
    await first.close();

    const second = await env.start();
    expect(await ordersFor(second).getOrder(order.id)).toEqual(confirmed);
    expect(await second.service.pools()).toEqual(moved);
    expect((await version(second))).toBe(v);
    expect((await persistedEvents(second, order.id)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    await second.close();
  });

  it('an order persisted but never enqueued (crash in between) runs when a worker starts', async () => {
    const api = await env.start({ roles: { worker: false } });
    const order = await ordersFor(api).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'lost-job' });
    // Simulate the crash: the job never reached Redis.
    await api.queue.obliterate({ force: true });
    expect(await api.queue.getJob(order.id)).toBeUndefined();
    const worker = await env.start({ roles: { api: false, worker: true } });
    expect((await waitTerminal(worker, order.id)).status).toBe('CONFIRMED');
  });
});
