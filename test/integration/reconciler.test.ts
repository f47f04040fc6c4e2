/**
 * The reconciler: accepted orders the normal path lost still reach exactly one terminal state.
 * An enqueue that failed after the order was persisted, a job BullMQ failed without the processor
 * recording the order's end, a job that completed with its order still open. Orders whose job is
 * in hand are left alone.
 */
import { UnrecoverableError, Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { ORDER_QUEUE, workerConnection } from '../../src/jobs/queue.js';
import { reconcileOnce, type ReconcilerDeps } from '../../src/jobs/reconciler.js';
import { createLogger } from '../../src/logger.js';
import type { Runtime } from '../../src/runtime.js';
import { persistedEvents, recordPublished, testEnv, waitTerminal, ordersFor } from '../helpers/runtime.js';

const env = testEnv('reconcile', { reconcileIntervalMs: 50, reconcileGraceMs: 200 });
afterAll(() => env.cleanup());

/** One sweep as if `graceMs` had passed since every write (the runtimes' clocks are wall clocks). */
function sweep(rt: Runtime) {
  const deps: ReconcilerDeps = {
    orders: rt.storage.orders,
    queue: rt.queue,
    events: rt.events,
    clock: () => Date.now() + 1_000,
    logger: createLogger('silent'),
    graceMs: 200,
  };
  return reconcileOnce(deps);
}

/** Runs the order's job through a stand-in worker (not ours), which ends the job as `end` says. */
async function endJobWithout(rt: Runtime, orderId: string, end: 'fail' | 'complete'): Promise<void> {
  const done = new Promise<void>((resolve) => {
    const w = new Worker(
      ORDER_QUEUE,
      async () => {
        if (end === 'fail') throw new UnrecoverableError('job stalled more than allowable limit');
        return 'skipped';
      },
      { connection: workerConnection(env.config), prefix: env.config.keyPrefix },
    );
    w.on(end === 'fail' ? 'failed' : 'completed', () => void w.close().then(resolve));
  });
  await done;
  expect(await rt.queue.getJobState(orderId)).toBe(end === 'fail' ? 'failed' : 'completed');
}

describe('reconciler', () => {
  it('leaves orders whose job is waiting alone', async () => {
    const api = await env.start({ roles: { worker: false }, clock: Date.now });
    const order = await ordersFor(api).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'rc-waiting' });
    expect(await api.queue.getJobState(order.id)).toBe('waiting');
    expect(await sweep(api)).toEqual({ checked: 1, enqueued: 0, failed: 0 });
    expect((await ordersFor(api).getOrder(order.id))?.status).toBe('PENDING');
    await api.queue.obliterate({ force: true });
    await api.close();
  });

  it('an enqueue that failed after the insert: the client gets its order, a worker runs it', async () => {
    const worker = await env.start({ roles: { api: false, worker: true }, clock: Date.now });
    const api = await env.start({ roles: { worker: false }, clock: Date.now });
    const add = api.queue.add.bind(api.queue);
    api.queue.add = () => Promise.reject(new Error('Connection is closed.'));
    const order = await ordersFor(api).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', clientOrderId: 'rc-enqueue' });
    api.queue.add = add;
    expect(order.status).toBe('PENDING');
    expect(await api.queue.getJobState(order.id)).toBe('unknown');
    // The worker's own reconciler (every 50 ms, 200 ms grace) finds it.
    const done = await waitTerminal(worker, order.id);
    expect(done.status).toBe('CONFIRMED');
    expect((await persistedEvents(worker, order.id)).map((e) => e.status)).toEqual(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED']);
    await Promise.all([worker.close(), api.close()]);
  });

  it('a job failed without a terminal state (e.g. stalled twice): the order is recorded FAILED once, and published', async () => {
    const api = await env.start({ roles: { worker: false }, clock: Date.now });
    const order = await ordersFor(api).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '3', clientOrderId: 'rc-failed' });
    await endJobWithout(api, order.id, 'fail');
    const published = await recordPublished(api);
    expect(await sweep(api)).toMatchObject({ failed: 1 });
    const failed = await ordersFor(api).getOrder(order.id);
    expect(failed).toMatchObject({ status: 'FAILED', failureCode: 'INTERNAL_ERROR' });
    expect(failed?.failureMessage).toBe('execution abandoned: the workers running it stopped twice before it finished');
    // A second sweep (or another worker's) changes nothing.
    expect(await sweep(api)).toEqual({ checked: 0, enqueued: 0, failed: 0 });
    expect((await persistedEvents(api, order.id)).map((e) => e.status)).toEqual(['PENDING', 'FAILED']);
    for (let i = 0; i < 100 && published.updates.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    published.stop();
    expect(published.updates.map((u) => [u.orderId, u.seq, u.status])).toEqual([[order.id, 2, 'FAILED']]);
    await api.queue.obliterate({ force: true });
    await api.close();
  });

  it('a job completed with its order still open: enqueued again and executed', async () => {
    const api = await env.start({ roles: { worker: false }, clock: Date.now });
    const order = await ordersFor(api).submitMarketOrder({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '50', clientOrderId: 'rc-completed' });
    await endJobWithout(api, order.id, 'complete');
    expect(await sweep(api)).toMatchObject({ enqueued: 1, failed: 0 });
    expect(await api.queue.getJobState(order.id)).toBe('waiting');
    const worker = await env.start({ roles: { api: false, worker: true }, clock: Date.now });
    expect((await waitTerminal(worker, order.id)).status).toBe('CONFIRMED');
    await Promise.all([worker.close(), api.close()]);
  });

  it('after a Redis loss, re-reads a page of lost orders together rather than one round trip each', async () => {
    const api = await env.start({ roles: { worker: false }, clock: Date.now });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await ordersFor(api).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: `rc-lost-${i}` })).id);
    await api.queue.obliterate({ force: true }); // every job gone, as after a FLUSHALL
    // Counts the re-reads in flight at once: the engines batch concurrent reads into one query.
    let inFlight = 0;
    let most = 0;
    const orders = new Proxy(api.storage.orders, {
      get(target, prop, receiver) {
        if (prop !== 'current') return Reflect.get(target, prop, receiver) as unknown;
        return async (...args: Parameters<typeof target.current>) => {
          most = Math.max(most, ++inFlight);
          try {
            return await target.current(...args);
          } finally {
            inFlight--;
          }
        };
      },
    });
    const report = await reconcileOnce({ orders, queue: api.queue, events: api.events, clock: () => Date.now() + 1_000, logger: createLogger('silent'), graceMs: 200 });
    expect(report).toMatchObject({ checked: 30, enqueued: 30, failed: 0 });
    expect(most).toBe(30);
    for (const id of ids) expect(await api.queue.getJobState(id)).toBe('waiting');
    await api.queue.obliterate({ force: true });
    await api.close();
  });

  it('leaves resting (OPEN) orders alone: they wait for their trigger, not for a job', async () => {
    const api = await env.start({ roles: { worker: false }, clock: Date.now });
    const order = await ordersFor(api).submitLimitOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', limitPrice: '1000000', clientOrderId: 'rc-resting' });
    const before = await sweep(api);
    const everything = await reconcileOnce({ orders: api.storage.orders, queue: api.queue, events: api.events, clock: () => Date.now() + 1_000, logger: createLogger('silent'), graceMs: 200, everything: true });
    // Whatever earlier tests left, the resting order is not among what the sweeps looked at.
    expect(everything.checked).toBe(before.checked);
    expect(await api.queue.getJobState(order.id)).toBe('unknown');
    expect((await ordersFor(api).getOrder(order.id))?.status).toBe('OPEN');
    await ordersFor(api).cancelOrder(order.id);
    await api.close();
  });
});
