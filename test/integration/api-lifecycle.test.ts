/**
 * One order's lifecycle as graphql-ws clients see it. Latencies here are small but non-zero (~50 ms
 * per chain step) so a subscriber can really join an order in flight; every other API test runs at 0.
 */
import bs58 from 'bs58';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderUpdatesDocument } from '../../src/client/graphql.js';
import { liveAllOrders, orderInput, startTestApp, submit, uniqueId, type TestApp, type Update } from '../helpers/app.js';
import { subscribe } from '../helpers/gql.js';
import { waitTerminal } from '../helpers/runtime.js';

const LIFECYCLE = ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED'];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('api-lifecycle', {
    config: { latencyScale: 1, latencies: { quoteMs: 50, buildMs: 50, submitMs: 50, confirmMs: 100, jitterMs: 0 } },
    runtime: {
      // Orders whose clientOrderId starts with "drop-" never land: NETWORK_ERROR after the retries.
      chain: { failurePlan: ({ order }) => (order.clientOrderId.startsWith('drop-') ? 'TX_DROPPED' : undefined) },
    },
  });
});
afterAll(async () => {
  await t?.stop();
});

function orderStream(orderId: string) {
  return subscribe(t.ws, OrderUpdatesDocument, { orderId });
}

function expectGapFree(updates: readonly Update[]): void {
  for (let i = 1; i < updates.length; i++) expect(updates[i]!.seq).toBe(updates[i - 1]!.seq + 1);
  for (const u of updates) expect(u.order.seq).toBe(u.seq);
}

describe('orderUpdates over graphql-ws', () => {
  it('shows the whole lifecycle PENDING → CONFIRMED with strictly increasing seq, then completes', async () => {
    const { sub: all, mark } = await liveAllOrders(t);
    const submitted = await submit(t, orderInput({ amountIn: '2' }));
    expect(submitted.status).toBe('PENDING');
    expect(submitted.seq).toBe(1);
    const own = orderStream(submitted.id);
    await own.done; // completes on its own after CONFIRMED
    const ownUpdates = own.events.map((e) => e.orderUpdates);
    expectGapFree(ownUpdates);
    expect(ownUpdates.at(-1)?.status).toBe('CONFIRMED');

    await all.until((events) => events.slice(mark).some((e) => e.orderUpdates.orderId === submitted.id && e.orderUpdates.status === 'CONFIRMED'));
    const seen = all.events.slice(mark).map((e) => e.orderUpdates).filter((u) => u.orderId === submitted.id);
    expect(seen.map((u) => u.status)).toEqual(LIFECYCLE);
    expect(seen.map((u) => u.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < seen.length; i++) expect(Date.parse(seen[i]!.at)).toBeGreaterThanOrEqual(Date.parse(seen[i - 1]!.at));
    all.stop();

    const confirmed = seen.at(-1)!.order;
    expect(confirmed.terminal).toBe(true);
    expect(bs58.decode(confirmed.txHash ?? '')).toHaveLength(64);
    const out = Number(confirmed.executedAmountOut);
    expect(out).toBeGreaterThanOrEqual(Number(confirmed.minAmountOut));
    expect(Number(confirmed.executedPrice)).toBeCloseTo(out / 2, 6);
    expect(confirmed.executedLegs?.length).toBeGreaterThan(0);
    expect(confirmed.executedLegs?.every((l) => ['RAYDIUM', 'METEORA'].includes(l.venue))).toBe(true);
    expect(confirmed.fees?.length).toBeGreaterThan(0);
    expect(typeof confirmed.executedSlippageBps).toBe('number');
    expect(confirmed.attempts).toBe(1);
    expect(confirmed.failureCode).toBeNull();
    expect(Date.parse(confirmed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(confirmed.createdAt));
  });

  it('a subscriber joining mid-flight gets the current snapshot first, then the rest with no gap', async () => {
    const { sub: all, mark } = await liveAllOrders(t);
    const { id } = await submit(t, orderInput());
    await all.until((events) => events.slice(mark).some((e) => e.orderUpdates.orderId === id && e.orderUpdates.status === 'BUILDING'));
    all.stop();

    const late = orderStream(id);
    await late.done;
    const updates = late.events.map((e) => e.orderUpdates);
    expect(updates[0]!.seq).toBeGreaterThanOrEqual(3); // BUILDING or later: it really joined late
    expectGapFree(updates);
    expect(updates.map((u) => u.status)).toEqual(LIFECYCLE.slice(updates[0]!.seq - 1));
  });

  it('a subscriber joining after the end gets the final snapshot and completes', async () => {
    const { id } = await submit(t, orderInput());
    await waitTerminal(t.runtime, id);
    const late = orderStream(id);
    await late.done;
    expect(late.events.map((e) => [e.orderUpdates.seq, e.orderUpdates.status])).toEqual([[5, 'CONFIRMED']]);
  });

  it('a FAILED order carries its failure code, message and attempts', async () => {
    const { id } = await submit(t, orderInput({ clientOrderId: uniqueId('drop') }));
    const stream = orderStream(id);
    await stream.done;
    const updates = stream.events.map((e) => e.orderUpdates);
    expectGapFree(updates);
    const failed = updates.at(-1)!.order;
    expect(failed.status).toBe('FAILED');
    expect(failed.failureCode).toBe('NETWORK_ERROR');
    expect(failed.failureMessage).toBeTruthy();
    expect(failed.attempts).toBe(3);
    expect(failed.txHash).toBeNull();
    expect(failed.executedAmountOut).toBeNull();
  });
});
