/**
 * The storage port's contract (src/db/port.ts), held against the engine this file runs on (the
 * suite runs once per engine). Two storages opened on one database stand for two processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAccount } from '../../src/db/accounts.js';
import { openStorage } from '../../src/db/open.js';
import type { Storage } from '../../src/db/port.js';
import { DomainError } from '../../src/domain/errors.js';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { launchPool } from '../../src/domain/market/launch.js';
import { buildMarket, DEFAULT_MARKET_SPEC, type MarketState } from '../../src/domain/market/market.js';
import type { OrderView } from '../../src/domain/order-view.js';
import { findBestRoute } from '../../src/domain/router.js';
import { requireToken, type Token } from '../../src/domain/tokens.js';
import type { ConditionalOrder } from '../../src/domain/conditional/types.js';
import { testEnv } from '../helpers/runtime.js';

const env = testEnv('contract');
const T0 = Date.UTC(2025, 5, 1);
const SOL = requireToken('SOL');
const USDC = requireToken('USDC');
let a: Storage;
let b: Storage;
let ACCOUNT: string;
let OTHER: string;

beforeAll(async () => {
  await env.prepare();
  [a, b] = await Promise.all([openStorage(env.config), openStorage(env.config)]);
  // Both race to seed: exactly one market is stored.
  await Promise.all([a, b].map((s) => s.market.init(() => buildMarket(DEFAULT_MARKET_SPEC, Math.floor(T0 / 1000)), T0)));
  ACCOUNT = (await ensureAccount(a.kysely, 'contract', '01JCONTRACTACCOUNT00000000', T0)).id;
  OTHER = (await ensureAccount(a.kysely, 'other', '01JOTHERACCOUNT00000000000', T0)).id;
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await env.cleanup();
});

let n = 0;
/** A new PENDING order of `amountIn` atoms of SOL → USDC, quoted on `market`. */
function newOrder(market: MarketState, clientOrderId = `c-${++n}`, amountIn = 10n ** 9n, accountId = ACCOUNT): OrderView {
  const route = findBestRoute(market, SOL, USDC, amountIn, Math.floor(T0 / 1000));
  const id = `01JTEST${String(++n).padStart(19, '0')}`;
  return {
    id,
    accountId,
    clientOrderId,
    status: 'PENDING',
    type: 'MARKET',
    seq: 1,
    tokenIn: SOL,
    tokenOut: USDC,
    amountIn,
    slippageBps: 100,
    quotedAmountOut: route.amountOut,
    minAmountOut: (route.amountOut * 99n) / 100n,
    quotedRoute: route,
    attempts: 0,
    fill: undefined,
    failureCode: undefined,
    failureMessage: undefined,
    createdAt: T0 + n,
    updatedAt: T0 + n,
  };
}

const fillOf = (o: OrderView, market: MarketState, at: number) => {
  const executed = quoteAndExecute(market, o.tokenIn, o.tokenOut, o.amountIn, o.minAmountOut, Math.floor(at / 1000));
  return {
    next: executed.market,
    change: {
      status: 'CONFIRMED' as const,
      detail: 'filled',
      fill: {
        amountOut: executed.fill.amountOut,
        legs: executed.fill.legs,
        fees: executed.fill.totalFee,
        priceImpactPpm: executed.fill.priceImpactPpm,
        slippageBps: 0,
        txHash: `tx-${o.id}`,
      },
    },
    result: executed.fill.amountOut,
  };
};

/** Inserts `o`, then PENDING → ROUTING → BUILDING → SUBMITTED through `s`. */
async function toSubmitted(s: Storage, o: OrderView): Promise<OrderView> {
  await s.orders.insert(o, 'accepted');
  let known = o;
  for (const status of ['ROUTING', 'BUILDING', 'SUBMITTED'] as const) {
    const { current } = await s.orders.transition(o.id, T0 + 10, () => ({ status, detail: status }), known);
    known = current!;
  }
  return known;
}

describe('orders', () => {
  it('insert is idempotent per clientOrderId, also for two racing writers', async () => {
    const m = (await a.market.current()).market;
    const first = newOrder(m, 'idem-1');
    const r1 = await a.orders.insert(first, 'accepted');
    expect(r1).toMatchObject({ inserted: true, order: first });
    const again = await b.orders.insert({ ...newOrder(m, 'idem-1') }, 'accepted');
    expect(again).toMatchObject({ inserted: false, order: { id: first.id } });

    const racers = await Promise.all([a.orders.insert(newOrder(m, 'idem-race'), 'x'), b.orders.insert(newOrder(m, 'idem-race'), 'y')]);
    expect(racers.filter((r) => r.inserted)).toHaveLength(1);
    expect(new Set(racers.map((r) => r.order.id)).size).toBe(1);
    expect(await a.orders.findByClientId(ACCOUNT, 'idem-race')).toEqual(racers.find((r) => r.inserted)!.order);
    // Per account: another account's same clientOrderId is another order, and neither sees the other's.
    const theirs = await b.orders.insert(newOrder(m, 'idem-race', 10n ** 9n, OTHER), 'x');
    expect(theirs.inserted).toBe(true);
    expect(theirs.order.id).not.toBe(racers[0]!.order.id);
    expect((await a.orders.findByClientId(OTHER, 'idem-race'))?.accountId).toBe(OTHER);
  });

  it('reads back exactly what was written: find, current, seq, events', async () => {
    const o = newOrder((await a.market.current()).market);
    const { update } = (await a.orders.insert(o, 'accepted')) as { update: unknown };
    expect(await b.orders.find(o.id)).toEqual(o);
    expect(await b.orders.current(o.id)).toEqual(o);
    expect(await b.orders.seq(o.id)).toBe(1);
    expect(await b.orders.latestEvent(o.id)).toEqual(update);
    expect(await b.orders.find('01JNOSUCHORDER000000000000')).toBeUndefined();
    expect(await b.orders.seq('01JNOSUCHORDER000000000000')).toBeUndefined();
  });

  it('transition is a compare-and-set with an event per seq, and refuses terminal orders and backward moves', async () => {
    const o = newOrder((await a.market.current()).market);
    await a.orders.insert(o, 'accepted');
    const routed = await a.orders.transition(o.id, T0 + 5, () => ({ status: 'ROUTING', detail: 'route', attempts: 1 }), o);
    expect(routed.update).toMatchObject({ seq: 2, status: 'ROUTING', detail: 'route', at: T0 + 5, order: { attempts: 1, updatedAt: T0 + 5 } });
    // A stale `known` (seq 1) is not trusted: decide sees the stored ROUTING.
    let seen: string | undefined;
    await b.orders.transition(o.id, T0 + 6, (cur) => ((seen = cur.status), undefined), o);
    expect(seen).toBe('ROUTING');
    await expect(a.orders.transition(o.id, T0 + 7, () => ({ status: 'PENDING', detail: 'back' }))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const failed = await b.orders.transition(o.id, T0 + 8, () => ({ status: 'FAILED', detail: 'x', failureCode: 'NETWORK_ERROR', failureMessage: 'x' }));
    expect(failed.update?.seq).toBe(3);
    const after = await a.orders.transition(o.id, T0 + 9, () => ({ status: 'FAILED', detail: 'again' }));
    expect(after).toMatchObject({ update: undefined, current: { status: 'FAILED', seq: 3 } });
    expect((await a.orders.eventsBetween(o.id, 0)).map((u) => [u.seq, u.status])).toEqual([
      [1, 'PENDING'],
      [2, 'ROUTING'],
      [3, 'FAILED'],
    ]);
    expect((await a.orders.eventsBetween(o.id, 1, 3)).map((u) => u.seq)).toEqual([2]);
    expect(await a.orders.currentSeqs([o.id, '01JNOSUCHORDER000000000000'])).toEqual(new Map([[o.id, 3]]));
  });

  it('two writers moving one order from the same state: exactly one wins, seqs stay contiguous', async () => {
    const o = newOrder((await a.market.current()).market);
    await a.orders.insert(o, 'accepted');
    const forward = (s: Storage) => s.orders.transition(o.id, T0 + 5, (cur) => (cur.status === 'PENDING' ? { status: 'ROUTING', detail: 'mine' } : undefined), o);
    const results = await Promise.all([forward(a), forward(b), forward(a), forward(b)]);
    expect(results.filter((r) => r.update !== undefined)).toHaveLength(1);
    expect((await b.orders.eventsBetween(o.id, 0)).map((u) => u.seq)).toEqual([1, 2]);
  });

  it('lists newest first with a keyset cursor and a status filter; finds stale open orders', async () => {
    const listed = await a.orders.list({ accountId: ACCOUNT, limit: 3 });
    expect(listed).toHaveLength(3);
    const sorted = [...listed].sort((x, y) => y.createdAt - x.createdAt || (y.id < x.id ? -1 : 1));
    expect(listed).toEqual(sorted);
    const next = await a.orders.list({ accountId: ACCOUNT, limit: 3, after: { createdAt: listed[2]!.createdAt, id: listed[2]!.id } });
    expect(next.every((o) => o.createdAt < listed[2]!.createdAt || (o.createdAt === listed[2]!.createdAt && o.id < listed[2]!.id))).toBe(true);
    expect((await a.orders.list({ accountId: ACCOUNT, limit: 100, status: 'FAILED' })).every((o) => o.status === 'FAILED')).toBe(true);
    expect((await a.orders.list({ accountId: OTHER, limit: 100 })).every((o) => o.accountId === OTHER)).toBe(true);
    const stale = await a.orders.staleOpen(T0 + 1_000_000, 100);
    expect(stale.length).toBeGreaterThan(0);
    for (const s of stale) expect(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED']).toContain((await a.orders.find(s.id))!.status);
    const page2 = await a.orders.staleOpen(T0 + 1_000_000, 100, stale[0]);
    expect(page2.map((s) => s.id)).toEqual(stale.slice(1).map((s) => s.id));
  });
});

describe('fills', () => {
  it('apply at most once, even when two writers fill the same order at the same moment', async () => {
    const o = await toSubmitted(a, newOrder((await a.market.current()).market));
    const v0 = (await a.market.current()).version;
    const [x, y] = await Promise.all([a.fill(o.id, T0 + 20, o, (ord, m) => fillOf(ord, m, T0 + 20)), b.fill(o.id, T0 + 20, o, (ord, m) => fillOf(ord, m, T0 + 20))]);
    expect([x.filled, y.filled].filter(Boolean)).toHaveLength(1);
    const won = (x.filled ? x : y) as Extract<typeof x, { filled: true }>;
    expect(won.update).toMatchObject({ seq: 5, status: 'CONFIRMED' });
    expect(won.write.version).toBe(v0 + 1);
    expect(won.write.poolIds.length).toBeGreaterThan(0);
    expect((await b.market.current()).version).toBe(v0 + 1);
    const lost = (x.filled ? y : x) as Extract<typeof x, { filled: false }>;
    expect(lost.order?.status).toBe('CONFIRMED');
  });

  it('lose no update when two writers fill different orders against the same pools at once', async () => {
    const m0 = (await a.market.current()).market;
    const o1 = await toSubmitted(a, newOrder(m0, undefined, 50n * 10n ** 9n));
    const o2 = await toSubmitted(b, newOrder(m0, undefined, 70n * 10n ** 9n));
    const before = await a.market.current();
    const [r1, r2] = await Promise.all([a.fill(o1.id, T0 + 30, o1, (o, m) => fillOf(o, m, T0 + 30)), b.fill(o2.id, T0 + 30, o2, (o, m) => fillOf(o, m, T0 + 30))]);
    expect(r1.filled && r2.filled).toBe(true);
    const after = await a.market.current();
    expect(after.version).toBe(before.version + 2);
    // Whichever committed first, the stored market is both fills applied one after the other.
    const oneThenTwo = fillOf(o2, fillOf(o1, before.market, T0 + 30).next, T0 + 30).next;
    const twoThenOne = fillOf(o1, fillOf(o2, before.market, T0 + 30).next, T0 + 30).next;
    const pools = (m: MarketState) => [...m.pools.values()];
    expect([pools(oneThenTwo), pools(twoThenOne)]).toContainEqual(pools(after.market));
    expect(await b.market.current()).toEqual(after);
  });

  it('write nothing when the execution throws, and skip an order that is already terminal', async () => {
    const o = await toSubmitted(a, newOrder((await a.market.current()).market));
    const v0 = (await a.market.current()).version;
    await expect(
      a.fill(o.id, T0 + 40, o, () => {
        throw new DomainError('SLIPPAGE_EXCEEDED', 'moved');
      }),
    ).rejects.toMatchObject({ code: 'SLIPPAGE_EXCEEDED' });
    expect((await a.market.current()).version).toBe(v0);
    expect(await a.orders.seq(o.id)).toBe(4);
    await a.orders.transition(o.id, T0 + 41, () => ({ status: 'FAILED', detail: 'x', failureCode: 'NETWORK_ERROR', failureMessage: 'x' }));
    const r = await b.fill(o.id, T0 + 42, undefined, (ord, m) => fillOf(ord, m, T0 + 42));
    expect(r).toMatchObject({ filled: false, order: { status: 'FAILED' } });
    expect((await b.market.current()).version).toBe(v0);
  });
});

describe('market', () => {
  it('a write by one process is seen by the other at the next version, reloading only what moved', async () => {
    const before = await b.market.current();
    const { result, write } = await a.market.transact(T0 + 50, (m) => {
      const r = quoteAndExecute(m, SOL, USDC, 3n * 10n ** 9n, 0n, Math.floor(T0 / 1000));
      return { next: r.market, result: r.fill.amountOut };
    });
    expect(result).toBeGreaterThan(0n);
    expect(write?.version).toBe(before.version + 1);
    const seen = await b.market.current();
    expect(seen.version).toBe(before.version + 1);
    expect(seen).toEqual(await a.market.current());
    for (const id of write!.poolIds) expect(seen.poolUpdatedAt.get(id)).toBe(T0 + 50);
    // Pools the write did not touch are the very objects b had: only moved pools were re-read.
    const untouched = [...before.market.pools.keys()].filter((id) => !write!.poolIds.includes(id));
    expect(untouched.length).toBeGreaterThan(0);
    for (const id of untouched) expect(seen.market.pools.get(id)).toBe(before.market.pools.get(id));
  });

  it('a launch (a new pool, its token and reference price) is stored: the other process and a fresh one see all of it, even unflagged', async () => {
    const before = await b.market.current();
    const spec = DEFAULT_MARKET_SPEC.launches[0]!.pool;
    // Without referencePricesChanged: a market with new token and price maps is stored with them anyway.
    const { write } = await a.market.transact(T0 + 55, (m) => ({ next: launchPool(m, spec, Math.floor(T0 / 1000)), result: undefined }));
    expect(write).toEqual({ version: before.version + 1, poolIds: ['raydium-cpmm-kite-usdc'] });
    const fresh = await openStorage(env.config);
    try {
      for (const seen of [await b.market.current(), await fresh.market.init(() => { throw new Error('seeded already'); }, T0)]) {
        expect(seen.version).toBe(before.version + 1);
        expect(seen.market.pools.get('raydium-cpmm-kite-usdc')).toEqual((await a.market.current()).market.pools.get('raydium-cpmm-kite-usdc'));
        expect(seen.poolUpdatedAt.get('raydium-cpmm-kite-usdc')).toBe(T0 + 55);
        expect([...(seen.market.tokens?.values() ?? [])]).toEqual([{ ...spec.baseToken }]);
        expect(seen.market.referencePrices.get(spec.baseToken.mint)).toEqual({ num: 1n, den: 20n });
        expect(seen.market.volatility.get(spec.baseToken.mint)).toBe(spec.volatilityPerSqrtSecond);
      }
      // A later write without reference data (a fill) keeps the token.
      await b.market.transact(T0 + 56, (m) => ({ next: quoteAndExecute(m, USDC, SOL, 10n ** 6n, 0n, Math.floor(T0 / 1000)).market, result: undefined }));
      expect((await fresh.market.current()).market.tokens?.get(spec.baseToken.mint)?.symbol).toBe('KITE');
    } finally {
      await fresh.close();
    }
  });

  it('a change that returns no market writes nothing', async () => {
    const v0 = (await a.market.current()).version;
    const { write } = await a.market.transact(T0 + 60, () => ({ result: 1 }));
    expect(write).toBeUndefined();
    expect((await b.market.current()).version).toBe(v0);
  });

  it('answers ready while the database is up', async () => {
    expect(await a.ready()).toBe(true);
  });
});

describe('resting (conditional) orders', () => {
  /** An OPEN order of `type` resting with its condition, expiring at `expiresAt`. */
  function resting(market: MarketState, expiresAt: number | undefined, tokenOut: Token = USDC): OrderView {
    const base = newOrder(market);
    const condition: ConditionalOrder =
      tokenOut === USDC
        ? { kind: 'LIMIT', id: base.id, tokenIn: SOL, tokenOut: USDC, amountIn: base.amountIn, expiresAtMs: expiresAt, limitPrice: { num: 1000n, den: 1n }, minAmountOut: 1000n * 10n ** 6n }
        : { kind: 'SNIPER', id: base.id, tokenIn: SOL, amountIn: base.amountIn, expiresAtMs: expiresAt, tokenOutMint: tokenOut.mint, minLiquidity: 1n, maxPriceImpactBps: 100, slippageBps: 50 };
    return { ...base, status: 'OPEN', type: condition.kind, condition, expiresAt, tokenOut, minAmountOut: 0n };
  }

  it('read back with their condition, listed by id and by expiry, and leave the lists once they move on', async () => {
    const market = (await a.market.current()).market;
    const later = resting(market, T0 + 5_000);
    const sooner = resting(market, T0 + 1_000);
    const forever = resting(market, undefined);
    for (const o of [later, sooner, forever]) expect((await a.orders.insert(o, 'resting')).inserted).toBe(true);
    const read = await b.orders.find(sooner.id);
    expect(read).toEqual(sooner);
    expect(read!.condition).toEqual(sooner.condition);
    const ids = await b.orders.restingIds();
    for (const o of [later, sooner, forever]) expect(ids).toContain(o.id);
    expect((await b.orders.resting([later.id, forever.id, 'missing'])).map((o) => o.id).sort()).toEqual([later.id, forever.id].sort());
    expect((await b.orders.resting()).map((o) => o.id)).toEqual(expect.arrayContaining([later.id, sooner.id, forever.id]));
    // Expired by a moment: the earliest first, none without an expiry, none not yet due.
    expect(await b.orders.expiredResting(T0 + 999, 10)).not.toContain(sooner.id);
    const due = await b.orders.expiredResting(T0 + 10_000, 10);
    expect(due.indexOf(sooner.id)).toBeLessThan(due.indexOf(later.id));
    expect(due).not.toContain(forever.id);
    expect(await b.orders.expiredResting(T0 + 10_000, 1)).toHaveLength(1);
    const { update } = await b.orders.transition(sooner.id, T0 + 2_000, () => ({ status: 'EXPIRED', detail: 'expired' }));
    expect(update?.status).toBe('EXPIRED');
    expect(await a.orders.restingIds()).not.toContain(sooner.id);
    expect(await a.orders.expiredResting(T0 + 10_000, 10)).not.toContain(sooner.id);
  });

  it('a trigger writes its quote with the transition (a sniper learns its token), and every event replays as it stood', async () => {
    const market = (await a.market.current()).market;
    const mint = '77VrxXCM198eXiCXXL6FSTA9Qt6rJB5t7awjPUQxvRtG';
    const unlisted: Token = { symbol: mint, name: 'not listed yet', mint, decimals: 0, native: false };
    const order = resting(market, undefined, unlisted);
    await a.orders.insert(order, 'resting');
    expect(await b.orders.find(order.id)).toEqual(order);
    const launched: Token = { symbol: 'WIDE', name: 'Wide', mint, decimals: 6, native: false };
    const route = findBestRoute(market, SOL, USDC, order.amountIn, Math.floor(T0 / 1000));
    const quote = { tokenOut: launched, quotedAmountOut: 777n, minAmountOut: 700n, quotedRoute: route };
    const { update } = await b.orders.transition(order.id, T0 + 100, (o) => (o.status === 'OPEN' ? { status: 'PENDING', detail: 'triggered', quote } : undefined));
    expect(update?.order).toMatchObject({ status: 'PENDING', seq: 2, tokenOut: launched, quotedAmountOut: 777n, minAmountOut: 700n });
    const stored = await a.orders.find(order.id);
    expect(stored).toEqual(update!.order);
    expect(stored!.quotedRoute).toEqual(route);
    const events = await a.orders.eventsBetween(order.id, 0);
    expect(events.map((e) => [e.seq, e.status, e.order.minAmountOut, e.order.tokenOut.symbol])).toEqual([
      [1, 'OPEN', 0n, mint],
      [2, 'PENDING', 700n, 'WIDE'],
    ]);
  });

  it('a trigger and a cancel at the same moment: exactly one lands', async () => {
    const market = (await a.market.current()).market;
    for (let i = 0; i < 10; i++) {
      const order = resting(market, undefined);
      await a.orders.insert(order, 'resting');
      const fire = (s: Storage) => s.orders.transition(order.id, T0 + 200, (o) => (o.status === 'OPEN' ? { status: 'PENDING', detail: 'triggered' } : undefined));
      const cancel = (s: Storage) => s.orders.transition(order.id, T0 + 200, (o) => (o.status === 'OPEN' ? { status: 'CANCELLED', detail: 'cancelled' } : undefined));
      const [x, y] = await Promise.all(i % 2 === 0 ? [fire(a), cancel(b)] : [cancel(a), fire(b)]);
      expect([x.update, y.update].filter((u) => u !== undefined)).toHaveLength(1);
      const events = await a.orders.eventsBetween(order.id, 0);
      expect(events.map((e) => e.seq)).toEqual([1, 2]);
    }
  });
});
