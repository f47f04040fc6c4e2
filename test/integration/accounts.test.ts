/**
 * Accounts and keys, as two traders sharing one API would meet them: each sees only its own orders
 * on every read path and both subscriptions; clientOrderId is per account and no error names
 * another account's order; scopes gate what a key may do; market data is public; a revoked key
 * stops working at once and its open subscription ends with 4403.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OrderDocument,
  OrdersDocument,
  OrderUpdatesDocument,
  QuoteDocument,
  RevokeApiKeyDocument,
  SubmitMarketOrderDocument,
  TokensDocument,
  ViewerDocument,
} from '../../src/client/graphql.js';
import { orderInput, startTestApp, type TestApp } from '../helpers/app.js';
import { gqlAs, ok, subscribe, wsClient } from '../helpers/gql.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { waitTerminal } from '../helpers/runtime.js';

let t: TestApp;
let alice: string;
let bob: string;
let reader: string;
beforeAll(async () => {
  t = await startTestApp('accounts');
  alice = (await t.runtime.auth.createKey({ name: 'alice', scopes: ['read', 'trade'] })).key;
  bob = (await t.runtime.auth.createKey({ name: 'bob', scopes: ['read', 'trade'] })).key;
  reader = (await t.runtime.auth.createKey({ name: 'alice-reader', scopes: ['read'], account: 'alice' })).key;
});
afterAll(async () => {
  await t?.stop();
});

const place = async (key: string, clientOrderId: string) =>
  ok(await gqlAs(t.url, key, SubmitMarketOrderDocument, { input: orderInput({ clientOrderId }) })).submitMarketOrder;

describe('isolation', () => {
  it("order(id) answers null for another account's order, as for an unknown id; orders lists only one's own", async () => {
    const a = await place(alice, 'iso-1');
    const b = await place(bob, 'iso-1'); // the same clientOrderId in another account: another order
    expect(b.id).not.toBe(a.id);
    expect(ok(await gqlAs(t.url, alice, OrderDocument, { id: a.id })).order?.id).toBe(a.id);
    expect(ok(await gqlAs(t.url, bob, OrderDocument, { id: a.id })).order).toBeNull();
    expect(ok(await gqlAs(t.url, bob, OrderDocument, { id: '01JZZZZZZZZZZZZZZZZZZZZZZZ' })).order).toBeNull();
    const listed = ok(await gqlAs(t.url, bob, OrdersDocument, { first: 100 })).orders.edges.map((e) => e.node.id);
    expect(listed).toContain(b.id);
    expect(listed).not.toContain(a.id);
    // A key of the same account sees the account's orders, whichever key placed them.
    expect(ok(await gqlAs(t.url, reader, OrderDocument, { id: a.id })).order?.id).toBe(a.id);
  });

  it("an idempotency conflict names only one's own order, never another account's", async () => {
    const mine = await place(bob, 'iso-conflict');
    await place(alice, 'iso-conflict');
    const conflict = await gqlAs(t.url, bob, SubmitMarketOrderDocument, { input: orderInput({ clientOrderId: 'iso-conflict', amountIn: '0.5' }) });
    expect(conflict.errors?.[0]?.extensions).toEqual({ code: 'IDEMPOTENCY_CONFLICT', field: 'input.clientOrderId' });
    expect(conflict.errors?.[0]?.message).toContain(mine.id);
    const aliceIds = ok(await gqlAs(t.url, alice, OrdersDocument, { first: 100 })).orders.edges.map((e) => e.node.id);
    for (const id of aliceIds) expect(JSON.stringify(conflict)).not.toContain(id);
  });

  it("orderUpdates(orderId) is NOT_FOUND for another account's order; without an id it streams only one's own", async () => {
    const aliceWs = wsClient(t.url, alice);
    const bobWs = wsClient(t.url, bob);
    try {
      const a = await place(alice, 'iso-stream-a');
      const spy = subscribe(bobWs, OrderUpdatesDocument, { orderId: a.id });
      await expect(spy.done).rejects.toEqual([expect.objectContaining({ extensions: { code: 'NOT_FOUND', field: 'orderId' } })]);

      const bobsFeed = subscribe(bobWs, OrderUpdatesDocument, {});
      const alicesFeed = subscribe(aliceWs, OrderUpdatesDocument, {});
      await new Promise((r) => setTimeout(r, 100)); // both live
      const a2 = await place(alice, 'iso-stream-a2');
      const b2 = await place(bob, 'iso-stream-b2');
      await waitTerminal(t.runtime, a2.id);
      await waitTerminal(t.runtime, b2.id);
      await bobsFeed.until((events) => events.some((e) => e.orderUpdates.orderId === b2.id && e.orderUpdates.order.terminal));
      await alicesFeed.until((events) => events.some((e) => e.orderUpdates.orderId === a2.id && e.orderUpdates.order.terminal));
      expect(bobsFeed.events.every((e) => e.orderUpdates.orderId !== a2.id && e.orderUpdates.orderId !== a.id)).toBe(true);
      expect(alicesFeed.events.every((e) => e.orderUpdates.orderId !== b2.id)).toBe(true);
      bobsFeed.stop();
      alicesFeed.stop();
    } finally {
      await Promise.all([aliceWs.dispose(), bobWs.dispose()]);
    }
  });

  it('pub/sub messages carry the account id, never the key', async () => {
    const raw = new Redis(TEST_REDIS_URL);
    const wire: string[] = [];
    raw.on('message', (_c: string, m: string) => wire.push(m));
    await raw.subscribe(t.runtime.events.topics.orders.channel);
    try {
      const o = await place(alice, 'iso-wire');
      await waitTerminal(t.runtime, o.id);
      await expect.poll(() => wire.filter((m) => m.includes(o.id)).length).toBe(5);
      const accountId = ok(await gqlAs(t.url, alice, ViewerDocument, {})).viewer?.account.id;
      for (const m of wire.filter((x) => x.includes(o.id))) {
        expect(JSON.parse(m)).toMatchObject({ accountId });
        // The whole secret: it is base64url and may itself hold '_', so split('_') could give a fragment.
        expect(m).not.toContain(alice.slice(-43));
      }
    } finally {
      raw.disconnect();
    }
  });
});

describe('authentication and scopes', () => {
  it('market data is public; anything about orders needs a key with the right scope', async () => {
    expect(ok(await gqlAs(t.url, null, TokensDocument, {})).tokens.length).toBeGreaterThan(0);
    expect(ok(await gqlAs(t.url, null, QuoteDocument, { input: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1' } })).quote.amountOut).toBeTruthy();
    expect(ok(await gqlAs(t.url, null, ViewerDocument, {})).viewer).toBeNull();
    const anonymous = await gqlAs(t.url, null, OrdersDocument, { first: 5 });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const readOnly = await gqlAs(t.url, reader, SubmitMarketOrderDocument, { input: orderInput({ clientOrderId: 'iso-forbidden' }) });
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notAdmin = await gqlAs(t.url, alice, RevokeApiKeyDocument, { nameOrId: 'bob' });
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bogus = await gqlAs(t.url, 'oee_zzzzzzzz_' + 'A'.repeat(43), TokensDocument, {});
    expect(bogus.status).toBe(401);
    expect(bogus.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(ok(await gqlAs(t.url, reader, ViewerDocument, {})).viewer).toMatchObject({ account: { name: 'alice' }, key: { name: 'alice-reader', scopes: ['READ'] } });
  });

  it('a key revoked while its subscription is open: the socket closes with 4403 and the key stops working', async () => {
    const { key } = await t.runtime.auth.createKey({ name: 'doomed', scopes: ['read', 'trade'] });
    const closes: number[] = [];
    const client = wsClient(t.url, key);
    client.on('closed', (e) => closes.push((e as { code: number }).code));
    try {
      const feed = subscribe(client, OrderUpdatesDocument, {});
      await new Promise((r) => setTimeout(r, 100));
      expect(ok(await gqlAs(t.url, key, ViewerDocument, {})).viewer?.key.name).toBe('doomed');
      ok(await gqlAs(t.url, t.key, RevokeApiKeyDocument, { nameOrId: 'doomed' }));
      await expect.poll(() => closes).toEqual([4403]);
      expect(feed.completed()).toBe(true);
      expect((await gqlAs(t.url, key, ViewerDocument, {})).status).toBe(401);
      // A new socket with it is refused at connection_init.
      const again = wsClient(t.url, key);
      const refused: number[] = [];
      again.on('closed', (e) => refused.push((e as { code: number }).code));
      const attempt = subscribe(again, OrderUpdatesDocument, {});
      await expect.poll(() => refused).toEqual([4403]);
      attempt.stop();
      await again.dispose();
    } finally {
      await client.dispose();
    }
  });

  it('a key with twenty subscriptions open: revoking it ends them all, with no listener-leak warning', async () => {
    const { key } = await t.runtime.auth.createKey({ name: 'busy-bot', scopes: ['read', 'trade'] });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    const client = wsClient(t.url, key);
    try {
      const feeds = Array.from({ length: 20 }, () => subscribe(client, OrderUpdatesDocument, {}));
      await new Promise((r) => setTimeout(r, 200));
      ok(await gqlAs(t.url, t.key, RevokeApiKeyDocument, { nameOrId: 'busy-bot' }));
      await expect.poll(() => feeds.every((f) => f.completed())).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      await client.dispose();
    }
  });
});
