/**
 * A hop's split is optimal: exact against a brute force over every integer split on small pools,
 * within 0.001 bps of any nearby split on large default-market orders (including one a fixed-share
 * split used to beat), at the DLMM capacity edge and for u64-sized orders; and the router's total
 * output never falls as the order grows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import type { MarketState } from '../../src/domain/market/market.js';
import { quoterFor } from '../../src/domain/routing/pool-quoter.js';
import type { Route } from '../../src/domain/route.js';
import { findBestRoute } from '../../src/domain/router.js';
import { TOKENS, type Token } from '../../src/domain/tokens.js';
import type { Pool } from '../../src/domain/venues/pool.js';
import { swapExactIn } from '../../src/domain/venues/venue.js';
import { defaultMarket, marketWith, NOW } from '../helpers/market-fixtures.js';
import { smallPool as smallPoolOn, T } from '../helpers/routing-oracle.js';

fc.configureGlobal({ ...fc.readConfigureGlobal(), interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true });

const X = TOKENS.WSOL.mint;
const Y = TOKENS.USDC.mint;
/** The routing oracle's small pools, on this file's pair. */
const smallPool = (id: string): fc.Arbitrary<Pool> => smallPoolOn(id, X, Y);

function pairMarket(pools: readonly Pool[]): MarketState {
  return { pools: new Map(pools.map((p) => [p.id, p])), referencePrices: new Map(), volatility: new Map() };
}

/** max over every integer split a + b = amount of out0(a) + out1(b), exact; −1 when none fits. */
function bruteForceBest(p0: Pool, p1: Pool, mintIn: string, amount: bigint): bigint {
  const q0 = quoterFor(p0, mintIn, T);
  const q1 = quoterFor(p1, mintIn, T);
  let best = -1n;
  for (let a = 0n; a <= amount; a++) {
    const u = q0.exact.amountOut(a);
    const v = q1.exact.amountOut(amount - a);
    if (u !== undefined && v !== undefined && u + v > best) best = u + v;
  }
  return best;
}

function tryRoute(m: MarketState, a: Token, b: Token, amount: bigint, now = NOW): Route | undefined {
  try {
    return findBestRoute(m, a, b, amount, now);
  } catch (e) {
    if (isDomainError(e, 'INSUFFICIENT_LIQUIDITY') || isDomainError(e, 'AMOUNT_TOO_SMALL')) return undefined;
    throw e;
  }
}

/** Legs of hop 0 sum exactly to the input, and their display shares to 10000, each ≥ 1 bps. */
function expectExactLegs(r: Route): void {
  const legs = r.legs.filter((l) => l.hop === 0);
  expect(legs.reduce((s, l) => s + l.amountIn, 0n)).toBe(r.amountIn);
  expect(legs.reduce((s, l) => s + l.shareBps, 0)).toBe(10_000);
  for (const l of legs) expect(l.shareBps).toBeGreaterThanOrEqual(1);
}

describe('the split is exact-optimal on small pools (brute force over every integer split)', () => {
  it('router output is the best of all amount + 1 splits, to within its 0.001 bps tolerance (exact below 10^7 atoms out)', () => {
    fc.assert(
      fc.property(smallPool('p0'), smallPool('p1'), fc.boolean(), fc.integer({ min: 1, max: 10_000 }), (p0, p1, sellX, n) => {
        const amount = BigInt(n);
        const [tin, tout] = sellX ? [TOKENS.WSOL, TOKENS.USDC] : [TOKENS.USDC, TOKENS.WSOL];
        const best = bruteForceBest(p0, p1, tin.mint, amount);
        const r = tryRoute(pairMarket([p0, p1]), tin, tout, amount, T);
        if (r === undefined) {
          expect(best <= 0n, `router found nothing, brute force ${best}`).toBe(true);
          return;
        }
        // split.ts accepts a candidate within TOLERANCE (1e-7, 0.001 bps) of its bound: exact while
        // that is under one atom, and off by at most floor(best·1e-7) atoms above 10^7 atoms out.
        const slack = best / 10_000_000n;
        expect(r.amountOut >= best - slack, `router ${r.amountOut} < brute force ${best} - ${slack}`).toBe(true);
        expect(r.amountOut <= best).toBe(true); // and it is a real split: no more than the best exists
        expectExactLegs(r);
      }),
      { numRuns: 200 },
    );
  });
});

describe('large orders on the default market', () => {
  const m = defaultMarket();
  const SOL = 10n ** 9n;

  /** Exact output of sending `raydiumBps` of the order to the Raydium pool and the rest to Meteora. */
  function splitOut(tokenIn: Token, raydium: string, meteora: string, amount: bigint, raydiumBps: bigint): bigint {
    const a = (amount * raydiumBps) / 10_000n;
    const pr = m.pools.get(raydium)!;
    const pm = m.pools.get(meteora)!;
    return swapExactIn(pr, tokenIn.mint, a, NOW).amountOut + swapExactIn(pm, tokenIn.mint, amount - a, NOW).amountOut;
  }

  it('1.25M JUP → USDC beats a fixed 5880/4120 split (769,615.28 USDC; an earlier router gave 769,395.78)', () => {
    const amount = 1_250_000n * 10n ** 6n;
    const r = findBestRoute(m, TOKENS.JUP, TOKENS.USDC, amount, NOW);
    const fixed = splitOut(TOKENS.JUP, 'raydium-cpmm-jup-usdc', 'meteora-dlmm-jup-usdc', amount, 5880n);
    expect(fixed).toBe(769_615_279_129n);
    expect(r.amountOut).toBeGreaterThanOrEqual(fixed);
    // The DLMM is drained: every USDC atom it holds, within its exact capacity (no safety margin).
    const dlmm = r.legs.find((l) => l.venue === 'METEORA')!;
    expect(dlmm.amountOut).toBe(400_000n * 10n ** 6n);
    expect(dlmm.amountIn).toBeLessThanOrEqual(quoterFor(m.pools.get('meteora-dlmm-jup-usdc')!, TOKENS.JUP.mint, NOW).exact.capacity());
    expectExactLegs(r);
  });

  it('is within 0.001 bps of a local exact search around its split, on the large default-market orders', () => {
    for (const [tin, tout, amount, ids] of [
      [TOKENS.SOL, TOKENS.USDC, 2000n * SOL, ['raydium-cpmm-sol-usdc', 'meteora-dlmm-sol-usdc']],
      [TOKENS.USDC, TOKENS.SOL, 150_000n * 10n ** 6n, ['raydium-cpmm-sol-usdc', 'meteora-dlmm-sol-usdc']],
      [TOKENS.BONK, TOKENS.WSOL, 10n ** 14n, ['raydium-cpmm-bonk-sol', 'meteora-dlmm-bonk-sol']],
    ] as const) {
      const r = findBestRoute(m, tin, tout, amount, NOW);
      const ray = r.legs.find((l) => l.poolId === ids[0])?.amountIn ?? 0n;
      let best = r.amountOut;
      // Exact outputs of splits within ±2^20 atoms of the router's, by powers of two.
      for (let d = 1n; d <= 1n << 20n; d *= 2n) {
        for (const a of [ray - d, ray + d]) {
          if (a < 0n || a > amount) continue;
          try {
            const v = swapExactIn(m.pools.get(ids[0])!, tin.mint, a, NOW).amountOut + swapExactIn(m.pools.get(ids[1])!, tin.mint, amount - a, NOW).amountOut;
            if (v > best) best = v;
          } catch (e) {
            if (!isDomainError(e, 'INSUFFICIENT_LIQUIDITY')) throw e;
          }
        }
      }
      expect(Number(best - r.amountOut) / Number(best), `${tin.symbol}→${tout.symbol}`).toBeLessThanOrEqual(1e-7);
    }
  });

  it('u64-sized orders keep the DLMM leg: drained exactly, shown as ≥ 1 bps, legs summing to the input', () => {
    // The pair's own pools only: the split of one hop (the default market adds a second path).
    const r = findBestRoute(marketWith(['raydium-cpmm-sol-usdc', 'meteora-dlmm-sol-usdc']), TOKENS.SOL, TOKENS.USDC, 10n ** 19n, NOW);
    expect(r.kind).toBe('SPLIT');
    const dlmm = r.legs.find((l) => l.venue === 'METEORA')!;
    expect(dlmm.amountOut).toBe(649_915n * 10n ** 6n);
    expect(dlmm.amountIn).toBeLessThanOrEqual(quoterFor(m.pools.get('meteora-dlmm-sol-usdc')!, TOKENS.SOL.mint, NOW).exact.capacity());
    expect(dlmm.shareBps).toBe(1);
    expect(r.amountOut).toBeGreaterThan(r.bestSingleVenueOut!);
    expectExactLegs(r);
  });

  it.each([
    ['SOL', 'USDC', 200_000, 900_000],
    ['SOL', 'BONK', 200_000, 900_000],
    ['SOL', 'JUP', 200_000, 900_000],
    ['USDC', 'SOL', 1e6, 2e8],
  ] as const)('%s → %s: total output never falls as the order grows (%s … %s)', (a, b, lo, hi) => {
    // Includes 741,310 and 758,577 SOL, where an earlier router gave 6,338,309 then 6,337,801 USDC.
    const sizes = [741_310, 758_577];
    for (let i = 0; i <= 40; i++) sizes.push(lo * (hi / lo) ** (i / 40));
    sizes.sort((p, q) => p - q);
    let prev = -1n;
    for (const whole of sizes) {
      const amount = BigInt(Math.round(whole)) * 10n ** BigInt(TOKENS[a].decimals);
      const r = tryRoute(m, TOKENS[a], TOKENS[b], amount);
      if (r === undefined) continue;
      expect(r.amountOut >= prev, `${whole} ${a}: ${r.amountOut} < ${prev}`).toBe(true);
      prev = r.amountOut;
    }
  });
});
