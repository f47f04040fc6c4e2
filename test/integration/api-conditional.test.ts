/**
 * The conditional-order mutations over real HTTP with the typed documents: each needs a key with
 * the trade scope; a malformed expiresAt is EXPIRY_MALFORMED on input.expiresAt (a coded error,
 * not a scalar-coercion BAD_USER_INPUT); a resting order reads back with its type and condition;
 * cancelOrder answers NOT_FOUND for another account's order and NOT_CANCELLABLE once it ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelOrderDocument, OrderDocument, SubmitLimitOrderDocument, SubmitSniperOrderDocument, SubmitStopOrderDocument } from '../../src/client/graphql.js';
import { gqlAs, ok } from '../helpers/gql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { sample } from '../helpers/metrics.js';

let t: TestApp;
let reader: string;
let other: string;

beforeAll(async () => {
  t = await startTestApp('api-conditional');
  reader = (await t.runtime.auth.createKey({ name: 'reader', scopes: ['read'] })).key;
  other = (await t.runtime.auth.createKey({ name: 'other', scopes: ['read', 'trade'], account: 'other-desk' })).key;
});
afterAll(() => t.stop());

const swap = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'api-other' };
const limit = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', limitPrice: '1000000', clientOrderId: 'api-limit' };

describe('conditional orders over GraphQL', () => {
  it('need the trade scope', async () => {
    for (const r of [
      await gqlAs(t.url, reader, SubmitLimitOrderDocument, { input: limit }),
      await gqlAs(t.url, reader, SubmitStopOrderDocument, { input: { ...swap, stopPrice: '1', slippageBps: 50 } }),
      await gqlAs(t.url, reader, SubmitSniperOrderDocument, { input: { ...swap, minLiquidity: '1', maxPriceImpactBps: 100, slippageBps: 50 } }),
      await gqlAs(t.url, reader, CancelOrderDocument, { id: '01JNOSUCHORDER000000000000' }),
    ]) {
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('a malformed expiresAt is EXPIRY_MALFORMED naming input.expiresAt', async () => {
    for (const expiresAt of ['tomorrow', '2026-13-45T99:00:00Z', '1733400000000', '2026-12-24']) {
      const r = await gqlAs(t.url, t.key, SubmitLimitOrderDocument, { input: { ...limit, clientOrderId: 'api-bad-expiry', expiresAt } });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'EXPIRY_MALFORMED', field: 'input.expiresAt' });
    }
  });

  it('a resting order reads back with its type and condition; cancel: NOT_FOUND for another account, NOT_CANCELLABLE once ended', async () => {
    const expiresAt = new Date(Date.UTC(2025, 5, 2)).toISOString();
    const placed = ok(await gqlAs(t.url, t.key, SubmitLimitOrderDocument, { input: { ...limit, expiresAt } })).submitLimitOrder;
    expect(placed).toMatchObject({ type: 'LIMIT', status: 'OPEN', terminal: false, limitPrice: '1000000', minAmountOut: '1000000', expiresAt, seq: 1 });
    const read = ok(await gqlAs(t.url, t.key, OrderDocument, { id: placed.id })).order;
    expect(read).toMatchObject({ type: 'LIMIT', status: 'OPEN' });
    const foreign = await gqlAs(t.url, other, CancelOrderDocument, { id: placed.id });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const cancelled = ok(await gqlAs(t.url, t.key, CancelOrderDocument, { id: placed.id })).cancelOrder;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', terminal: true, seq: 2 });
    const again = await gqlAs(t.url, t.key, CancelOrderDocument, { id: placed.id });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_CANCELLABLE', field: 'id' });
  });

  it('a sniper for a mint no pool lists is accepted and rests', async () => {
    const input = { tokenIn: 'SOL', tokenOut: '77VrxXCM198eXiCXXL6FSTA9Qt6rJB5t7awjPUQxvRtG', amountIn: '1', minLiquidity: '100', maxPriceImpactBps: 300, slippageBps: 100, clientOrderId: 'api-sniper' };
    const placed = ok(await gqlAs(t.url, t.key, SubmitSniperOrderDocument, { input })).submitSniperOrder;
    expect(placed).toMatchObject({ type: 'SNIPER', status: 'OPEN', minLiquidity: '100', maxPriceImpactBps: 300, quotedAmountOut: '0' });
    const bad = await gqlAs(t.url, t.key, SubmitSniperOrderDocument, { input: { ...input, tokenOut: 'O0Il', clientOrderId: 'api-sniper-bad' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_MINT', field: 'input.tokenOut' });
  });

  it('metrics: the open-orders gauge counts resting orders, the outcomes count cancellations', async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(sample(text, 'oee_orders_open', { status: 'OPEN' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'oee_orders_terminal_total', { status: 'CANCELLED' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'oee_order_transitions_total', { status: 'OPEN' })).toBeGreaterThanOrEqual(1);
  });
});
