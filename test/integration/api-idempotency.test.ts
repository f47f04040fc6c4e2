/** clientOrderId is an idempotency key: same key → same order; a different order under it → error. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersDocument, SubmitMarketOrderDocument } from '../../src/client/graphql.js';
import { liveAllOrders, orderInput, startTestApp, submit, uniqueId, type TestApp } from '../helpers/app.js';
import { gql, ok } from '../helpers/gql.js';
import { waitTerminal } from '../helpers/runtime.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('api-idempotency');
});
afterAll(async () => {
  await t?.stop();
});

async function ordersWithClientId(clientOrderId: string): Promise<string[]> {
  const { orders } = ok(await gql(t.url, OrdersDocument, { first: 100 }));
  return orders.edges.filter((e) => e.node.clientOrderId === clientOrderId).map((e) => e.node.id);
}

describe('submitMarketOrder with a clientOrderId already used', () => {
  it('returns the same order, also after it finished', async () => {
    const input = orderInput();
    const first = await submit(t, input);
    const again = await submit(t, input);
    expect(again.id).toBe(first.id);
    await waitTerminal(t.runtime, first.id);
    const late = await submit(t, input);
    expect(late.id).toBe(first.id);
    expect(late.terminal).toBe(true);
    expect(await ordersWithClientId(input.clientOrderId)).toEqual([first.id]);
  });

  it('creates, enqueues and publishes one order when the same request arrives many times at once', async () => {
    const { sub, mark } = await liveAllOrders(t);
    const input = orderInput();
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(t, input)));
    const id = results[0]!.id;
    expect(new Set(results.map((o) => o.id))).toEqual(new Set([id]));
    await sub.until((events) => events.slice(mark).some((e) => e.orderUpdates.orderId === id && e.orderUpdates.order.terminal));
    sub.stop();
    const seqs = sub.events.slice(mark).filter((e) => e.orderUpdates.orderId === id).map((e) => e.orderUpdates.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1)); // one PENDING, one lifecycle
    expect(await ordersWithClientId(input.clientOrderId)).toEqual([id]);
  });

  it.each([
    ['amount', { amountIn: '0.3' }],
    ['tokenOut', { tokenOut: 'USDT' }],
    ['tokenIn', { tokenIn: 'WSOL' }],
    ['slippage', { slippageBps: 75 }],
  ])('rejects a different %s with IDEMPOTENCY_CONFLICT and changes nothing', async (_label, change) => {
    const input = orderInput();
    const original = await submit(t, input);
    const result = await gql(t.url, SubmitMarketOrderDocument, { input: { ...input, ...change } });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'IDEMPOTENCY_CONFLICT', field: 'input.clientOrderId' });
    expect(await ordersWithClientId(input.clientOrderId)).toEqual([original.id]);
  });

  it('treats the same order named by mint instead of symbol as the same parameters', async () => {
    const input = orderInput({ tokenOut: 'USDC', clientOrderId: uniqueId('mint') });
    const bySymbol = await submit(t, input);
    const byMint = await submit(t, { ...input, tokenOut: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v' });
    expect(byMint.id).toBe(bySymbol.id);
  });
});
