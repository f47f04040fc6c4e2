/**
 * poolUpdates over graphql-ws against a real server (real Redis under a fresh prefix, temp SQLite,
 * the BullMQ worker): the current pools first, then a fresh emission after a fill and after a market
 * motion step, coalesced per subscriber, and one shared Redis subscription per process that is
 * released when the last subscriber leaves.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { PoolsDocument, PoolUpdatesDocument, type PoolUpdatesSubscription } from '../../src/client/graphql.js';
import { createRng } from '../../src/domain/rng.js';
import { moveMarket } from '../../src/jobs/motion.js';
import { createLogger } from '../../src/logger.js';
import type { PoolView } from '../../src/domain/pool-view.js';
import { orderInput, startTestApp, submit, type TestApp } from '../helpers/app.js';
import { gql, ok, subscribe } from '../helpers/gql.js';
import { waitTerminal } from '../helpers/runtime.js';

type Pools = PoolUpdatesSubscription['poolUpdates'];

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp('api-pool-updates'); // motion off: every market change here is the test's
});
afterAll(() => t.stop());

const subscribers = async (): Promise<number> =>
  Number(((await t.runtime.pubsub.redis.pubsub('NUMSUB', t.runtime.marketEvents.channel)) as [string, number])[1]);

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const priceOf = (pools: Pools, id: string): string | undefined => pools.find((p) => p.id === id)?.price;
const reservesOf = (pools: Pools, id: string): string[] => {
  const p = pools.find((q) => q.id === id);
  return p ? [p.reserveX, p.reserveY] : [];
};
const poolsNow = async (): Promise<Pools> => ok(await gql(t.url, PoolsDocument)).pools;

describe('poolUpdates', () => {
  it('sends the current pools first, then the traded pools at their new price after a fill', async () => {
    const sub = subscribe(t.ws, PoolUpdatesDocument, {});
    try {
      await sub.until((events) => events.length >= 1);
      const first = sub.events[0]!.poolUpdates;
      expect(first).toEqual(await poolsNow());

      // Large enough to move prices: a DLMM price only moves when the active bin does.
      const order = await submit(t, orderInput({ amountIn: '400' }));
      const filled = await waitTerminal(t.runtime, order.id);
      expect(filled.status).toBe('CONFIRMED');
      const traded = [...new Set(filled.fill!.legs.map((l) => l.poolId))];
      expect(traded.length).toBeGreaterThan(0);

      await sub.until((events) => events.length >= 2);
      expect(sub.events).toHaveLength(2); // one fill, one emission
      const after = sub.events[1]!.poolUpdates;
      // Every traded pool moved; the order's size moves at least one price (a leg routed through a
      // deep stable pair may move its reserves without changing the shown price).
      for (const id of traded) expect(reservesOf(after, id)).not.toEqual(reservesOf(first, id));
      expect(traded.some((id) => priceOf(after, id) !== priceOf(first, id))).toBe(true);
      const untouched = after.filter((p) => !traded.includes(p.id));
      expect(untouched).toEqual(first.filter((p) => !traded.includes(p.id)));
      expect(after).toEqual(await poolsNow()); // the latest state, as the query reads it
    } finally {
      sub.stop();
    }
  });

  it('emits after a market motion step', async () => {
    const sub = subscribe(t.ws, PoolUpdatesDocument, {});
    onTestFinished(() => sub.stop());
    await sub.until((events) => events.length >= 1);
    const before = sub.events[0]!.poolUpdates;

    // The real motion step on this runtime's market (what the periodic task runs), with a clock
    // that moves 1 s per tick and a seeded walk: each tick is a full one-second step.
    let now = Date.UTC(2025, 5, 2);
    const deps = {
      market: t.runtime.market,
      marketEvents: t.runtime.marketEvents,
      intervalMs: 1_000,
      rng: createRng(42),
      clock: () => (now += 1_000),
      logger: createLogger('silent'),
    };
    const ticking = setInterval(() => void moveMarket(deps), 200);
    try {
      await sub.until((events) => events.length >= 2);
    } finally {
      clearInterval(ticking);
    }
    // Arbitrage pulls pools after the reference prices: reserves move (a price only across a bin
    // or beyond the fee band), stamped with the motion clock (a day past the fills' clock).
    const moved = sub.events[1]!.poolUpdates.filter((p) => Date.parse(p.updatedAt) >= Date.UTC(2025, 5, 2));
    expect(moved.length).toBeGreaterThan(0);
    for (const p of moved) expect(reservesOf(before, p.id)).not.toEqual([p.reserveX, p.reserveY]);
    expect(sub.events[1]!.poolUpdates).not.toEqual(before);
  });

  it('coalesces a burst of fills per subscriber, and the last emission is the latest state', async () => {
    const stream = t.runtime.service.poolUpdates()[Symbol.asyncIterator]();
    const arrivals: { at: number; pools: readonly PoolView[] }[] = [];
    const reading = (async () => {
      for (let r = await stream.next(); !r.done; r = await stream.next()) arrivals.push({ at: performance.now(), pools: r.value });
    })();
    await until(async () => arrivals.length >= 1);

    const orders = await Promise.all(Array.from({ length: 30 }, () => submit(t, orderInput({ amountIn: '0.5' }))));
    await Promise.all(orders.map((o) => waitTerminal(t.runtime, o.id)));
    const latest = await t.runtime.service.pools();
    await until(async () => arrivals.at(-1)!.pools === latest || JSON.stringify(arrivals.at(-1)!.pools, big) === JSON.stringify(latest, big));

    expect(arrivals.length - 1).toBeLessThan(30); // fewer emissions than fills
    for (let i = 2; i < arrivals.length; i++) {
      expect(arrivals[i]!.at - arrivals[i - 1]!.at).toBeGreaterThanOrEqual(240); // ~250 ms apart
    }
    await stream.return?.();
    await reading;
  });

  it('shares the one Redis subscription the process holds for its life (quotes use it too)', async () => {
    // The API runtime subscribed at start (its cached market follows other processes' writes).
    expect(await subscribers()).toBe(1);
    const a = subscribe(t.ws, PoolUpdatesDocument, {});
    const b = subscribe(t.ws, PoolUpdatesDocument, {});
    await a.until((events) => events.length >= 1);
    await b.until((events) => events.length >= 1);
    expect(await subscribers()).toBe(1);

    a.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(await subscribers()).toBe(1); // b still listens

    b.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(await subscribers()).toBe(1); // still held by the runtime

    // And on abort, for callers of the service itself.
    const controller = new AbortController();
    const stream = t.runtime.service.poolUpdates(controller.signal)[Symbol.asyncIterator]();
    expect((await stream.next()).done).toBe(false);
    expect(await subscribers()).toBe(1);
    const parked = stream.next(); // waits for a change that never comes
    controller.abort();
    expect((await parked).done).toBe(true);
    expect(await subscribers()).toBe(1);
  });
});

function big(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
