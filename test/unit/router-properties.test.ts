import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { executeRoute, quoteAndExecute } from '../../src/domain/execute.js';
import type { MarketState } from '../../src/domain/market/market.js';
import { findBestRoute } from '../../src/domain/router.js';
import type { Route } from '../../src/domain/route.js';
import { TOKENS, type Token, type TokenSymbol } from '../../src/domain/tokens.js';
import { checkShape } from '../helpers/route-shape.js';
import { defaultMarket, NOW, poolDeltas } from '../helpers/market-fixtures.js';

/** Illustrative USD prices, only to size random orders in a realistic $ range. */
const USD: Record<TokenSymbol, number> = { SOL: 150, WSOL: 150, USDC: 1, USDT: 1, BONK: 0.00002, JUP: 0.8, RAY: 2.5 };
const SYMBOLS = Object.keys(USD) as TokenSymbol[];

const base = defaultMarket();

/** An order worth $1 … $200k of the input token. */
const orderArb = fc
  .record({
    a: fc.constantFrom(...SYMBOLS),
    b: fc.constantFrom(...SYMBOLS),
    usdLog: fc.double({ min: 0, max: Math.log10(200_000), noNaN: true }),
  })
  .filter(({ a, b }) => TOKENS[a].mint !== TOKENS[b].mint)
  .map(({ a, b, usdLog }) => {
    const tokenIn = TOKENS[a];
    const whole = 10 ** usdLog / USD[a];
    return { tokenIn, tokenOut: TOKENS[b], amountIn: BigInt(Math.max(1, Math.round(whole * 10 ** tokenIn.decimals))) };
  });

/** A market some earlier random orders already moved. */
const marketArb = fc.array(orderArb, { maxLength: 3 }).map((orders) => {
  let m = base;
  for (const o of orders) {
    try {
      m = quoteAndExecute(m, o.tokenIn, o.tokenOut, o.amountIn, 0n, NOW).market;
    } catch (e) {
      if (!isDomainError(e)) throw e;
    }
  }
  return m;
});

function tryRoute(m: MarketState, a: Token, b: Token, amount: bigint): Route | undefined {
  try {
    return findBestRoute(m, a, b, amount, NOW);
  } catch (e) {
    if (isDomainError(e, 'NO_ROUTE') || isDomainError(e, 'INSUFFICIENT_LIQUIDITY')) return undefined;
    throw e;
  }
}

describe('router properties', () => {
  it('the chosen route is never worse than any single-venue alternative, and is well-formed', () => {
    fc.assert(
      fc.property(marketArb, orderArb, (m, o) => {
        const r = tryRoute(m, o.tokenIn, o.tokenOut, o.amountIn);
        fc.pre(r !== undefined);
        for (const alt of r!.alternatives) if (alt.amountOut !== undefined) expect(r!.amountOut).toBeGreaterThanOrEqual(alt.amountOut);
        checkShape(r!);
        expect(r!.legs.filter((l) => l.hop === 0).reduce((s, l) => s + l.amountIn, 0n)).toBe(o.amountIn);
      }),
      { numRuns: 150 },
    );
  });

  it('a bigger order never gets a better average price (up to atom rounding)', () => {
    fc.assert(
      fc.property(orderArb, fc.double({ min: 1.01, max: 20, noNaN: true }), (o, k) => {
        const small = o.amountIn;
        const large = BigInt(Math.round(Number(small) * k));
        const rs = tryRoute(base, o.tokenIn, o.tokenOut, small);
        const rl = tryRoute(base, o.tokenIn, o.tokenOut, large);
        fc.pre(rs !== undefined && rl !== undefined);
        // out_l / large ≤ out_s / small, allowing a few atoms of floor rounding and 1 ppm of search slack.
        const lhs = rl!.amountOut * small * 1_000_000n;
        const rhs = (rs!.amountOut + 4n) * large * 1_000_001n;
        expect(lhs <= rhs, `${rs!.amountOut}/${small} vs ${rl!.amountOut}/${large}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a bigger order never gets less out in total (the split is exact, so no rounding allowance)', () => {
    fc.assert(
      fc.property(marketArb, orderArb, fc.double({ min: 1.0001, max: 20, noNaN: true }), (m, o, k) => {
        const large = BigInt(Math.round(Number(o.amountIn) * k));
        fc.pre(large > o.amountIn);
        const rs = tryRoute(m, o.tokenIn, o.tokenOut, o.amountIn);
        const rl = tryRoute(m, o.tokenIn, o.tokenOut, large);
        fc.pre(rs !== undefined && rl !== undefined);
        expect(rl!.amountOut >= rs!.amountOut, `${o.amountIn} → ${rs!.amountOut}, ${large} → ${rl!.amountOut}`).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('conserves every mint across a fill: pool deltas (incl. protocol fees) balance the user exactly', () => {
    fc.assert(
      fc.property(marketArb, orderArb, (m, o) => {
        const r = tryRoute(m, o.tokenIn, o.tokenOut, o.amountIn);
        fc.pre(r !== undefined);
        const { market: after, fill } = executeRoute(m, r!, 0n, NOW);
        const d = poolDeltas(m, after);
        for (const [mint, delta] of d) {
          const expected = mint === o.tokenIn.mint ? fill.amountIn : mint === o.tokenOut.mint ? -fill.amountOut : 0n;
          expect(delta, mint).toBe(expected);
        }
        expect(d.get(o.tokenIn.mint)).toBe(o.amountIn);
      }),
      { numRuns: 120 },
    );
  });

  it('executing a fresh quote on the same market fills exactly the quote', () => {
    fc.assert(
      fc.property(marketArb, orderArb, (m, o) => {
        const r = tryRoute(m, o.tokenIn, o.tokenOut, o.amountIn);
        fc.pre(r !== undefined);
        const { fill } = executeRoute(m, r!, r!.amountOut, NOW);
        expect(fill.amountOut).toBe(r!.amountOut);
        expect(fill.legs).toEqual(r!.legs);
      }),
      { numRuns: 100 },
    );
  });
});
