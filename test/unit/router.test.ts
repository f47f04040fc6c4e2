import { describe, expect, it } from 'vitest';
import { isDomainError, type DomainErrorCode } from '../../src/domain/errors.js';
import { findBestRoute } from '../../src/domain/router.js';
import { routePaths, type Route } from '../../src/domain/route.js';
import { TOKENS, type TokenSymbol } from '../../src/domain/tokens.js';
import { checkShape } from '../helpers/route-shape.js';
import { defaultMarket, marketWith, NOW } from '../helpers/market-fixtures.js';

const market = defaultMarket();
const atoms = (symbol: TokenSymbol, whole: number): bigint => BigInt(Math.round(whole * 10 ** TOKENS[symbol].decimals));
const route = (a: TokenSymbol, b: TokenSymbol, whole: number, m = market): Route => findBestRoute(m, TOKENS[a], TOKENS[b], atoms(a, whole), NOW);

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
    ['BONK', 'JUP', 1e8],
    ['RAY', 'JUP', 500],
    ['USDC', 'USDT', 2_040_000],
    ['USDT', 'BONK', 100_000],
  ] as const)('%s → %s (%s): well-formed and never worse than any single venue', (a, b, whole) => {
    const r = route(a, b, whole);
    checkShape(r);
    if (r.bestSingleVenueOut !== undefined) expect(r.amountOut).toBeGreaterThanOrEqual(r.bestSingleVenueOut);
    expect(r.savingsBps).toBeGreaterThanOrEqual(0);
  });

  it('splits a large SOL/USDC order across both venues, and it pays', () => {
    // Only the pair's own pools: the split across venues alone (on the default market a second path
    // through USDT joins it, below).
    const r = route('SOL', 'USDC', 1000, marketWith(['raydium-cpmm-sol-usdc', 'meteora-dlmm-sol-usdc']));
    expect(r.kind).toBe('SPLIT');
    expect(new Set(r.legs.map((l) => l.venue))).toEqual(new Set(['RAYDIUM', 'METEORA']));
    expect(r.amountOut).toBeGreaterThan(r.bestSingleVenueOut!);
    expect(r.savingsBps).toBeGreaterThan(0);
  });

  it('2,000 SOL → USDC on the pair alone: the split across venues, to the atom', () => {
    const r = route('SOL', 'USDC', 2000, marketWith(['raydium-cpmm-sol-usdc', 'meteora-dlmm-sol-usdc']));
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
  });

  it('README worked example: 2,000 SOL → USDC on the default market, to the atom (the pair split, plus a path through USDT)', () => {
    const r = route('SOL', 'USDC', 2000);
    expect(r.kind).toBe('MULTI_PATH');
    expect(r.alternatives.map((q) => [q.venue, q.amountOut, q.priceImpactPpm])).toEqual([
      ['RAYDIUM', 285_119_442_790n, 47_505],
      ['METEORA', 297_850_353_678n, 6_446],
    ]);
    expect(r.legs.map((l) => [l.path, l.hop, l.venue, l.poolId, l.amountIn, l.amountOut, l.fee, l.shareBps])).toEqual([
      [0, 0, 'RAYDIUM', 'raydium-cpmm-sol-usdc', 200_949_913_870n, 29_926_185_247n, 502_374_785n, 1042],
      [0, 0, 'METEORA', 'meteora-dlmm-sol-usdc', 1_726_713_781_173n, 257_391_814_127n, 978_872_041n, 8958],
      [1, 0, 'RAYDIUM', 'raydium-cpmm-sol-usdt', 72_336_304_957n, 10_771_504_767n, 180_840_763n, 10000],
      [1, 1, 'METEORA', 'meteora-dlmm-usdc-usdt', 10_771_504_767n, 10_770_427_616n, 1_077_151n, 10000],
    ]);
    expect(routePaths(r.legs).map((p) => p.shareBps)).toEqual([9638, 362]);
    expect(r.amountOut).toBe(298_088_426_990n);
    expect(r.amountOut - r.bestSingleVenueOut!).toBe(238_073_312n);
    expect(r.savingsBps).toBe(7.99);
    expect(r.priceImpactPpm).toBe(5485);
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
    ['BONK', 'JUP', 1e8, 2_494_834_664n, ['meteora-dlmm-bonk-sol', 'meteora-dlmm-sol-usdc', 'meteora-dlmm-jup-usdc']],
    ['RAY', 'JUP', 500, 1_555_475_396n, ['raydium-cpmm-ray-sol', 'meteora-dlmm-sol-usdc', 'meteora-dlmm-jup-usdc']],
  ] as const)('routes %s → %s through three hops (SOL, then USDC), to the atom', (a, b, whole, out, pools) => {
    const r = route(a, b, whole);
    expect(r.kind).toBe('THREE_HOP');
    expect(r.amountOut).toBe(out);
    expect(r.legs.map((l) => [l.path, l.hop, l.poolId])).toEqual(pools.map((id, hop) => [0, hop, id]));
    expect(routePaths(r.legs)[0]!.mints).toEqual([TOKENS[a].mint, TOKENS.SOL.mint, TOKENS.USDC.mint, TOKENS[b].mint]);
    expect(r.bestSingleVenueOut).toBeUndefined();
    expect(r.savingsBps).toBe(0);
  });

  it('past the direct pool\'s depth, sends the rest through a second path instead of abandoning the direct pool (2.04 M USDC → USDT)', () => {
    const below = route('USDC', 'USDT', 1_990_000);
    const past = route('USDC', 'USDT', 2_040_000);
    expect([below.kind, below.amountOut]).toEqual(['DIRECT', 1_988_276_638_848n]);
    expect(past.kind).toBe('MULTI_PATH');
    expect(past.amountOut).toBe(2_037_477_754_907n);
    expect(past.amountOut).toBeGreaterThan(below.amountOut);
    const [direct, via] = routePaths(past.legs);
    expect(direct!.mints).toEqual([TOKENS.USDC.mint, TOKENS.USDT.mint]);
    expect(via!.mints).toEqual([TOKENS.USDC.mint, TOKENS.SOL.mint, TOKENS.USDT.mint]);
    // The DLMM is drained to its last atom; no single venue can fill the order.
    expect(direct!.amountOut).toBe(2_000_000_000_000n);
    expect(past.bestSingleVenueOut).toBeUndefined();
    expect(past.savingsBps).toBe(0);
  });

  describe('on a market holding one venue\'s pools only (as a backtest restricts venues)', () => {
    const ids = (venue: string) => ['raydium-cpmm-sol-usdc', 'meteora-dlmm-sol-usdc', 'raydium-cpmm-sol-usdt', 'meteora-dlmm-usdc-usdt', 'raydium-cpmm-bonk-sol', 'meteora-dlmm-bonk-sol', 'raydium-cpmm-jup-usdc', 'meteora-dlmm-jup-usdc', 'raydium-cpmm-ray-sol'].filter((id) => id.startsWith(venue));
    const raydium = marketWith(ids('raydium'));
    const meteora = marketWith(ids('meteora'));

    it.each([
      ['raydium', 'SOL', 'USDC', 2000, 'DIRECT'],
      ['raydium', 'BONK', 'JUP', 1e8, 'THREE_HOP'],
      ['raydium', 'USDC', 'USDT', 1000, 'TWO_HOP'],
      ['meteora', 'SOL', 'USDC', 2000, 'DIRECT'],
      ['meteora', 'BONK', 'JUP', 1e8, 'THREE_HOP'],
      ['meteora', 'SOL', 'USDT', 10, 'TWO_HOP'],
    ] as const)('%s: %s → %s (%s) routes through its pools alone (%s)', (venue, a, b, whole, kind) => {
      const r = route(a, b, whole, venue === 'raydium' ? raydium : meteora);
      checkShape(r);
      expect(r.kind).toBe(kind);
      expect(r.legs.every((l) => l.venue === venue.toUpperCase())).toBe(true);
      // The other venue is still reported, with nothing it could fill.
      const other = r.alternatives.find((q) => q.venue !== venue.toUpperCase())!;
      expect([other.poolId, other.amountOut]).toEqual(['', undefined]);
    });

    it('a pair a venue cannot connect has no route there (RAY → JUP on Meteora: no RAY pool)', () => {
      expect(() => route('RAY', 'JUP', 10, meteora)).toThrow(expect.objectContaining({ code: 'NO_ROUTE' }));
    });
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
    // u64::MAX lamports fit no path of the pair alone: the CPMM's SOL vault would pass u64::MAX, the
    // DLMM is too shallow (on the default market the path through USDT takes the rest).
    ['a vault that would pass u64::MAX', () => findBestRoute(marketWith(['raydium-cpmm-sol-usdc', 'meteora-dlmm-sol-usdc']), TOKENS.SOL, TOKENS.USDC, 2n ** 64n - 1n, NOW), 'AMOUNT_TOO_LARGE'],
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
