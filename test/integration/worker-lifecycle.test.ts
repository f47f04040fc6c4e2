/**
 * One order's whole life at the service level, with a real worker: statuses in order, every
 * transition persisted and published once (same seqs, same order), and subscribers that join late.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chain, ChainStep } from '../../src/chain/simulated-chain.js';
import type { Runtime } from '../../src/runtime.js';
import type { OrderUpdate } from '../../src/domain/order-view.js';
import { collect, persistedEvents, recordPublished, testEnv, waitTerminal, ordersFor } from '../helpers/runtime.js';

const env = testEnv('lifecycle');
let rt: Runtime;

// A chain whose build step waits for the test to open the gate, to catch an order mid-flight.
let gate: Promise<void> = Promise.resolve();
let openGate = () => {};
const gatedChain = (inner: Chain): Chain => ({
  wait: (step: ChainStep) => (step === 'build' ? gate : inner.wait(step)),
  submit: (o, a) => inner.submit(o, a),
  signature: (order, attempt) => inner.signature(order, attempt),
});

beforeAll(async () => {
  const base = await env.start({ roles: { worker: false } });
  const chain = gatedChain(base.chain);
  await base.close();
  rt = await env.start({ chain });
});
afterAll(() => env.cleanup());

describe('order lifecycle', () => {
  it('goes PENDING → ROUTING → BUILDING → SUBMITTED → CONFIRMED, persisted = published, seq 1..n', async () => {
    const published = await recordPublished(rt);
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5', clientOrderId: 'life-1' });
    expect(order.status).toBe('PENDING');
    expect(order.seq).toBe(1);
    const stream = collect(ordersFor(rt).orderUpdates(order.id));
    const final = await waitTerminal(rt, order.id);
    expect(final.status).toBe('CONFIRMED');

    const persisted = await persistedEvents(rt, order.id);
    expect(persisted.map((e) => e.status)).toEqual(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED']);
    expect(persisted.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);

    // Published: exactly the persisted ones, in order (wait for the last one to arrive).
    await expect.poll(() => published.updates.filter((u) => u.orderId === order.id).length).toBe(5);
    published.stop();
    const mine = published.updates.filter((u) => u.orderId === order.id);
    expect(mine.map((u) => [u.seq, u.status])).toEqual(persisted.map((e) => [e.seq, e.status]));
    expect(mine.map((u) => u.detail ?? null)).toEqual(persisted.map((e) => e.detail));

    // The subscriber (joined right after submit): contiguous seqs ending at CONFIRMED, then done.
    const seen = await stream;
    const seqs = seen.map((u) => u.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    expect(seen.at(-1)?.status).toBe('CONFIRMED');

    const fill = final.fill!;
    expect(fill.txHash).toMatch(/^[1-9A-HJ-NP-Za-km-z]{86,88}$/);
    expect(fill.amountOut).toBeGreaterThanOrEqual(final.minAmountOut);
    expect(typeof fill.amountOut).toBe('bigint');
    expect(fill.legs.length).toBeGreaterThan(0);
    expect(fill.fees.length).toBeGreaterThan(0);
    expect(fill.executedPrice).toMatch(/^\d+(\.\d+)?$/);
    expect(final.attempts).toBe(1);
  });

  it('a late subscriber gets the snapshot first, then the rest with no gap', async () => {
    gate = new Promise((resolve) => (openGate = resolve));
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '250', clientOrderId: 'late-1' });
    await expect.poll(async () => (await ordersFor(rt).getOrder(order.id))?.status).toBe('BUILDING');

    const it = ordersFor(rt).orderUpdates(order.id)[Symbol.asyncIterator]();
    // The snapshot comes first; only then does the order move on.
    const snapshot = await it.next();
    openGate();
    const seen = [snapshot.value as OrderUpdate, ...(await collect({ [Symbol.asyncIterator]: () => it }))];
    expect(seen.map((u) => [u.seq, u.status])).toEqual([
      [3, 'BUILDING'],
      [4, 'SUBMITTED'],
      [5, 'CONFIRMED'],
    ]);
    expect(seen[0]!.order.status).toBe('BUILDING');
  });

  it('a subscriber to a settled order gets its final state and completes', async () => {
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDT', amountIn: '0.25', clientOrderId: 'done-1' });
    await waitTerminal(rt, order.id);
    const seen = await collect(ordersFor(rt).orderUpdates(order.id));
    expect(seen.map((u) => u.status)).toEqual(['CONFIRMED']);
    expect(seen[0]!.seq).toBe(5);
  });

  it('rejects a stream for an unknown order', async () => {
    await expect(collect(ordersFor(rt).orderUpdates('01JUNKNOWNUNKNOWNUNKNOWN00'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
