import { describe, expect, it } from 'vitest';
import { isDomainError, type DomainError } from '../../src/domain/errors.js';
import { executeRoute, quoteAndExecute } from '../../src/domain/execute.js';
import { minAmountOutFor } from '../../src/domain/order.js';
import { findBestRoute } from '../../src/domain/router.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { defaultMarket, NOW, poolDeltas } from '../helpers/market-fixtures.js';

const SOL = 10n ** 9n;
const USDC = 10n ** 6n;

describe('executeRoute', () => {
  it.each([
    ['direct', TOKENS.SOL, TOKENS.USDC, 5n * SOL],
    ['split', TOKENS.SOL, TOKENS.USDC, 1500n * SOL],
    ['two-hop', TOKENS.BONK, TOKENS.USDC, 10n ** 13n],
    ['two-hop vs direct', TOKENS.WSOL, TOKENS.USDT, 20n * SOL],
  ] as const)('fills exactly as quoted on an unchanged market (%s)', (_name, a, b, amount) => {
    const market = defaultMarket();
    const route = findBestRoute(market, a, b, amount, NOW);
    const { fill } = executeRoute(market, route, route.amountOut, NOW);
    expect(fill.amountIn).toBe(amount);
    expect(fill.amountOut).toBe(route.amountOut);
    expect(fill.legs).toEqual(route.legs);
    expect(fill.priceImpactPpm).toBe(route.priceImpactPpm);
    const feeByMint = new Map<string, bigint>();
    for (const l of route.legs) feeByMint.set(l.mintIn, (feeByMint.get(l.mintIn) ?? 0n) + l.fee);
    expect(new Map(fill.totalFee.map((f) => [f.mint, f.amount]))).toEqual(feeByMint);
  });

  it('conserves every atom: pool deltas equal the user\'s in and out', () => {
    const market = defaultMarket();
    const route = findBestRoute(market, TOKENS.BONK, TOKENS.USDC, 3n * 10n ** 13n, NOW);
    const { market: after, fill } = executeRoute(market, route, 0n, NOW);
    const d = poolDeltas(market, after);
    expect(d.get(TOKENS.BONK.mint)).toBe(fill.amountIn);
    expect(d.get(TOKENS.USDC.mint)).toBe(-fill.amountOut);
    expect(d.get(TOKENS.SOL.mint) ?? 0n).toBe(0n);
  });

  it('changes nothing when the fill would fall below minAmountOut', () => {
    const market = defaultMarket();
    const snapshot = structuredClone(market);
    const route = findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 50n * SOL, NOW);
    let err: DomainError | undefined;
    try {
      executeRoute(market, route, route.amountOut + 1n, NOW);
    } catch (e) {
      if (isDomainError(e)) err = e;
    }
    expect(err?.code).toBe('SLIPPAGE_EXCEEDED');
    expect(err?.details).toEqual({
      expected: route.amountOut.toString(),
      minAmountOut: (route.amountOut + 1n).toString(),
      actual: route.amountOut.toString(),
    });
    expect(market).toEqual(snapshot);
  });

  it('lets the next order see the price the previous one moved', () => {
    const m0 = defaultMarket();
    const first = quoteAndExecute(m0, TOKENS.SOL, TOKENS.USDC, 200n * SOL, 0n, NOW);
    const again = findBestRoute(first.market, TOKENS.SOL, TOKENS.USDC, 200n * SOL, NOW);
    expect(again.amountOut).toBeLessThan(first.fill.amountOut);
    // The other direction now gets more SOL per USDC than before.
    const back0 = findBestRoute(m0, TOKENS.USDC, TOKENS.SOL, 10_000n * USDC, NOW);
    const back1 = findBestRoute(first.market, TOKENS.USDC, TOKENS.SOL, 10_000n * USDC, NOW);
    expect(back1.amountOut).toBeGreaterThan(back0.amountOut);
  });

  it('fills a stale route at today\'s prices and enforces the quote\'s tolerance', () => {
    const m0 = defaultMarket();
    const quoted = findBestRoute(m0, TOKENS.SOL, TOKENS.USDC, 100n * SOL, NOW);
    const { market: moved } = quoteAndExecute(m0, TOKENS.SOL, TOKENS.USDC, 1000n * SOL, 0n, NOW);
    // Loose tolerance: fills, but for less than quoted.
    const loose = executeRoute(moved, quoted, minAmountOutFor(quoted.amountOut, 500), NOW);
    expect(loose.fill.amountOut).toBeLessThan(quoted.amountOut);
    expect(loose.fill.amountOut).toBeGreaterThanOrEqual(minAmountOutFor(quoted.amountOut, 500));
    // Tight tolerance: the same stale route is refused, and so is a fresh re-route.
    const tight = minAmountOutFor(quoted.amountOut, 10);
    expect(() => executeRoute(moved, quoted, tight, NOW)).toThrow(expect.objectContaining({ code: 'SLIPPAGE_EXCEEDED' }));
    expect(() => quoteAndExecute(moved, TOKENS.SOL, TOKENS.USDC, 100n * SOL, tight, NOW)).toThrow(
      expect.objectContaining({ code: 'SLIPPAGE_EXCEEDED' }),
    );
  });

  it('quoteAndExecute re-routes against the current pools', () => {
    const m0 = defaultMarket();
    const { market: m1 } = quoteAndExecute(m0, TOKENS.SOL, TOKENS.USDC, 1000n * SOL, 0n, NOW);
    const r = quoteAndExecute(m1, TOKENS.SOL, TOKENS.USDC, 30n * SOL, 0n, NOW);
    expect(r.fill.amountOut).toBe(r.route.amountOut);
    expect(r.route).toEqual(findBestRoute(m1, TOKENS.SOL, TOKENS.USDC, 30n * SOL, NOW));
  });

  it('skips a split leg whose share of a stale hop input rounds to 0 atoms, instead of swapping 0 (AMOUNT_ZERO)', () => {
    const market = defaultMarket();
    const route = findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 1500n * SOL, NOW);
    expect(route.kind).toBe('SPLIT');
    const [a, b] = route.legs;
    // A stale route whose first leg carried 1 atom of a larger quoted input: today's input
    // (1 atom less) gives it floor(input·1/quoted) = 0 atoms.
    const quoted = route.amountIn;
    const stale = { ...route, amountIn: quoted - 1n, legs: [{ ...a!, amountIn: 1n, shareBps: 0 }, { ...b!, amountIn: quoted - 1n, shareBps: 10_000 }] };
    const { fill } = executeRoute(market, stale, 0n, NOW);
    expect(fill.legs).toHaveLength(1);
    expect(fill.legs[0]).toMatchObject({ poolId: b!.poolId, amountIn: quoted - 1n, shareBps: 10_000 });
    expect(fill.amountOut).toBe(fill.legs[0]!.amountOut);
  });

  it('splits a stale hop input in the proportions of the quoted atoms, the last leg taking the remainder', () => {
    const market = defaultMarket();
    const route = findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 1500n * SOL, NOW);
    const [a, b] = route.legs;
    const input = route.amountIn / 2n;
    const { fill } = executeRoute(market, { ...route, amountIn: input }, 0n, NOW);
    const first = (input * a!.amountIn) / route.amountIn;
    expect(fill.legs.map((l) => l.amountIn)).toEqual([first, input - first]);
    expect(fill.legs.reduce((s, l) => s + l.shareBps, 0)).toBe(10_000);
    expect(b!.amountIn).toBeGreaterThan(0n);
  });

  it('threads pool state when a route uses the same pool twice', () => {
    const market = defaultMarket();
    const route = findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 10n * SOL, NOW);
    // Hand-made: two legs of one hop on the same pool must see each other's effect.
    const leg = route.legs[0]!;
    const doubled = { ...route, legs: [{ ...leg, shareBps: 5000 }, { ...leg, shareBps: 5000 }] };
    const { fill } = executeRoute(market, doubled, 0n, NOW);
    const single = executeRoute(market, route, 0n, NOW).fill;
    expect(fill.legs[1]!.amountOut).toBeLessThanOrEqual(fill.legs[0]!.amountOut);
    expect(fill.amountOut).toBeLessThanOrEqual(single.amountOut + 1n);
  });
});
