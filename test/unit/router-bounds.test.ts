/**
 * Pruning bounds are true upper bounds, so pruning never drops a winner. A DLMM's rate need not fall
 * bin by bin: with a high binStep, walking back toward indexReference inside the filter period lowers the
 * variable fee faster than the price worsens, so the rate RISES for a while. The first bin's rate
 * (variable fee included) then underestimates what the pool pays, and pruning a two-hop path with
 * it can discard the best route.
 */
import { describe, expect, it } from 'vitest';
import type { MarketState } from '../../src/domain/market/market.js';
import { quoterFor } from '../../src/domain/routing/pool-quoter.js';
import { findBestRoute } from '../../src/domain/router.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { startReferences, totalFeeRate, volatilityAt } from '../../src/domain/venues/meteora-dlmm-fees.js';
import { binPrice, createDlmmPool } from '../../src/domain/venues/meteora-dlmm.js';
import type { DlmmPool, Pool } from '../../src/domain/venues/pool.js';
import { createCpmmPool } from '../../src/domain/venues/raydium-cpmm.js';
import { swapExactIn } from '../../src/domain/venues/venue.js';

const NOW = 1000;
const USDC = TOKENS.USDC.mint;
const JUP = TOKENS.JUP.mint;
const RAY = TOKENS.RAY.mint;

// X = USDC, Y = JUP, binStep 100 (1% per bin, base fee 1%). A previous swap left the pool 15 bins
// below its indexReference, within the filter period (lastUpdate = NOW): selling JUP for USDC
// walks up, back toward the reference, and the variable fee falls from the 10% cap (15 bins
// away) to 7.76% (13 away) … while the price worsens only 1% per bin.
const dlmm: DlmmPool = {
  ...createDlmmPool({ id: 'dlmm-usdc-jup', mintX: USDC, mintY: JUP, binStep: 100, activeId: 0, amountX: 41n * 10n ** 9n, amountY: 10n ** 9n, binsPerSide: 20, nowSec: NOW }),
  indexReference: 15,
  volatilityReference: 0,
};
// USDC → RAY at exactly 1:1, no fee, deep: the second hop of JUP → USDC → RAY.
const usdcRay = createCpmmPool({ id: 'cpmm-usdc-ray', mintX: USDC, mintY: RAY, reserveX: 10n ** 15n, reserveY: 10n ** 15n, tradeFeeRate: 0 });
// A direct JUP → RAY pool with a 9.8% fee: better than the two-hop path's first-bin rate (0.900),
// worse than what that path really pays once its fee falls (≈ 0.9037 on average here).
const jupRay = createCpmmPool({ id: 'cpmm-jup-ray', mintX: JUP, mintY: RAY, reserveX: 10n ** 15n, reserveY: 10n ** 15n, tradeFeeRate: 98_000 });
const market: MarketState = {
  pools: new Map<string, Pool>([dlmm, usdcRay, jupRay].map((p) => [p.id, p])),
  referencePrices: new Map(),
  volatility: new Map(),
};
const AMOUNT = 10_000n * 10n ** 6n; // 10,000 JUP: about 3 bins

/** The DLMM's marginal rate (USDC atoms per JUP atom, fee included) in bin `id` at NOW. */
function binRate(id: number): number {
  const fee = Number(totalFeeRate(dlmm, volatilityAt(dlmm, startReferences(dlmm, NOW), id))) / 1e9;
  return (Number(2n ** 64n) / Number(binPrice(id, dlmm.binStep))) * (1 - fee);
}

describe('pruning with a DLMM whose rate rises along the walk (binStep 100)', () => {
  it('premise: the rate rises for a few bins after the first', () => {
    const rates = [0, 1, 2, 3, 4, 5].map(binRate);
    expect(rates[0]).toBeCloseTo(0.9, 9); // capped 10% fee
    expect(Math.max(...rates)).toBeGreaterThan(rates[0]! * 1.004);
  });

  it('rateUpper bounds every bin of the walk: the first bin at the base fee only', () => {
    const q = quoterFor(dlmm, JUP, NOW);
    expect(q.model.rateUpper).toBeCloseTo((Number(2n ** 64n) / Number(binPrice(0, 100))) * 0.99, 9);
    for (let id = 0; id <= 20; id++) expect(binRate(id)).toBeLessThanOrEqual(q.model.rateUpper);
  });

  it('keeps the two-hop path that the first-bin rate would have pruned', () => {
    const twoHop = swapExactIn(usdcRay, USDC, swapExactIn(dlmm, JUP, AMOUNT, NOW).amountOut, NOW).amountOut;
    const direct = swapExactIn(jupRay, JUP, AMOUNT, NOW).amountOut;
    // What the old bound said the path could give at most: amountIn × first-bin rate × 1.
    const oldBound = Number(AMOUNT) * binRate(0);
    expect(oldBound).toBeLessThan(Number(direct));
    expect(twoHop).toBeGreaterThan(direct);
    const r = findBestRoute(market, TOKENS.JUP, TOKENS.RAY, AMOUNT, NOW);
    expect(r.kind).toBe('TWO_HOP');
    expect(r.amountOut).toBe(twoHop);
    expect(r.bestSingleVenueOut).toBe(direct);
  });
});
