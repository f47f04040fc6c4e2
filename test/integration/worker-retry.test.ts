/**
 * Failures: a transient one retried to success, transient ones exhausting the attempts
 * (FAILED NETWORK_ERROR), an engine error exhausting them (FAILED INTERNAL_ERROR) within the job's
 * own attempts, and a slippage failure that fails at once and leaves the pools alone.
 */
import { encodeJson } from '../../src/domain/codec.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmitOutcome } from '../../src/chain/simulated-chain.js';
import type { Runtime } from '../../src/runtime.js';
import { tradeOnMarket } from '../helpers/market.js';
import { persistedEvents, testEnv, waitTerminal, ordersFor } from '../helpers/runtime.js';

const env = testEnv('retry');
let rt: Runtime;

// Forced outcomes per clientOrderId and attempt; anything unlisted lands.
const plan: Record<string, (attempt: number) => SubmitOutcome> = {
  'retry-once': (a) => (a === 1 ? 'BLOCKHASH_EXPIRED' : 'LANDED'),
  'always-dropped': () => 'TX_DROPPED',
  'always-dropped-2': () => 'TX_DROPPED',
};

beforeAll(async () => {
  rt = await env.start({ chain: { failurePlan: ({ order, attempt }) => plan[order.clientOrderId]?.(attempt) } });
});
afterAll(() => env.cleanup());

describe('transient failures', () => {
  it('retries after a failed attempt and confirms, never moving a status backwards', async () => {
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', clientOrderId: 'retry-once' });
    const final = await waitTerminal(rt, order.id);
    expect(final.status).toBe('CONFIRMED');
    expect(final.attempts).toBe(2);
    const events = await persistedEvents(rt, order.id);
    expect(events.map((e) => e.status)).toEqual(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'SUBMITTED', 'SUBMITTED', 'CONFIRMED']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events[4]!.detail).toBe('attempt 1 failed: BLOCKHASH_EXPIRED; retrying in 5 ms');
    expect(events[5]!.detail).toMatch(/^attempt 2: re-routed via /);
  });

  it('gives up after 3 attempts: FAILED with NETWORK_ERROR, reason kept', async () => {
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', clientOrderId: 'always-dropped' });
    const final = await waitTerminal(rt, order.id);
    expect(final.status).toBe('FAILED');
    expect(final.failureCode).toBe('NETWORK_ERROR');
    expect(final.attempts).toBe(3);
    expect(final.failureMessage).toMatch(/after 3 attempts.*TX_DROPPED/);
    expect(final.fill).toBeUndefined();
    const events = await persistedEvents(rt, order.id);
    expect(events.map((e) => e.status)).toEqual([
      'PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED',
      'SUBMITTED', 'SUBMITTED', // attempt 1 failed; attempt 2 re-routed
      'SUBMITTED', 'SUBMITTED', // attempt 2 failed; attempt 3 re-routed
      'FAILED',
    ]);
    expect(events.map((e) => e.detail).filter((d) => d?.includes('failed:'))).toEqual([
      'attempt 1 failed: TX_DROPPED; retrying in 5 ms',
      'attempt 2 failed: TX_DROPPED; retrying in 10 ms',
    ]);
    // The order is FAILED (persisted) just before BullMQ records the job as failed.
    await expect.poll(async () => rt.queue.getJobState(order.id)).toBe('failed');
    expect((await rt.queue.getJob(order.id))?.attemptsMade).toBe(3);
  });
});

describe('unexpected errors and the job\'s own attempts', () => {
  it('an engine error on every attempt ends FAILED with INTERNAL_ERROR (not NETWORK_ERROR), after the attempts the job was given', async () => {
    // The API enqueues with 2 attempts; the worker's own setting (3) must not extend the job.
    const apiEnv = testEnv('retry-api', { maxAttempts: 2 });
    const api = await apiEnv.start({ roles: { worker: false } });
    const worker = await apiEnv.start({
      roles: { api: false, worker: true },
      chain: { wait: async () => {}, submit: () => { throw new Error('simulator bug'); }, signature: () => 'sig' },
    });
    try {
      expect(worker.config.maxAttempts).toBe(2);
      const order = await ordersFor(api).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', clientOrderId: 'engine-bug' });
      const final = await waitTerminal(api, order.id);
      expect(final).toMatchObject({ status: 'FAILED', failureCode: 'INTERNAL_ERROR', attempts: 2 });
      expect(final.failureMessage).toMatch(/after 2 attempts.*INTERNAL_ERROR: the engine failed/);
      // The thrown text is the engine's business (it is logged), never the client's.
      expect(final.failureMessage).not.toContain('simulator bug');
      expect(encodeJson(await worker.storage.orders.eventsBetween(order.id, 0))).not.toContain('simulator bug');
    } finally {
      await apiEnv.cleanup();
    }
  });

  it('uses the attempts BullMQ gave the job when they differ from this process\'s setting', async () => {
    await rt.worker!.worker.pause();
    try {
      const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', clientOrderId: 'always-dropped-2' });
      await rt.queue.remove(order.id);
      // A producer configured with 1 attempt.
      await rt.queue.add('execute', { orderId: order.id }, { jobId: order.id, attempts: 1 });
      rt.worker!.worker.resume();
      const final = await waitTerminal(rt, order.id);
      expect(final).toMatchObject({ status: 'FAILED', failureCode: 'NETWORK_ERROR', attempts: 1 });
    } finally {
      rt.worker!.worker.resume();
    }
  });
});

describe('slippage', () => {
  it('fails SLIPPAGE_EXCEEDED at once when the market moved past minAmountOut, leaving the pools untouched', async () => {
    // Accept the order while no worker runs, move the market under it, then let a worker take it.
    const api = await env.start({ roles: { worker: false } });
    await rt.worker!.worker.pause();
    try {
      const order = await ordersFor(api).submitMarketOrder({
        tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '10', slippageBps: 10, clientOrderId: 'slip-1',
      });
      // Another trader dumps SOL first: SOL→USDC now pays far less than the 10 bps tolerance.
      await tradeOnMarket(api, 'SOL', 'USDC', 3_000n * 10n ** 9n);
      const versionBefore = (await api.market.current()).version;
      const poolsBefore = await api.service.pools();

      rt.worker!.worker.resume();
      const final = await waitTerminal(api, order.id);
      expect(final.status).toBe('FAILED');
      expect(final.failureCode).toBe('SLIPPAGE_EXCEEDED');
      expect(final.attempts).toBe(1);
      expect((await api.market.current()).version).toBe(versionBefore);
      expect(await api.service.pools()).toEqual(poolsBefore);
      await expect.poll(async () => rt.queue.getJobState(order.id)).toBe('failed');
      expect((await rt.queue.getJob(order.id))?.attemptsMade).toBe(1); // UnrecoverableError: no retry
      const events = await persistedEvents(api, order.id);
      expect(events.map((e) => e.status)).toEqual(['PENDING', 'ROUTING', 'FAILED']);
    } finally {
      rt.worker!.worker.resume();
    }
  });

  it('fails SLIPPAGE_EXCEEDED in the fill transaction too, when the market moves after routing', async () => {
    const api = await env.start({ roles: { worker: false }, chain: {
      wait: async (step) => {
        // Between routing and the fill, someone else trades the same way.
        if (step === 'confirm') await tradeOnMarket(api, 'SOL', 'USDC', 3_000n * 10n ** 9n);
      },
      submit: () => 'LANDED',
      signature: () => 'sig',
    } });
    // The shared queue's worker stays paused: this test runs the attempt itself.
    await rt.worker!.worker.pause();
    try {
      const order = await ordersFor(api).submitMarketOrder({
        tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '10', slippageBps: 10, clientOrderId: 'slip-2',
      });
      const v0 = (await api.market.current()).version;
      await expect(api.processOrder(order.id, 1)).rejects.toThrow(/SLIPPAGE_EXCEEDED/);
      const final = await ordersFor(api).getOrder(order.id);
      expect(final?.status).toBe('FAILED');
      expect(final?.failureCode).toBe('SLIPPAGE_EXCEEDED');
      // Only the other trader's swap moved the market; the failed fill wrote nothing.
      expect((await api.market.current()).version).toBe(v0 + 1);
      const events = await persistedEvents(api, order.id);
      expect(events.map((e) => e.status)).toEqual(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'FAILED']);
    } finally {
      rt.worker!.worker.resume();
    }
  });
});
