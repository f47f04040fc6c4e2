import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAll } from '../../src/domain/conditional/evaluate.js';
import { TriggerIndex } from '../../src/domain/conditional/trigger-index.js';
import type { ConditionalOrder, FiredOrder } from '../../src/domain/conditional/types.js';
import { isDomainError } from '../../src/domain/errors.js';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { launchPool } from '../../src/domain/market/launch.js';
import { DEFAULT_MARKET_SPEC, type MarketState } from '../../src/domain/market/market.js';
import { stepMarket } from '../../src/domain/market/motion.js';
import { createRng } from '../../src/domain/rng.js';
import { routeFnFor, ROUTER_MODES, type RouteFn } from '../../src/domain/router-mode.js';
import { TOKENS, type Token } from '../../src/domain/tokens.js';
import { atomsWorth, KITE_MINT, launchedMarket, limitAt, stopAt, tradable, WIDE_LAUNCH } from '../helpers/conditional-fixtures.js';
import { defaultMarket, NOW } from '../helpers/market-fixtures.js';

const summary = (fired: readonly FiredOrder[]) => fired.map((f) => `${f.order.id}:${f.minAmountOut}:${f.route.amountOut}`);

function outFor(route: RouteFn, m: MarketState, a: Token, b: Token, amount: bigint, now: number): bigint | undefined {
  try {
    return route(m, a, b, amount, now).amountOut;
  } catch (e) {
    if (isDomainError(e)) return undefined;
    throw e;
  }
}

/** A market moved by random trades, motion steps and time (DLMM fee regimes change with it). */
function moved(m: MarketState, seed: number, trades: number, steps: number, dt: number): MarketState {
  const rng = createRng(seed);
  const tokens = tradable(m);
  for (let i = 0; i < trades; i++) {
    const a = tokens[rng.int(tokens.length)]!;
    const b = tokens[rng.int(tokens.length)]!;
    if (a.mint === b.mint) continue;
    try {
      m = quoteAndExecute(m, a, b, atomsWorth(a, 10 ** (1 + rng.next() * 5)), 0n, NOW + dt).market;
    } catch (e) {
      if (!isDomainError(e)) throw e;
    }
  }
  for (let i = 0; i < steps; i++) m = stepMarket(m, rng, 5, NOW + dt);
  return m;
}

const orderSpec = fc.record({
  // Half the orders on a few pairs, so size buckets fill up and the grid bounds get used.
  pair: fc.oneof(fc.constantFrom(1, 9, 15, 22), fc.nat(1000)),
  // Some sizes repeat (so buckets hold several orders), the rest spread over $0.1 to $500k.
  usdLog: fc.oneof(fc.constantFrom(0.5, 2, 3.5), fc.double({ min: -1, max: 5.7, noNaN: true })),
  kind: fc.constantFrom('LIMIT', 'STOP'),
  // Threshold against the executable output on the market the order is measured on: a relative
  // offset, or a boundary case one atom either side of it (or exactly on it).
  offsetBps: fc.integer({ min: -300, max: 300 }),
  boundary: fc.option(fc.constantFrom(-1n, 0n, 1n), { nil: undefined }),
  onMoved: fc.boolean(),
});

const caseArb = fc.record({
  mode: fc.constantFrom(...ROUTER_MODES),
  seed: fc.nat(),
  trades: fc.integer({ min: 0, max: 6 }),
  steps: fc.integer({ min: 0, max: 3 }),
  dt: fc.constantFrom(0, 4, 45, 700),
  wide: fc.boolean(),
  orders: fc.array(orderSpec, { minLength: 1, maxLength: 120, size: 'max' }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function buildOrders(c: Case, route: RouteFn, m0: MarketState, m1: MarketState, t1: number): ConditionalOrder[] {
  const tokens = tradable(m0);
  const orders: ConditionalOrder[] = [];
  c.orders.forEach((o, i) => {
    const a = tokens[o.pair % tokens.length]!;
    const b = tokens[Math.floor(o.pair / tokens.length) % tokens.length]!;
    if (a.mint === b.mint) return;
    const amount = atomsWorth(a, 10 ** o.usdLog);
    const ref = o.onMoved ? outFor(route, m1, a, b, amount, t1) : outFor(route, m0, a, b, amount, NOW);
    if (ref === undefined) return;
    const level = o.boundary !== undefined ? ref + o.boundary : (ref * BigInt(10_000 + o.offsetBps)) / 10_000n;
    if (level <= 0n) return;
    orders.push(o.kind === 'LIMIT' ? limitAt(`o${i}`, a, b, amount, level) : stopAt(`o${i}`, a, b, amount, level));
  });
  return orders;
}

describe('TriggerIndex', () => {
  it('fires exactly what a brute-force evaluation of every order fires, across market changes', () => {
    let gridSearches = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const route = routeFnFor(c.mode);
        const m0 = c.wide ? launchPool(launchedMarket(), WIDE_LAUNCH, NOW) : launchedMarket();
        const t1 = NOW + c.dt;
        const m1 = moved(m0, c.seed, c.trades, c.steps, c.dt);
        const orders = buildOrders(c, route, m0, m1, t1);
        const index = new TriggerIndex(route);
        for (const o of orders) index.add(o);

        const first = index.evaluate(m0, NOW);
        gridSearches += index.lastStats.gridSearches;
        expect(summary(first)).toEqual(summary(evaluateAll(orders, m0, NOW, route)));
        const firedIds = new Set(first.map((f) => f.order.id));
        const resting = orders.filter((o) => !firedIds.has(o.id));
        expect(index.size).toBe(resting.length);

        const second = index.evaluate(m1, t1);
        gridSearches += index.lastStats.gridSearches;
        expect(summary(second)).toEqual(summary(evaluateAll(resting, m1, t1, route)));
        // Nothing changed: nothing more fires, and no book is even looked at.
        expect(index.evaluate(m1, t1)).toEqual([]);
        expect(index.lastStats.books).toBe(0);
      }),
      { numRuns: 60 },
    );
    // The bounds from exact searches at grid sizes were exercised, not only the rate bound.
    expect(gridSearches).toBeGreaterThan(50);
  });

  it('skips most orders far from the market without a route search each', () => {
    const m = launchedMarket();
    const index = new TriggerIndex();
    const tokens = tradable(m);
    let n = 0;
    for (let i = 0; i < 400; i++) {
      const a = tokens[i % tokens.length]!;
      const b = tokens[(i * 7 + 3) % tokens.length]!;
      if (a.mint === b.mint) continue;
      const amount = atomsWorth(a, 10 ** (1 + (i % 4)));
      const out = outFor(routeFnFor('SMART'), m, a, b, amount, NOW);
      if (out === undefined) continue;
      // Limits 1-5% above the market, stops 1-5% below: none can fire.
      const far = BigInt(101 + (i % 5));
      index.add(i % 2 === 0 ? limitAt(`l${i}`, a, b, amount, (out * far) / 100n + 1n) : stopAt(`s${i}`, a, b, amount, (out * 100n) / far - 1n));
      n++;
    }
    expect(index.evaluate(m, NOW)).toEqual([]);
    expect(index.lastStats.examined + index.lastStats.skipped).toBe(n);
    expect(index.lastStats.examined).toBeLessThan(n / 10);
  });

  it('fires a sniper in the first market version where its new token is routable deep enough', () => {
    const route = routeFnFor('SMART');
    let m = defaultMarket();
    const sniper: ConditionalOrder = {
      kind: 'SNIPER',
      id: 'snipe',
      tokenIn: TOKENS.USDC,
      tokenOutMint: KITE_MINT,
      amountIn: 1_000n * 10n ** 6n,
      expiresAtMs: undefined,
      // The Raydium launch alone holds 200,000 USDC; both venues together 300,000.
      minLiquidity: 250_000n * 10n ** 6n,
      maxPriceImpactBps: 100,
      slippageBps: 50,
    };
    const index = new TriggerIndex(route);
    index.add(sniper);
    expect(index.evaluate(m, NOW)).toEqual([]);
    const [raydium, meteora] = DEFAULT_MARKET_SPEC.launches;
    m = launchPool(m, raydium!.pool, NOW + 60);
    expect(index.evaluate(m, NOW + 60)).toEqual([]);
    m = launchPool(m, meteora!.pool, NOW + 61);
    const fired = index.evaluate(m, NOW + 61);
    expect(fired.map((f) => f.order.id)).toEqual(['snipe']);
    expect(fired[0]!.tokenOut.symbol).toBe('KITE');
    expect(fired[0]!.route.kind).toBe('SPLIT');
    expect(fired[0]!.minAmountOut).toBe((fired[0]!.route.amountOut * 9950n) / 10_000n);
    expect(index.size).toBe(0);
  });

  it('expires orders by time, earliest first, and never returns a removed one', () => {
    const index = new TriggerIndex();
    const mk = (id: string, at: number) => limitAt(id, TOKENS.SOL, TOKENS.USDC, 10n ** 9n, 10n ** 12n, at);
    index.add(mk('b', 2_000));
    index.add(mk('a', 1_000));
    index.add(mk('c', 3_000));
    index.remove('c');
    expect(index.expired(999)).toEqual([]);
    expect(index.expired(2_000).map((o) => o.id)).toEqual(['a', 'b']);
    expect(index.expired(10_000)).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('refuses a second order with the same id', () => {
    const index = new TriggerIndex();
    const o = limitAt('x', TOKENS.SOL, TOKENS.USDC, 10n ** 9n, 1n);
    index.add(o);
    expect(() => index.add(o)).toThrow(expect.objectContaining({ code: 'DUPLICATE_CLIENT_ORDER_ID' }));
  });
});
