/**
 * 200 orders submitted at once over HTTP: all reach a terminal state, and every transition is
 * persisted and published exactly once, in order: as the all-orders subscriber sees it, and as the
 * raw Redis channel carries it.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OrderDocument, SubmitMarketOrderDocument } from '../../src/client/graphql.js';
import { liveAllOrders, orderInput, startTestApp, uniqueId, type TestApp, type Update } from '../helpers/app.js';
import { gql, ok } from '../helpers/gql.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { persistedEvents } from '../helpers/runtime.js';

const ORDERS = 200;
const PAIRS = [
  { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.5' },
  { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '40' },
  { tokenIn: 'SOL', tokenOut: 'BONK', amountIn: '0.2' },
  { tokenIn: 'JUP', tokenOut: 'USDC', amountIn: '25' },
];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('api-concurrency');
});
afterAll(async () => {
  await t?.stop();
});

it(`${ORDERS} concurrent orders all finish, each transition persisted and published once and in order`, async () => {
  const { sub, mark } = await liveAllOrders(t);
  // What really went over Redis, before any subscriber-side dedupe or gap-fill: each message once.
  const raw = new Redis(TEST_REDIS_URL);
  const wire: { orderId: string; seq: number; status: string }[] = [];
  raw.on('message', (_channel: string, message: string) => void wire.push(JSON.parse(message) as (typeof wire)[number]));
  await raw.subscribe(t.runtime.events.topics.orders.channel);

  const submitted = await Promise.all(
    Array.from({ length: ORDERS }, (_, i) =>
      gql(t.url, SubmitMarketOrderDocument, { input: orderInput({ ...PAIRS[i % PAIRS.length], clientOrderId: uniqueId(`c${i}`) }) }).then(
        (r) => ok(r).submitMarketOrder,
      ),
    ),
  );
  const ids = new Set(submitted.map((o) => o.id));
  expect(ids.size).toBe(ORDERS);
  expect(submitted.every((o) => o.status === 'PENDING' && o.seq === 1)).toBe(true);

  const isTerminal = (u: Update): boolean => u.status === 'CONFIRMED' || u.status === 'FAILED';
  await sub.until((events) => events.slice(mark).filter((e) => ids.has(e.orderUpdates.orderId) && isTerminal(e.orderUpdates)).length === ORDERS, 60_000);
  sub.stop();
  await raw.quit();
  const wireOf = (id: string) => wire.filter((m) => m.orderId === id).map((m) => [m.seq, m.status]);

  const published = new Map<string, Update[]>();
  for (const e of sub.events.slice(mark)) {
    const u = e.orderUpdates;
    expect(ids.has(u.orderId), `an update for an order this test did not submit: ${u.orderId}`).toBe(true);
    published.set(u.orderId, [...(published.get(u.orderId) ?? []), u]);
  }

  for (const id of ids) {
    const updates = published.get(id) ?? [];
    const { order } = ok(await gql(t.url, OrderDocument, { id }));
    expect(order?.terminal).toBe(true);
    // Published exactly once each and in order: seq 1..final with no gap, duplicate or reordering.
    expect(updates.map((u) => u.seq), `published seqs of ${id}`).toEqual(Array.from({ length: order!.seq }, (_, i) => i + 1));
    expect(updates.at(-1)?.status).toBe(order!.status);
    // Persisted exactly the same transitions.
    const persisted = await persistedEvents(t.runtime, id);
    expect(persisted.map((p) => [p.seq, p.status])).toEqual(updates.map((u) => [u.seq, u.status]));
    // ...and sent over Redis exactly once each, in seq order (the raw subscriber joined before
    // any of these orders existed, so it saw all of their messages).
    expect(wireOf(id), `messages on the wire for ${id}`).toEqual(persisted.map((p) => [p.seq, p.status]));
  }

  const confirmed = [...ids].filter((id) => published.get(id)?.at(-1)?.status === 'CONFIRMED').length;
  // Small orders with 100 bps of slippage on a deep market: the large majority fill.
  expect(confirmed).toBeGreaterThan(ORDERS * 0.8);
}, 120_000);
