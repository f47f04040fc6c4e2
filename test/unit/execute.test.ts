import { describe, expect, it } from 'vitest';
import { isDomainError, type DomainError } from '../../src/domain/errors.js';
import { executeRoute, quoteAndExecute } from '../../src/domain/execute.js';
import { minAmountOutFor } from '../../src/domain/order.js';
import { findBestRoute } from '../../src/domain/router.js';
import { legPath, routePaths } from '../../src/domain/route.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { defaultMarket, marketWith, NOW, poolDeltas } from '../helpers/market-fixtures.js';

const SOL = 10n ** 9n;
const USDC = 10n ** 6n;

/** The SOL/USDC pools alone: large orders split across the two venues of one hop. */
const pairOnly = () => marketWith(['raydium-cpmm-sol-usdc', 'meteora-dlmm-sol-usdc']);

describe('executeRoute', () => {
  it.each([
    ['direct', TOKENS.SOL, TOKENS.USDC, 5n * SOL, 'DIRECT'],
    ['split', TOKENS.SOL, TOKENS.USDC, 300n * SOL, 'SPLIT'],
    ['two-hop', TOKENS.BONK, TOKENS.USDC, 10n ** 13n, 'TWO_HOP'],
    ['two-hop vs direct', TOKENS.WSOL, TOKENS.USDT, 20n * SOL, 'TWO_HOP'],
    ['three-hop', TOKENS.BONK, TOKENS.JUP, 10n ** 13n, 'THREE_HOP'],
    ['three-hop, hops split', TOKENS.RAY, TOKENS.JUP, 300_000n * 10n ** 6n, 'THREE_HOP'],
    ['multi-path', TOKENS.SOL, TOKENS.USDC, 1500n * SOL, 'MULTI_PATH'],
    ['multi-path past a pool\'s depth', TOKENS.USDC, TOKENS.USDT, 2_040_000n * USDC, 'MULTI_PATH'],
  ] as const)('fills exactly as quoted on an unchanged market (%s)', (_name, a, b, amount, kind) => {
    const market = defaultMarket();
    const route = findBestRoute(market, a, b, amount, NOW);
    expect(route.kind).toBe(kind);
    // The large three-hop order splits its second and third hops across both venues.
    if (_name === 'three-hop, hops split') expect(route.legs.map((l) => l.hop)).toEqual([0, 1, 1, 2, 2]);
    const { fill } = executeRoute(market, route, route.amountOut, NOW);
    expect(fill.amountIn).toBe(amount);
    expect(fill.amountOut).toBe(route.amountOut);
    expect(fill.legs).toEqual(route.legs);
    expect(fill.priceImpactPpm).toBe(route.priceImpactPpm);
    const feeByMint = new Map<string, bigint>();
    for (const l of route.legs) feeByMint.set(l.mintIn, (feeByMint.get(l.mintIn) ?? 0n) + l.fee);
    expect(new Map(fill.totalFee.map((f) => [f.mint, f.amount]))).toEqual(feeByMint);
  });

  it.each([
    ['two hops', TOKENS.BONK, TOKENS.USDC, 3n * 10n ** 13n],
    ['three hops', TOKENS.RAY, TOKENS.JUP, 300_000n * 10n ** 6n],
    ['two paths', TOKENS.SOL, TOKENS.USDC, 1500n * SOL],
  ] as const)('conserves every atom: pool deltas equal the user\'s in and out (%s)', (_name, a, b, amount) => {
    const market = defaultMarket();
    const route = findBestRoute(market, a, b, amount, NOW);
    const { market: after, fill } = executeRoute(market, route, 0n, NOW);
    const d = poolDeltas(market, after);
    expect(d.get(a.mint)).toBe(fill.amountIn);
    expect(d.get(b.mint)).toBe(-fill.amountOut);
    for (const [mint, delta] of d) if (mint !== a.mint && mint !== b.mint) expect(delta, mint).toBe(0n);
  });

  it.each([
    ['direct', TOKENS.SOL, TOKENS.USDC, 50n * SOL],
    ['three hops', TOKENS.BONK, TOKENS.JUP, 10n ** 13n],
    ['two paths', TOKENS.SOL, TOKENS.USDC, 1500n * SOL],
  ] as const)('changes nothing when the fill would fall below minAmountOut (%s)', (_name, a, b, amount) => {
    const market = defaultMarket();
    const snapshot = structuredClone(market);
    const route = findBestRoute(market, a, b, amount, NOW);
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
    const market = pairOnly();
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
    const market = pairOnly();
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

  it('splits a stale route\'s input across its paths in the proportions of their quoted inputs, the last path taking the remainder', () => {
    const market = defaultMarket();
    const route = findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 1500n * SOL, NOW);
    const [p0, p1] = routePaths(route.legs);
    const input = route.amountIn / 3n;
    const { fill } = executeRoute(market, { ...route, amountIn: input }, 0n, NOW);
    const first = (input * p0!.amountIn) / route.amountIn;
    expect(routePaths(fill.legs).map((p) => p.amountIn)).toEqual([first, input - first]);
    expect(p1!.amountIn).toBeGreaterThan(0n);
  });

  it('reads a stored route without path indexes (written before multi-path routes) as one path', () => {
    const market = defaultMarket();
    const route = findBestRoute(market, TOKENS.BONK, TOKENS.USDC, 10n ** 13n, NOW);
    const legacy = { ...route, legs: route.legs.map(({ path: _path, ...leg }) => leg) };
    expect(legacy.legs.every((l) => !('path' in l))).toBe(true);
    const { fill } = executeRoute(market, legacy, route.amountOut, NOW);
    expect(fill.amountOut).toBe(route.amountOut);
    expect(fill.legs.map(legPath)).toEqual(route.legs.map(() => 0));
  });

  it('refuses paths that do not end in the same mint, or whose legs are interleaved', () => {
    const market = defaultMarket();
    const route = findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 1500n * SOL, NOW);
    const viaUsdt = route.legs.filter((l) => l.path === 1);
    const truncated = { ...route, legs: route.legs.filter((l) => !(l.path === 1 && l.hop === 1)) };
    expect(viaUsdt).toHaveLength(2);
    expect(() => executeRoute(market, truncated, 0n, NOW)).toThrow(expect.objectContaining({ code: 'NO_ROUTE' }));
    const interleaved = { ...route, legs: [route.legs[0]!, viaUsdt[0]!, ...route.legs.slice(1).filter((l) => l !== viaUsdt[0])] };
    expect(() => executeRoute(market, interleaved, 0n, NOW)).toThrow(expect.objectContaining({ code: 'NO_ROUTE' }));
  });
});
