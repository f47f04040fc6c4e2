import { describe, expect, it } from 'vitest';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { referenceRatio, usdPriceToRatio, type MarketState } from '../../src/domain/market/market.js';
import { arbitrageMarket, scaleReferencePrice, stepMarket } from '../../src/domain/market/motion.js';
import { createRng } from '../../src/domain/rng.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { spotPrice } from '../../src/domain/venues/venue.js';
import type { Pool, Ratio } from '../../src/domain/venues/pool.js';
import { defaultMarket, NOW } from '../helpers/market-fixtures.js';

/** |spot − reference| / reference in bps (float, test-side only). */
function gapBps(market: MarketState, pool: Pool): number {
  const s = spotPrice(pool);
  const r = referenceRatio(market, pool.mintX, pool.mintY);
  return Math.abs(Number(((s.num * r.den - r.num * s.den) * 10_000_000n) / (r.num * s.den)) / 1000);
}

describe('stepMarket', () => {
  it('drifts volatile reference prices and keeps stablecoins nearly fixed', () => {
    const m0 = defaultMarket();
    const rng = createRng(7);
    let m = m0;
    for (let i = 0; i < 60; i++) m = stepMarket(m, rng, 60, NOW + 60 * (i + 1));
    const drift = (mint: string): number => {
      const a = m0.referencePrices.get(mint)!;
      const b = m.referencePrices.get(mint)!;
      // The walk may carry more digits (numerator and denominator scaled alike): compare values.
      return Math.abs(Number(b.num * a.den - a.num * b.den) / Number(a.num * b.den));
    };
    expect(drift(TOKENS.SOL.mint)).toBeGreaterThan(0);
    expect(drift(TOKENS.BONK.mint)).toBeGreaterThan(0);
    expect(drift(TOKENS.USDC.mint)).toBeLessThan(0.001);
    expect(drift(TOKENS.USDT.mint)).toBeLessThan(0.001);
  });

  it('keeps prices exact rationals with positive numerators', () => {
    let m = defaultMarket();
    const rng = createRng(1);
    for (let i = 0; i < 20; i++) m = stepMarket(m, rng, 3600, NOW + i);
    for (const p of m.referencePrices.values()) {
      expect(typeof p.num).toBe('bigint');
      expect(p.num).toBeGreaterThan(0n);
    }
  });

  it('leaves prices unchanged for dt = 0', () => {
    const m0 = defaultMarket();
    const m1 = stepMarket(m0, createRng(3), 0, NOW);
    expect(m1.referencePrices).toEqual(m0.referencePrices);
  });

  it('arbitrage pulls a pool an order pushed away back toward the reference', () => {
    const m0 = defaultMarket();
    const { market: pushed } = quoteAndExecute(m0, TOKENS.SOL, TOKENS.USDC, 3000n * 10n ** 9n, 0n, NOW);
    const ids = ['raydium-cpmm-sol-usdc', 'meteora-dlmm-sol-usdc'];
    const after = arbitrageMarket(pushed, NOW + 1);
    for (const id of ids) {
      const before = gapBps(pushed, pushed.pools.get(id)!);
      expect(before, id).toBeGreaterThan(30);
      const gap = gapBps(after, after.pools.get(id)!);
      expect(gap, id).toBeLessThan(before);
      // Within one fee (CPMM 25 bps) or one bin plus fee (DLMM) of the target, plus rounding.
      expect(gap, id).toBeLessThan(30);
    }
  });

  it('follows a moving reference: pools track the random walk', () => {
    let m = defaultMarket();
    const rng = createRng(11);
    for (let i = 0; i < 30; i++) m = stepMarket(m, rng, 600, NOW + 600 * (i + 1));
    for (const pool of m.pools.values()) expect(gapBps(m, pool), pool.id).toBeLessThan(60);
  });

  it('keeps what orders did to pools between ticks (nothing rebuilds them)', () => {
    const m0 = defaultMarket();
    const { market: m1 } = quoteAndExecute(m0, TOKENS.BONK, TOKENS.SOL, 10n ** 14n, 0n, NOW);
    const m2 = stepMarket(m1, createRng(5), 0, NOW);
    for (const [id, p] of m2.pools) {
      // Pools already inside their no-arbitrage band are returned as the very same object.
      if (gapBps(m1, m1.pools.get(id)!) < 1) expect(p, id).toBe(m1.pools.get(id));
    }
    expect(m2.pools.get('raydium-cpmm-bonk-sol')).not.toEqual(m0.pools.get('raydium-cpmm-bonk-sol'));
  });
});

describe('the reference-price walk has no drift of its own: each step multiplies the exact price by the double factor and rounds once, half to even', () => {
  const BONK = TOKENS.BONK.mint;
  // BONK at $0.00002: numerator 2·10^7 at 12 USD decimals, where a floor per step loses 2.5·10^-8.
  const bonk = usdPriceToRatio('0.00002', TOKENS.BONK.decimals);
  const SIGMA = 0.00027; // default-market.json
  const value = (r: Ratio): number => Number(r.num) / Number(r.den);

  it.each([
    // [num, den, factor, expected num, expected den]: exact product, rounded half to even
    [10n ** 18n, 7n, 1.5, 15n * 10n ** 17n, 7n],
    [10n ** 18n + 1n, 1n, 0.5, 5n * 10n ** 17n, 1n], // …0.5 → even (…000)
    [10n ** 18n + 3n, 1n, 0.5, 5n * 10n ** 17n + 2n, 1n], // …1.5 → even (…002)
    [10n ** 18n, 1n, 0.1, 100_000_000_000_000_006n, 1n], // 0.1 as a double is 0.1000000000000000055…
    [2n * 10n ** 7n, 10n ** 11n, 2, 4n * 10n ** 18n, 10n ** 22n], // rescaled to ≥ 10^18 first, same value
  ])('%s/%s × %s = %s/%s', (num, den, factor, eNum, eDen) => {
    expect(scaleReferencePrice({ num, den }, factor)).toEqual({ num: eNum, den: eDen });
  });

  it('rejects a factor that is not finite and positive', () => {
    for (const f of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => scaleReferencePrice(bonk, f)).toThrow(RangeError);
  });

  it('a week of 1 s steps of a BONK-like price stays within 1e-9 of the exact float walk', () => {
    const rng = createRng(20_240_601);
    let exact = bonk;
    let float = value(bonk);
    for (let i = 0; i < 7 * 24 * 3600; i++) {
      const f = Math.exp(SIGMA * rng.normal() - (SIGMA * SIGMA) / 2);
      exact = scaleReferencePrice(exact, f);
      float *= f;
    }
    // A floor per step would be −2.5e-8 × 604,800 ≈ −1.5% off by now.
    expect(Math.abs(value(exact) / float - 1)).toBeLessThan(1e-9);
  });

  it('stepMarket itself tracks the float walk: 50,000 ticks of BONK alone, same seed, same draws', () => {
    let m: MarketState = { pools: new Map(), referencePrices: new Map([[BONK, bonk]]), volatility: new Map([[BONK, SIGMA]]) };
    const rng = createRng(7);
    const replay = createRng(7);
    let float = value(bonk);
    for (let i = 0; i < 50_000; i++) {
      m = stepMarket(m, rng, 1, NOW + i);
      float *= Math.exp(SIGMA * replay.normal() - (SIGMA * SIGMA) / 2);
    }
    // The old floor step was −1.25e-3 off here.
    expect(Math.abs(value(m.referencePrices.get(BONK)!) / float - 1)).toBeLessThan(1e-9);
  });
});
