/**
 * What the order path's performance work must not change: slim event rows still rebuild, for a
 * resyncing subscriber, exactly the update that was published (snapshot included), and rows in the
 * older full-snapshot format still read; two workers sharing one database (group commit in each)
 * still fill every order exactly once with contiguous seqs, and each one's market cache, updated
 * from only the pools the other one wrote, equals a full load.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeJson } from '../../src/domain/codec.js';
import { isTerminal } from '../../src/domain/order.js';
import type { OrderUpdate } from '../../src/domain/order-view.js';
import { persistedEvents, recordPublished, testEnv, waitTerminal, ordersFor } from '../helpers/runtime.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { storedMarket } from '../helpers/market.js';
import { sqliteOf } from '../helpers/sqlite.js';

const env = testEnv('perf-events');
afterAll(() => env.cleanup());

describe('event rows', () => {
  it('rebuild every published update exactly, and stay small', async () => {
    const rt = await env.start();
    const published = await recordPublished(rt);
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '2', clientOrderId: 'slim-1' });
    await waitTerminal(rt, order.id);
    await expect.poll(() => published.updates.filter((u) => u.orderId === order.id).length).toBe(5);
    published.stop();
    const sent = published.updates.filter((u) => u.orderId === order.id);

    const replayed = await rt.storage.orders.eventsBetween(order.id, 0);
    expect(replayed).toEqual(sent);
    expect(await rt.storage.orders.eventsBetween(order.id, 1, 4)).toEqual(sent.slice(1, 3));
    expect(await rt.storage.orders.latestEvent(order.id)).toEqual(sent[4]);
    expect(sent[4]!.order.fill?.txHash).toMatch(/^[1-9A-HJ-NP-Za-km-z]+$/);

    const sizes = sqliteOf(rt).sqlite.prepare('SELECT status, length(snapshot) AS n FROM order_events WHERE order_id = ? ORDER BY seq').all(order.id) as {
      status: string;
      n: number;
    }[];
    for (const { status, n } of sizes) if (status !== 'CONFIRMED') expect(n).toBeLessThan(64);
    await rt.close();
  });

  it('still reads rows holding the whole snapshot (the earlier format)', async () => {
    const rt = await env.start({ roles: { worker: false } });
    const order = await ordersFor(rt).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDT', amountIn: '1', clientOrderId: 'legacy-1' });
    const full: OrderUpdate = { orderId: order.id, seq: 1, status: 'PENDING', at: order.createdAt, detail: 'old format', order };
    sqliteOf(rt).sqlite
      .prepare('UPDATE order_events SET snapshot = ?, detail = ? WHERE order_id = ? AND seq = 1')
      .run(encodeJson(order), 'old format', order.id);
    expect(await rt.storage.orders.eventsBetween(order.id, 0)).toEqual([full]);
    expect(await rt.storage.orders.latestEvent(order.id)).toEqual(full);
    await rt.queue.obliterate({ force: true });
    await rt.close();
  });
});

describe('pub/sub messages', () => {
  it('carry only the mutable state; another process rebuilds the full update from the database', async () => {
    const api = await env.start({ roles: { worker: false } });
    const other = await env.start({ roles: { worker: false } }); // never saw the order: reads it once
    const raw = new Redis(TEST_REDIS_URL);
    const wire: string[] = [];
    raw.on('message', (_channel: string, message: string) => wire.push(message));
    await raw.subscribe(api.events.topics.orders.channel);
    const heard = await recordPublished(other);

    const order = await ordersFor(api).submitMarketOrder({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '75', clientOrderId: 'wire-1' });
    await api.processOrder(order.id, 1);
    await expect.poll(() => heard.updates.filter((u) => u.orderId === order.id).length).toBe(5);
    heard.stop();
    raw.disconnect();

    expect(heard.updates.filter((u) => u.orderId === order.id)).toEqual(await api.storage.orders.eventsBetween(order.id, 0));
    expect(wire).toHaveLength(5);
    for (const m of wire) {
      expect(m).not.toContain('quotedRoute');
      expect(m).not.toContain('clientOrderId');
    }
    // The mutable state and the account id (which subscribers filter by): still a few hundred bytes at most.
    expect(wire.slice(0, 4).every((m) => m.length < 250)).toBe(true);
    await api.queue.obliterate({ force: true });
    await Promise.all([api.close(), other.close()]);
  });
});

describe('the view a process wrote last', () => {
  it('is used only while the stored seq still matches it', async () => {
    const a = await env.start({ roles: { worker: false } });
    const b = await env.start({ roles: { worker: false } }); // another connection ("process")
    const order = await ordersFor(a).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', clientOrderId: 'recent-1' });
    await b.storage.orders.transition(order.id, Date.now(), () => ({ status: 'FAILED', detail: 'elsewhere', failureCode: 'NETWORK_ERROR', failureMessage: 'elsewhere' }));
    // `a` last wrote PENDING (seq 1); the row is now FAILED (seq 2): the attempt must see that.
    expect(await a.processOrder(order.id, 1)).toBe('FAILED');
    expect((await persistedEvents(a, order.id)).map((e) => e.status)).toEqual(['PENDING', 'FAILED']);
    await a.queue.obliterate({ force: true });
    await Promise.all([a.close(), b.close()]);
  });
});

describe('two workers on one database', () => {
  it('fill every order once, with seqs 1..5 and one market version per fill', async () => {
    const a = await env.start();
    const b = await env.start({ roles: { api: false, worker: true } });
    const v0 = (await a.market.current()).version;
    const orders = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        ordersFor(a).submitMarketOrder({ tokenIn: i % 2 ? 'SOL' : 'USDC', tokenOut: i % 2 ? 'USDC' : 'SOL', amountIn: i % 2 ? '0.5' : '60', slippageBps: 500, clientOrderId: `two-${i}` }),
      ),
    );
    const finals = await Promise.all(orders.map((o) => waitTerminal(a, o.id, 20_000)));
    expect(finals.every((o) => isTerminal(o.status))).toBe(true);
    const confirmed = finals.filter((o) => o.status === 'CONFIRMED');
    expect(confirmed).toHaveLength(60);
    for (const o of orders) expect((await persistedEvents(a, o.id)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await a.market.current()).version).toBe(v0 + confirmed.length);
    // Each process caught up on the other's fills by reading only the pools written since its copy:
    // the result is exactly a full load.
    for (const rt of [a, b]) expect(await rt.market.current()).toEqual(await storedMarket(rt));
  });
});
