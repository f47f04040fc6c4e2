import { describe, expect, it } from 'vitest';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { referenceRatio, type MarketState } from '../../src/domain/market/market.js';
import { arbitrageMarket, stepMarket } from '../../src/domain/market/motion.js';
import { createRng } from '../../src/domain/rng.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { spotPrice } from '../../src/domain/venues/venue.js';
import type { Pool } from '../../src/domain/venues/pool.js';
import { defaultMarket, NOW } from './market-fixtures.js';

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
      expect(b.den).toBe(a.den);
      return Math.abs(Number(b.num - a.num) / Number(a.num));
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
