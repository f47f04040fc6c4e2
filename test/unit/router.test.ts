import { describe, expect, it } from 'vitest';
import { isDomainError, type DomainErrorCode } from '../../src/domain/errors.js';
import { findBestRoute } from '../../src/domain/router.js';
import type { Route } from '../../src/domain/route.js';
import { TOKENS, type TokenSymbol } from '../../src/domain/tokens.js';
import { defaultMarket, marketWith, NOW } from './market-fixtures.js';

const market = defaultMarket();
const atoms = (symbol: TokenSymbol, whole: number): bigint => BigInt(Math.round(whole * 10 ** TOKENS[symbol].decimals));
const route = (a: TokenSymbol, b: TokenSymbol, whole: number, m = market): Route => findBestRoute(m, TOKENS[a], TOKENS[b], atoms(a, whole), NOW);

/** Structural invariants every route must satisfy (Jupiter's routePlan shape, docs/venue-math.md §7). */
function checkShape(r: Route): void {
  const hops = Math.max(...r.legs.map((l) => l.hop)) + 1;
  let input = r.amountIn;
  for (let h = 0; h < hops; h++) {
    const legs = r.legs.filter((l) => l.hop === h);
    expect(legs.length).toBeGreaterThan(0);
    expect(legs.reduce((s, l) => s + l.amountIn, 0n)).toBe(input);
    expect(legs.reduce((s, l) => s + l.shareBps, 0)).toBe(10_000);
    expect(new Set(legs.map((l) => `${l.mintIn}>${l.mintOut}`)).size).toBe(1);
    expect(new Set(legs.map((l) => l.poolId)).size).toBe(legs.length);
    input = legs.reduce((s, l) => s + l.amountOut, 0n);
  }
  expect(input).toBe(r.amountOut);
  for (const alt of r.alternatives) if (alt.amountOut !== undefined) expect(r.amountOut).toBeGreaterThanOrEqual(alt.amountOut);
}

describe('findBestRoute', () => {
  it.each([
    ['SOL', 'USDC', 0.01],
    ['SOL', 'USDC', 1],
    ['SOL', 'USDC', 100],
    ['SOL', 'USDC', 2000],
    ['USDC', 'SOL', 300_000],
    ['WSOL', 'USDT', 50],
    ['BONK', 'SOL', 1e9],
    ['JUP', 'USDC', 100_000],
    ['RAY', 'SOL', 10_000],
    ['BONK', 'USDC', 5e8],
    ['JUP', 'SOL', 2_000],
  ] as const)('%s → %s (%s): well-formed and never worse than any single venue', (a, b, whole) => {
    const r = route(a, b, whole);
    checkShape(r);
    if (r.bestSingleVenueOut !== undefined) expect(r.amountOut).toBeGreaterThanOrEqual(r.bestSingleVenueOut);
    expect(r.savingsBps).toBeGreaterThanOrEqual(0);
  });

  it('splits a large SOL/USDC order across both venues, and it pays', () => {
    const r = route('SOL', 'USDC', 1000);
    expect(r.kind).toBe('SPLIT');
    expect(new Set(r.legs.map((l) => l.venue))).toEqual(new Set(['RAYDIUM', 'METEORA']));
    expect(r.amountOut).toBeGreaterThan(r.bestSingleVenueOut!);
    expect(r.savingsBps).toBeGreaterThan(0);
  });

  it("README worked example: 2,000 SOL → USDC on the default market, to the atom", () => {
    const r = route('SOL', 'USDC', 2000);
    expect(r.kind).toBe('SPLIT');
    expect(r.alternatives.map((q) => [q.venue, q.amountOut, q.priceImpactPpm])).toEqual([
      ['RAYDIUM', 285_119_442_790n, 47_505],
      ['METEORA', 297_850_353_678n, 6_446],
    ]);
    expect(r.legs.map((l) => [l.venue, l.amountIn, l.amountOut, l.fee, l.shareBps])).toEqual([
      ['RAYDIUM', 209_745_272_661n, 31_229_206_289n, 524_363_182n, 1049],
      ['METEORA', 1_790_254_727_339n, 266_805_599_201n, 1_037_174_123n, 8951],
    ]);
    expect(r.amountOut).toBe(298_034_805_490n);
    expect(r.amountOut - r.bestSingleVenueOut!).toBe(184_451_812n);
    expect(r.savingsBps).toBe(6.19);
    // 10 SOL goes to Meteora alone; 100 M BONK → USDC two-hop through SOL.
    const small = route('SOL', 'USDC', 10);
    expect([small.kind, small.legs[0]!.venue, small.amountOut, small.alternatives[0]!.amountOut]).toEqual(['DIRECT', 'METEORA', 1_499_249_173n, 1_496_325_728n]);
    const bonk = route('BONK', 'USDC', 1e8);
    expect([bonk.kind, bonk.legs[0]!.mintOut, bonk.amountOut]).toEqual(['TWO_HOP', TOKENS.SOL.mint, 1_996_378_694n]);
  });

  it('does not split a tiny order', () => {
    const r = route('SOL', 'USDC', 0.5);
    expect(r.kind).toBe('DIRECT');
    expect(r.legs).toHaveLength(1);
    expect(r.legs[0]!.shareBps).toBe(10_000);
    expect(r.amountOut).toBe(r.bestSingleVenueOut);
    expect(r.savingsBps).toBe(0);
  });

  it.each([
    ['BONK', 'USDC', 1e8, TOKENS.SOL.mint],
    ['JUP', 'SOL', 1000, TOKENS.USDC.mint],
    ['RAY', 'USDC', 500, TOKENS.SOL.mint],
  ] as const)('finds a two-hop route %s → %s through the only connecting mint', (a, b, whole, via) => {
    const r = route(a, b, whole);
    expect(r.kind).toBe('TWO_HOP');
    expect(r.legs[0]!.mintOut).toBe(via);
    expect(r.legs.at(-1)!.mintIn).toBe(via);
    expect(r.bestSingleVenueOut).toBeUndefined();
    expect(r.savingsBps).toBe(0);
    // Both venues are reported, neither can fill alone.
    expect(r.alternatives.map((q) => q.venue).sort()).toEqual(['METEORA', 'RAYDIUM']);
    for (const q of r.alternatives) expect(q.amountOut).toBeUndefined();
  });

  it('compares two-hop against direct where both exist (SOL → USDT via USDC beats the 0.25% CPMM)', () => {
    const r = route('SOL', 'USDT', 10);
    expect(r.kind).toBe('TWO_HOP');
    expect(r.amountOut).toBeGreaterThan(r.bestSingleVenueOut!);
    const direct = r.alternatives.find((q) => q.venue === 'RAYDIUM')!;
    expect(direct.amountOut).toBe(r.bestSingleVenueOut);
    expect(r.alternatives.find((q) => q.venue === 'METEORA')!.amountOut).toBeUndefined();
  });

  it('keeps the direct route when the two-hop path cannot beat it', () => {
    const r = route('USDC', 'USDT', 1000);
    expect(r.kind).toBe('DIRECT');
  });

  it.each([
    ['SOL', 'USDC', ['WRAP_SOL']],
    ['USDC', 'SOL', ['UNWRAP_SOL']],
    ['WSOL', 'USDC', []],
    ['USDC', 'WSOL', []],
    ['JUP', 'SOL', ['UNWRAP_SOL']],
    ['SOL', 'BONK', ['WRAP_SOL']],
  ] as const)('%s → %s has steps %j', (a, b, steps) => {
    expect(route(a, b, 1).steps).toEqual(steps);
  });

  it('reports price impact growing with size, 0 for a swap inside one DLMM bin', () => {
    expect(route('SOL', 'USDC', 0.1).priceImpactPpm).toBe(0);
    const small = route('SOL', 'USDC', 100).priceImpactPpm;
    const large = route('SOL', 'USDC', 3000).priceImpactPpm;
    expect(small).toBeGreaterThan(0);
    expect(large).toBeGreaterThan(small);
  });

  const errors: [string, () => unknown, DomainErrorCode][] = [
    ['SOL → SOL', () => route('SOL', 'SOL', 1), 'SAME_TOKEN'],
    ['SOL → WSOL is a wrap, not a swap', () => route('SOL', 'WSOL', 1), 'SAME_TOKEN'],
    ['no pool path', () => route('JUP', 'SOL', 1, marketWith(['raydium-cpmm-jup-usdc', 'raydium-cpmm-ray-sol'])), 'NO_ROUTE'],
    ['no pool at all for the pair', () => route('RAY', 'USDT', 1, marketWith(['raydium-cpmm-ray-sol'])), 'NO_ROUTE'],
    ['beyond a DLMM-only pair\'s depth', () => route('USDC', 'USDT', 10_000_000, marketWith(['meteora-dlmm-usdc-usdt'])), 'INSUFFICIENT_LIQUIDITY'],
    ['paths exist but none fills', () => route('SOL', 'USDT', 100_000, marketWith(['meteora-dlmm-sol-usdc', 'meteora-dlmm-usdc-usdt'])), 'INSUFFICIENT_LIQUIDITY'],
    ['zero amount', () => findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 0n, NOW), 'AMOUNT_ZERO'],
    // An amount every path absorbs but pays 0 for is too small, not a liquidity problem.
    ['1 atom of BONK to USDT (two hops, both return 0)', () => findBestRoute(market, TOKENS.BONK, TOKENS.USDT, 1n, NOW), 'AMOUNT_TOO_SMALL'],
    ['1 lamport to USDC (all fee on both venues)', () => findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 1n, NOW), 'AMOUNT_TOO_SMALL'],
    ['1 atom of USDC to USDT on the DLMM alone', () => findBestRoute(marketWith(['meteora-dlmm-usdc-usdt']), TOKENS.USDC, TOKENS.USDT, 1n, NOW), 'AMOUNT_TOO_SMALL'],
    ['above u64::MAX atoms', () => findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 2n ** 64n, NOW), 'AMOUNT_TOO_LARGE'],
    // u64::MAX lamports fit no path: the CPMM's SOL vault would pass u64::MAX, the DLMM is too shallow.
    ['a vault that would pass u64::MAX', () => findBestRoute(market, TOKENS.SOL, TOKENS.USDC, 2n ** 64n - 1n, NOW), 'AMOUNT_TOO_LARGE'],
  ];
  it.each(errors)('throws for %s', (_name, f, code) => {
    try {
      f();
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e, code), String(e)).toBe(true);
    }
  });

  it('never changes the market it quotes against', () => {
    const before = new Map(market.pools);
    route('SOL', 'USDC', 2000);
    route('BONK', 'USDC', 1e9);
    expect(market.pools).toEqual(before);
    for (const [id, p] of before) expect(market.pools.get(id)).toBe(p);
  });
});
