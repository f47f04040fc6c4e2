import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { createDlmmPool } from '../../src/domain/venues/meteora-dlmm.js';
import type { Pool, Ratio, SwapResult } from '../../src/domain/venues/pool.js';
import { createCpmmPool } from '../../src/domain/venues/raydium-cpmm.js';
import { arbitrageTo, poolReserves, spotPrice, swapExactIn, uiPrice } from '../../src/domain/venues/venue.js';

// A failing property is shrunk by re-running it; bound that so a failure reports instead of stalling CI.
fc.configureGlobal({ ...fc.readConfigureGlobal(), interruptAfterTimeLimit: 20_000, markInterruptAsFailure: true });

const X = 'MintX111111111111111111111111111111111111111';
const Y = 'MintY111111111111111111111111111111111111111';

const cpmmArb = fc
  .record({
    reserveX: fc.bigInt(1_000n, 10n ** 15n),
    reserveY: fc.bigInt(1_000n, 10n ** 15n),
    tradeFeeRate: fc.constantFrom(0, 100, 2500, 10_000, 40_000),
  })
  .map((r) => createCpmmPool({ id: 'c', mintX: X, mintY: Y, ...r }) as Pool);

// Prices near 1 (|id| ≤ 50, step ≤ 100) keep per-atom rounding bounded by a few atoms.
const dlmmArb = fc
  .record({
    binStep: fc.integer({ min: 1, max: 100 }),
    activeId: fc.integer({ min: -50, max: 50 }),
    amountX: fc.bigInt(1n, 10n ** 12n),
    amountY: fc.bigInt(1n, 10n ** 12n),
    binsPerSide: fc.integer({ min: 0, max: 20 }),
    shape: fc.constantFrom('spot' as const, 'curve' as const),
    volatilityAccumulator: fc.integer({ min: 0, max: 350_000 }),
    lastUpdate: fc.integer({ min: 0, max: 2000 }),
  })
  .map(({ volatilityAccumulator, lastUpdate, ...r }) => ({
    ...createDlmmPool({ id: 'd', mintX: X, mintY: Y, nowSec: lastUpdate, ...r }),
    volatilityAccumulator,
  }) as Pool);

const anyPool = fc.oneof(cpmmArb, dlmmArb);
const NOW = 2000;

/** Total atoms of each side the pool is accountable for: liquidity + fees held outside it. */
function held(pool: Pool): { x: bigint; y: bigint } {
  const r = poolReserves(pool);
  if (pool.kind === 'CPMM') {
    return { x: r.x + pool.protocolFeesX + pool.fundFeesX, y: r.y + pool.protocolFeesY + pool.fundFeesY };
  }
  return { x: r.x + pool.protocolFeeX, y: r.y + pool.protocolFeeY };
}

function protocolHeld(pool: Pool, side: 'x' | 'y'): bigint {
  if (pool.kind === 'CPMM') return side === 'x' ? pool.protocolFeesX + pool.fundFeesX : pool.protocolFeesY + pool.fundFeesY;
  return side === 'x' ? pool.protocolFeeX : pool.protocolFeeY;
}

/** Pool deltas + user deltas balance exactly, per side; protocol fees match what the swap reports. */
function expectConserved(before: Pool, s: SwapResult): void {
  const after = s.pool;
  const a = held(before);
  const b = held(after);
  const sellX = s.mintIn === before.mintX;
  expect(b.x - a.x).toBe(sellX ? s.amountIn : -s.amountOut);
  expect(b.y - a.y).toBe(sellX ? -s.amountOut : s.amountIn);
  const side = sellX ? 'x' : 'y';
  expect(protocolHeld(after, side) - protocolHeld(before, side)).toBe(s.protocolFee);
  expect(s.fee >= s.protocolFee && s.protocolFee >= 0n && s.amountOut >= 0n).toBe(true);
}

/** Calls f, returning undefined only for the one expected failure. */
function trySwap(f: () => SwapResult): SwapResult | undefined {
  try {
    return f();
  } catch (e) {
    if (isDomainError(e, 'INSUFFICIENT_LIQUIDITY')) return undefined;
    throw e;
  }
}

/** p1 < p2 for ratios. */
const lt = (p1: Ratio, p2: Ratio): boolean => p1.num * p2.den < p2.num * p1.den;
const le = (p1: Ratio, p2: Ratio): boolean => p1.num * p2.den <= p2.num * p1.den;

describe('conservation: no atom created or destroyed', () => {
  it('holds for single swaps on both venues', () => {
    fc.assert(
      fc.property(anyPool, fc.boolean(), fc.bigInt(1n, 10n ** 13n), (pool, sellX, amount) => {
        const s = trySwap(() => swapExactIn(pool, sellX ? X : Y, amount, NOW));
        if (s !== undefined) expectConserved(pool, s);
      }),
      { numRuns: 400 },
    );
  });

  it('holds across a sequence of swaps at advancing times', () => {
    fc.assert(
      fc.property(anyPool, fc.array(fc.tuple(fc.boolean(), fc.bigInt(1n, 10n ** 11n), fc.nat(700)), { maxLength: 12 }), (pool, steps) => {
        let p = pool;
        let now = NOW;
        for (const [sellX, amount, dt] of steps) {
          now += dt;
          const s = trySwap(() => swapExactIn(p, sellX ? X : Y, amount, now));
          if (s === undefined) continue;
          expectConserved(p, s);
          p = s.pool;
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('monotonicity: a bigger order never gets a better average price', () => {
  it('holds on both venues, up to per-bin rounding', () => {
    fc.assert(
      fc.property(anyPool, fc.boolean(), fc.bigInt(1n, 10n ** 12n), fc.bigInt(1n, 10n ** 12n), (pool, sellX, a0, b0) => {
        const [a, b] = a0 <= b0 ? [a0, b0] : [b0, a0];
        const mint = sellX ? X : Y;
        const sb = trySwap(() => swapExactIn(pool, mint, b, NOW));
        if (sb === undefined) return;
        const sa = swapExactIn(pool, mint, a, NOW); // a ≤ b, so it cannot run out either
        expect(sb.amountOut >= sa.amountOut).toBe(true); // more in never gives less out
        // out_b/b ≤ (out_a + δ)/a, δ = the rounding slack: ≤ 1 fee atom and 1 out atom per bin,
        // each worth at most ~2 output atoms at these prices (CPMM: Ro/Ri + 2).
        let delta: bigint;
        if (pool.kind === 'CPMM') {
          const [ri, ro] = sellX ? [pool.reserveX, pool.reserveY] : [pool.reserveY, pool.reserveX];
          delta = ro / ri + 2n;
        } else {
          const end = (sa.pool as typeof pool).activeId;
          delta = 4n * BigInt(Math.abs(end - pool.activeId) + 2);
        }
        expect(sb.amountOut * a <= (sa.amountOut + delta) * b).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('price impact grows with size on a CPMM', () => {
    const pool = createCpmmPool({ id: 'c', mintX: X, mintY: Y, reserveX: 10n ** 12n, reserveY: 150n * 10n ** 12n });
    const impacts = [10n ** 8n, 10n ** 9n, 10n ** 10n, 10n ** 11n].map((n) => swapExactIn(pool, X, n, 0).priceImpactPpm);
    expect(impacts).toEqual([...impacts].sort((p, q) => p - q));
    expect(impacts[3]).toBeGreaterThan(impacts[0]!);
  });
});

describe('arbitrageTo', () => {
  const target = fc
    .record({ num: fc.bigInt(1n, 10n ** 18n), den: fc.bigInt(1n, 10n ** 18n) })
    .map((r): Ratio => r);

  it('moves the price toward (or just across) the target, conserving atoms; never throws', () => {
    fc.assert(
      fc.property(anyPool, target, (pool, t) => {
        const before = spotPrice(pool);
        const { pool: after, swap } = arbitrageTo(pool, t, NOW);
        if (swap === undefined) {
          expect(after).toBe(pool);
          return;
        }
        expectConserved(pool, swap);
        expect(swap.pool).toBe(after);
        // It is an ordinary swap: replaying it gives the same result.
        expect(swapExactIn(pool, swap.mintIn, swap.amountIn, NOW).amountOut).toBe(swap.amountOut);
        const now = spotPrice(after);
        // Toward the target, or across it by less than the starting gap (atoms are discrete, so a
        // tiny pool can step past it): in log terms |now − t| ≤ |before − t|.
        const sq = (r: Ratio): Ratio => ({ num: r.num * r.num, den: r.den * r.den });
        const times = (p: Ratio, q: Ratio): Ratio => ({ num: p.num * q.num, den: p.den * q.den });
        if (lt(before, t)) {
          expect(swap.mintIn).toBe(Y); // buys the cheap X
          expect(le(before, now) && (le(now, t) || le(times(now, before), sq(t)))).toBe(true);
        } else {
          expect(swap.mintIn).toBe(X);
          expect(le(now, before) && (le(t, now) || le(sq(t), times(now, before)))).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('does nothing when the pool already sits at the target', () => {
    fc.assert(
      fc.property(anyPool, (pool) => {
        expect(arbitrageTo(pool, spotPrice(pool), NOW).swap).toBeUndefined();
      }),
    );
  });

  it.each([
    // [target, tradeFeeRate]: buying X up to a target above the pool, selling X down to one below.
    [165n, 2500n],
    [165n, 10_000n],
    [135n, 2500n],
    [135n, 10_000n],
  ])('brings a CPMM at 150 to within one fee of a target of %s (fee %s ppm), and no further', (t, fee) => {
    const pool = createCpmmPool({ id: 'c', mintX: X, mintY: Y, reserveX: 10n ** 12n, reserveY: 150n * 10n ** 12n, tradeFeeRate: fee });
    const { pool: after } = arbitrageTo(pool, { num: t, den: 1n }, 0);
    const p = spotPrice(after);
    const g = 1_000_000n - fee; // 1 − fee, in ppm
    // The arbitrageur stops where the fee-inclusive marginal price meets the target, so the spot
    // ends inside the no-arbitrage band, at its near edge: t·(1 − fee) ≤ p ≤ t when buying X,
    // t ≤ p ≤ t/(1 − fee) when selling; and within half a fee of that edge: the trade's own LP fee,
    // compounded into the reserve, moves the spot a little past it (≈ 1 bp at 0.25%, 3.5 bps at 1%).
    // (The old bound here also allowed 1 whole unit of price below the edge: 0.6% at 165.)
    const half = 2_000_000n + fee; // 1 + fee/2, in units of 1/2e6
    const edgeBuy = { num: t * g, den: 1_000_000n }; // t·(1 − fee)
    const edgeSell = { num: t * 1_000_000n, den: g }; // t/(1 − fee)
    if (t > 150n) {
      expect(le(edgeBuy, p) && le(p, { num: t, den: 1n })).toBe(true);
      expect(le(p, { num: edgeBuy.num * half, den: edgeBuy.den * 2_000_000n })).toBe(true);
    } else {
      expect(le({ num: t, den: 1n }, p) && le(p, edgeSell)).toBe(true);
      expect(le({ num: edgeSell.num * (2_000_000n - fee), den: edgeSell.den * 2_000_000n }, p)).toBe(true);
    }
  });

  it('drains a thin DLMM side and stops instead of throwing', () => {
    const thin = createDlmmPool({ id: 'd', mintX: X, mintY: Y, binStep: 10, activeId: 0, amountX: 1_000n, amountY: 1_000n, binsPerSide: 2 });
    const { pool: after, swap } = arbitrageTo(thin, { num: 1000n, den: 1n }, 0);
    expect(swap?.mintIn).toBe(Y);
    // Only rounding dust of X can remain in the last bin.
    expect(poolReserves(after).x).toBeLessThan(5n);
    expect(after.kind === 'DLMM' && after.activeId).toBe(2);
  });
});

describe('uiPrice', () => {
  it.each([
    ['SOL/USDC CPMM', createCpmmPool({ id: 'c', mintX: X, mintY: Y, reserveX: 10_000n * 10n ** 9n, reserveY: 1_500_000n * 10n ** 6n }), 9, 6, '150'],
    // 1.0004^−4744 · 10^(9−6) = 149.984911315… truncated to 8 significant digits
    ['SOL/USDC DLMM', createDlmmPool({ id: 'd', mintX: X, mintY: Y, binStep: 4, activeId: -4744, amountX: 1n, amountY: 1n, binsPerSide: 0 }), 9, 6, '149.98491'],
    // 123_456_780 USDC atoms per 1e12 BONK atoms, ×10^(5−6): 0.000012345678 USDC per BONK
    ['BONK/USDC CPMM', createCpmmPool({ id: 'b', mintX: X, mintY: Y, reserveX: 10n ** 12n, reserveY: 123_456_780n }), 5, 6, '0.000012345678'],
  ] as const)('%s → %s', (_label, pool, dx, dy, text) => {
    expect(uiPrice(pool, dx, dy)).toBe(text);
  });
});
