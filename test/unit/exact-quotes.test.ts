/**
 * The exact layer the router quotes from (quoter.ts, meteora-dlmm-walk.ts) against independent
 * references: the original bin-by-bin DLMM walk (reference-dlmm.ts) and the venues' swapExactIn.
 * Also: capacities are exact (no float decides what fits), and the float models the search uses are
 * true upper bounds on the exact output, including where DLMM rates rise along the walk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import type { MarketState } from '../../src/domain/market/market.js';
import { quoterFor } from '../../src/domain/routing/pool-quoter.js';
import { findBestRoute } from '../../src/domain/router.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { createDlmmPool, swapDlmm } from '../../src/domain/venues/meteora-dlmm.js';
import type { DlmmPool, Pool } from '../../src/domain/venues/pool.js';
import { createCpmmPool } from '../../src/domain/venues/raydium-cpmm.js';
import { swapExactIn } from '../../src/domain/venues/venue.js';
import { referenceSwapDlmm } from './reference-dlmm.js';

fc.configureGlobal({ ...fc.readConfigureGlobal(), interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true });

const X = 'MintX111111111111111111111111111111111111111';
const Y = 'MintY111111111111111111111111111111111111111';
const NOW = 5000;

/**
 * DLMM pools in every fee state: any binStep up to 400, references away from the active bin (so
 * a walk back toward indexReference lowers the variable fee), any regime relative to NOW.
 */
const dlmmArb = fc
  .record({
    binStep: fc.integer({ min: 1, max: 400 }),
    // Prices within e^±10 of 1 (id·binStep ≤ 1e5) so every bin has a Q64.64 price.
    idScale: fc.double({ min: -1, max: 1, noNaN: true }),
    amountX: fc.bigInt(1n, 10n ** 15n),
    amountY: fc.bigInt(1n, 10n ** 15n),
    binsPerSide: fc.integer({ min: 0, max: 60 }),
    shape: fc.constantFrom('spot' as const, 'curve' as const),
    va: fc.integer({ min: 0, max: 350_000 }),
    vr: fc.integer({ min: 0, max: 350_000 }),
    refOffset: fc.integer({ min: -40, max: 40 }),
    age: fc.constantFrom(0, 5, 29, 30, 100, 599, 600, 5000),
  })
  .map(({ va, vr, refOffset, age, idScale, ...r }): DlmmPool => {
    const activeId = Math.round((idScale * 100_000) / r.binStep);
    return {
      ...createDlmmPool({ id: 'd', mintX: X, mintY: Y, nowSec: NOW - age, activeId, ...r }),
      volatilityAccumulator: va,
      volatilityReference: vr,
      indexReference: activeId + refOffset,
    };
  });

const cpmmArb = fc
  .record({
    reserveX: fc.bigInt(1n, 10n ** 18n),
    reserveY: fc.bigInt(1n, 10n ** 18n),
    tradeFeeRate: fc.constantFrom(0, 100, 2500, 10_000, 40_000, 250_000),
  })
  .map((r): Pool => createCpmmPool({ id: 'c', mintX: X, mintY: Y, ...r }));

/** Amounts spread over the capacity (cube of a uniform: many small ones), 1 atom past it too. */
function amountsFor(cap: bigint, u: readonly number[]): bigint[] {
  const c = cap > 10n ** 19n ? 10n ** 19n : cap;
  const out = u.map((x) => 1n + BigInt(Math.floor(Number(c) * x ** 3)));
  out.push(cap, cap + 1n);
  return out.filter((a) => a >= 1n);
}

function tryRef(pool: DlmmPool, sellX: boolean, a: bigint): ReturnType<typeof referenceSwapDlmm> | undefined {
  try {
    return referenceSwapDlmm(pool, sellX, a, NOW);
  } catch (e) {
    if (isDomainError(e, 'INSUFFICIENT_LIQUIDITY')) return undefined;
    throw e;
  }
}

describe('DLMM walk table', () => {
  it('swapDlmm equals the original bin-by-bin walk: amounts, fees and the whole next pool', () => {
    fc.assert(
      fc.property(dlmmArb, fc.boolean(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 8 }), (pool, sellX, u) => {
        const cap = quoterFor(pool, sellX ? X : Y, NOW).exact.capacity();
        for (const a of amountsFor(cap, u)) {
          const ref = tryRef(pool, sellX, a);
          if (ref === undefined) {
            expect(a > cap, `${a} ≤ capacity ${cap} but the reference walk ran out`).toBe(true);
            expect(() => swapDlmm(pool, sellX, a, NOW)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_LIQUIDITY' }));
            continue;
          }
          expect(a <= cap).toBe(true);
          expect(swapDlmm(pool, sellX, a, NOW)).toEqual(ref);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the unfilled amount in the error details', () => {
    const pool = createDlmmPool({ id: 'd', mintX: X, mintY: Y, binStep: 10, activeId: 0, amountX: 5000n, amountY: 5000n, binsPerSide: 50 });
    const cap = quoterFor(pool, X, 0).exact.capacity();
    try {
      swapDlmm(pool, true, cap + 7n, 0);
      expect.unreachable();
    } catch (e) {
      expect(isDomainError(e, 'INSUFFICIENT_LIQUIDITY')).toBe(true);
      expect((e as { details: Record<string, unknown> }).details).toMatchObject({ unfilled: '7', programError: 6012 });
    }
  });
});

describe('quoter: exact legs, exact capacity, float models that bound from above', () => {
  it('every leg equals what swapExactIn reports, on both venues, and fits() is the exact capacity', () => {
    fc.assert(
      fc.property(fc.oneof(dlmmArb, cpmmArb), fc.boolean(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 8 }), (pool, sellX, u) => {
        const mint = sellX ? X : Y;
        const q = quoterFor(pool, mint, NOW);
        const cap = q.exact.capacity();
        for (const a of amountsFor(cap, u)) {
          if (a > 2n ** 64n - 1n) continue;
          let swap;
          try {
            swap = swapExactIn(pool, mint, a, NOW);
          } catch (e) {
            if (!isDomainError(e, 'INSUFFICIENT_LIQUIDITY') && !isDomainError(e, 'AMOUNT_TOO_LARGE')) throw e;
            expect(q.exact.fits(a)).toBe(false);
            expect(q.exact.leg(a)).toBeUndefined();
            continue;
          }
          expect(q.exact.fits(a)).toBe(true);
          const leg = q.exact.leg(a)!;
          expect([leg.amountOut, leg.fee, leg.priceImpactPpm]).toEqual([swap.amountOut, swap.fee, swap.priceImpactPpm]);
          expect(q.exact.amountOut(a)).toBe(swap.amountOut);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('model(a) ≥ exact out and a·rateUpper ≥ exact out, even where DLMM rates rise', () => {
    fc.assert(
      fc.property(fc.oneof(dlmmArb, cpmmArb), fc.boolean(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 12 }), (pool, sellX, u) => {
        const q = quoterFor(pool, sellX ? X : Y, NOW);
        const cap = q.exact.capacity();
        for (const a of amountsFor(cap, u).filter((x) => x <= cap)) {
          const out = Number(q.exact.amountOut(a)!);
          // The split search and the pruning rely on these, with their 1e-12 relative float allowance.
          expect(out).toBeLessThanOrEqual(q.model.value(Number(a)) * (1 + 1e-12) + 1e-6);
          expect(out).toBeLessThanOrEqual(Number(a) * q.model.rateUpper * (1 + 1e-12) + 1e-6);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('boundAt: the prefix-only bound the single-pool prune uses', () => {
  it('B(a) − δ·slope ≥ exact out(a − δ) for every 0 ≤ δ ≤ a, built from the bins a reaches only', () => {
    fc.assert(
      fc.property(fc.oneof(dlmmArb, cpmmArb), fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 10 }), (pool, sellX, ua, ud) => {
        const q = quoterFor(pool, sellX ? X : Y, NOW);
        const cap = q.exact.capacity() > 10n ** 19n ? 10n ** 19n : q.exact.capacity();
        if (cap <= 0n) return;
        const a = 1n + BigInt(Math.floor(Number(cap - 1n) * ua ** 3));
        // A fresh quoter of an equal pool: nothing built yet beyond what boundAt itself needs.
        const fresh = quoterFor({ ...pool }, sellX ? X : Y, NOW);
        const { value, slope } = fresh.model.boundAt(a);
        for (const u of [0, 1, ...ud]) {
          const d = BigInt(Math.floor(Number(a) * u));
          const out = Number(q.exact.amountOut(a - d)!);
          expect(out).toBeLessThanOrEqual((value - Number(d) * slope) * (1 + 1e-12) + 1e-6 + Number(d) * slope * 1e-12);
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** A market of `pools` between WSOL (X) and USDC (Y), for findBestRoute. */
function pairMarket(pools: readonly Pool[]): MarketState {
  return { pools: new Map(pools.map((p) => [p.id, p])), referencePrices: new Map(), volatility: new Map() };
}

describe('capacity checks are exact: every amount the bins can absorb fills, one atom more does not', () => {
  // A thin pool: 5,000 Y atoms over the active bin and 50 below it, binStep 10. The bins take
  // 5,204 atoms; a float estimate (5,147.19) would wrongly reject 5,149..5,204.
  const pool = createDlmmPool({ id: 'thin', mintX: TOKENS.WSOL.mint, mintY: TOKENS.USDC.mint, binStep: 10, activeId: 0, amountX: 5000n, amountY: 5000n, binsPerSide: 50 });
  const market = pairMarket([pool]);

  it.each([5148n, 5149n, 5180n, 5204n])('fills %s atoms (≤ the exact capacity of 5,204)', (a) => {
    const r = findBestRoute(market, TOKENS.WSOL, TOKENS.USDC, a, 0);
    expect(r.amountOut).toBe(swapExactIn(pool, TOKENS.WSOL.mint, a, 0).amountOut);
  });

  it('rejects 5,205 atoms with INSUFFICIENT_LIQUIDITY, as the swap itself does', () => {
    expect(quoterFor(pool, TOKENS.WSOL.mint, 0).exact.capacity()).toBe(5204n);
    expect(() => findBestRoute(market, TOKENS.WSOL, TOKENS.USDC, 5205n, 0)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_LIQUIDITY' }));
    expect(() => swapExactIn(pool, TOKENS.WSOL.mint, 5205n, 0)).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_LIQUIDITY' }));
  });
});
