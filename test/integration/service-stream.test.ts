/**
 * The gap-free guarantees of orderUpdates, provoked directly: updates persisted but published out
 * of order, duplicated or never published still reach the subscriber once each and in seq order;
 * a single-order stream's Redis subscription is released when it ends, returns or is aborted; the
 * all-orders feed is live from the first call and learns about lost last updates by resync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAllOrdersHub } from '../../src/services/all-orders-hub.js';
import type { OrderStatus } from '../../src/domain/order-status.js';
import type { Runtime } from '../../src/runtime.js';
import type { OrderUpdate } from '../../src/domain/order-view.js';
import { collect, testEnv, ordersFor, testAccountOf } from '../helpers/runtime.js';

const env = testEnv('stream');
let rt: Runtime;

beforeAll(async () => {
  rt = await env.start({ roles: { worker: false }, resyncMs: 50 });
});
afterAll(() => env.cleanup());

/** Persists a transition without publishing it. */
async function persist(orderId: string, status: OrderStatus): Promise<OrderUpdate> {
  const { update } = await rt.storage.orders.transition(orderId, Date.now(), () =>
    status === 'FAILED' ? { status, detail: 'test', failureCode: 'NETWORK_ERROR', failureMessage: 'test' } : { status, detail: 'test' },
  );
  if (!update) throw new Error('no update');
  return update;
}

const subscribers = async (channel: string) => Number(((await rt.pubsub.redis.pubsub('NUMSUB', channel)) as [string, number])[1]);
const settle = () => new Promise((r) => setTimeout(r, 30));

describe('orderUpdates(orderId)', () => {
  it('fills gaps from order_events, drops duplicates, completes at the terminal status, unsubscribes', async () => {
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'gap-1' });
    const it = ordersFor(rt).orderUpdates(order.id)[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toMatchObject({ seq: 1, status: 'PENDING' });

    const routing = await persist(order.id, 'ROUTING');
    const building = await persist(order.id, 'BUILDING');
    await rt.events.publish(building); // seq 3 arrives first: 2 is replayed from the database
    await rt.events.publish(routing); // late duplicate
    await rt.events.publish(building); // duplicate
    await persist(order.id, 'SUBMITTED'); // never published
    const failed = await persist(order.id, 'FAILED');
    await rt.events.publish(failed);

    const rest: OrderUpdate[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
    expect(rest.map((u) => [u.seq, u.status])).toEqual([
      [2, 'ROUTING'],
      [3, 'BUILDING'],
      [4, 'SUBMITTED'],
      [5, 'FAILED'],
    ]);
    expect(rest[3]!.order.failureCode).toBe('NETWORK_ERROR');
    await settle();
    expect(await subscribers(rt.events.topics.order(order.id).channel)).toBe(0);
  });

  it('catches up from the database when a message is lost (idle resync)', async () => {
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'lost-1' });
    const stream = collect(ordersFor(rt).orderUpdates(order.id), 5_000);
    await settle();
    await persist(order.id, 'ROUTING');
    await persist(order.id, 'FAILED'); // neither published
    expect((await stream).map((u) => u.seq)).toEqual([1, 2, 3]);
  });

  it('releases the subscription on return() and on abort', async () => {
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'abort-1' });
    const channel = rt.events.topics.order(order.id).channel;

    const it = ordersFor(rt).orderUpdates(order.id)[Symbol.asyncIterator]();
    await it.next();
    expect(await subscribers(channel)).toBe(1);
    const pending = it.next();
    await it.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    await settle();
    expect(await subscribers(channel)).toBe(0);

    const ac = new AbortController();
    const it2 = ordersFor(rt).orderUpdates(order.id, ac.signal)[Symbol.asyncIterator]();
    await it2.next();
    const waiting = it2.next();
    ac.abort();
    expect((await waiting).done).toBe(true);
    await settle();
    expect(await subscribers(channel)).toBe(0);
  });
});

describe('orderUpdates() for every order', () => {
  it('delivers every order\'s updates once and in order per order', async () => {
    const ac = new AbortController();
    const it = ordersFor(rt).orderUpdates(undefined, ac.signal)[Symbol.asyncIterator]();
    await settle();
    const a = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'all-a' });
    const b = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDT', amountIn: '1', clientOrderId: 'all-b' });
    const aRouting = await persist(a.id, 'ROUTING');
    const aBuilding = await persist(a.id, 'BUILDING');
    await rt.events.publish(aBuilding); // gap: ROUTING replayed
    await rt.events.publish(aRouting); // duplicate
    await rt.events.publish(await persist(b.id, 'FAILED'));

    const got: OrderUpdate[] = [];
    while (got.length < 5) got.push((await it.next()).value as OrderUpdate);
    ac.abort();
    const per = (id: string) => got.filter((u) => u.orderId === id).map((u) => u.seq);
    expect(per(a.id)).toEqual([1, 2, 3]);
    expect(per(b.id)).toEqual([1, 2]);
    expect((await it.next()).done).toBe(true);
    await settle();
    // An API runtime holds the all-orders subscription for its life (see the hub tests below).
    expect(await subscribers(rt.events.topics.orders.channel)).toBe(1);
  });

  it('is live at once: an update published right after subscribing arrives', async () => {
    const ac = new AbortController();
    const it = ordersFor(rt).orderUpdates(undefined, ac.signal)[Symbol.asyncIterator]();
    // No settling: an on-demand Redis subscription would not be confirmed yet.
    const a = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'all-live' });
    expect((await it.next()).value).toMatchObject({ orderId: a.id, seq: 1, status: 'PENDING' });
    ac.abort();
  });

  it('delivers an order\'s last update when its message was lost (resync of quiet open orders)', async () => {
    const ac = new AbortController();
    const it = ordersFor(rt).orderUpdates(undefined, ac.signal)[Symbol.asyncIterator]();
    const a = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'all-lost-end' });
    expect((await it.next()).value).toMatchObject({ orderId: a.id, seq: 1 });
    await persist(a.id, 'ROUTING');
    await persist(a.id, 'FAILED'); // neither published: nothing follows a terminal update to reveal the gap
    const got: OrderUpdate[] = [];
    while (got.length < 2) got.push((await it.next()).value as OrderUpdate);
    expect(got.map((u) => [u.seq, u.status])).toEqual([
      [2, 'ROUTING'],
      [3, 'FAILED'],
    ]);
    ac.abort();
  });
});

describe('orderUpdates() hub', () => {
  it('shares one Redis subscription between subscribers and dedupes/gap-fills for each', async () => {
    // A hub the runtime does not hold: the subscription comes and goes with its subscribers. It
    // shares the runtime's Redis connection, which already holds the channel once (the API's hub).
    const hub = createAllOrdersHub({ orders: rt.storage.orders, events: rt.events });
    const channel = rt.events.topics.orders.channel;
    const held = await subscribers(channel);
    const ac1 = new AbortController();
    const ac2 = new AbortController();
    const account = testAccountOf(rt);
    const it1 = hub.subscribe(account, ac1.signal);
    const it2 = hub.subscribe(account, ac2.signal);
    await settle();
    expect(hub.size).toBe(2);

    const a = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'hub-a' });
    const routing = await persist(a.id, 'ROUTING');
    const building = await persist(a.id, 'BUILDING');
    await persist(a.id, 'SUBMITTED'); // never published
    const failed = await persist(a.id, 'FAILED');
    await rt.events.publish(building); // gap: ROUTING replayed
    await rt.events.publish(routing); // duplicate
    await rt.events.publish(failed); // gap: SUBMITTED replayed
    await rt.events.publish(building); // duplicate

    for (const it of [it1, it2]) {
      const got: OrderUpdate[] = [];
      while (got.length < 5) got.push((await it.next()).value as OrderUpdate);
      expect(got.map((u) => [u.orderId, u.seq])).toEqual([1, 2, 3, 4, 5].map((s) => [a.id, s]));
    }

    ac1.abort();
    expect((await it1.next()).done).toBe(true);
    await settle();
    expect(hub.size).toBe(1); // the other subscriber still holds it
    await it2.return?.();
    await settle();
    expect(hub.size).toBe(0);
    expect(await subscribers(channel)).toBe(held); // released: only the API's own hub is left

    // A fresh subscriber after everyone left: a new subscription, nothing stale delivered.
    const ac3 = new AbortController();
    const it3 = hub.subscribe(account, ac3.signal);
    await settle();
    const b = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDT', amountIn: '1', clientOrderId: 'hub-b' });
    expect((await it3.next()).value).toMatchObject({ orderId: b.id, seq: 1 });
    ac3.abort();
    await settle();
    expect(hub.size).toBe(0);
  });

  it('an API runtime holds the all-orders subscription from start to close', async () => {
    const api = await env.start({ roles: { worker: false } });
    const before = await subscribers(api.events.topics.orders.channel);
    expect(before).toBeGreaterThanOrEqual(1);
    await api.close();
    await settle();
    expect(await subscribers(api.events.topics.orders.channel)).toBe(before - 1);
  });
});
