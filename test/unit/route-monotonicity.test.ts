/**
 * A bigger order never gets less out, for every pair of the default market: exactly where the search
 * is exact (a pair whose paths all share a pool, and outputs small enough that the tolerance is worth
 * less than an atom), else to within the router's tolerance (src/domain/routing/tolerance.ts:
 * ROUTE_TOLERANCE relative, or the rounding allowance across two paths). Orders up to $1M: past the
 * USDC/USDT DLMM's depth (about 2M USDT) a USDT order to BONK, JUP or RAY must leave that pool's path
 * for one that shares a pair with it, which pool-disjoint paths cannot combine (docs/router.md
 * "Limits"; pinned at the end).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { findBestRoute } from '../../src/domain/router.js';
import { pricePath } from '../../src/domain/routing/path-quote.js';
import { ROUTE_TOLERANCE, roundingAllowance } from '../../src/domain/routing/tolerance.js';
import { topology } from '../../src/domain/routing/topology.js';
import { TOKENS, type TokenSymbol } from '../../src/domain/tokens.js';
import { defaultMarket, NOW } from '../helpers/market-fixtures.js';

const market = defaultMarket();
/** Illustrative USD prices, only to size orders in a realistic $ range. */
const USD: Partial<Record<TokenSymbol, number>> = { SOL: 150, USDC: 1, USDT: 1, BONK: 0.00002, JUP: 0.8, RAY: 2.5 };
const SYMBOLS = Object.keys(USD) as TokenSymbol[];
const PAIRS = SYMBOLS.flatMap((a) => SYMBOLS.filter((b) => b !== a).map((b) => [a, b] as const));

function out(a: TokenSymbol, b: TokenSymbol, amount: bigint): bigint | undefined {
  try {
    return findBestRoute(market, TOKENS[a], TOKENS[b], amount, NOW).amountOut;
  } catch (e) {
    if (isDomainError(e, 'AMOUNT_TOO_SMALL')) return undefined;
    throw e;
  }
}

/** How far a larger order may fall below a smaller one on this pair, given the larger one's output. */
function slack(a: TokenSymbol, b: TokenSymbol, large: bigint): bigint {
  const topo = topology(market, TOKENS[a].mint, TOKENS[b].mint);
  const relative = BigInt(Math.floor(Number(large) * ROUTE_TOLERANCE));
  if (topo.disjoint.length === 0) return relative;
  let rate = 0;
  topo.paths.forEach((shape, i) => (rate = Math.max(rate, pricePath(shape, i, NOW).tails[0]!)));
  const allowance = BigInt(roundingAllowance(rate));
  return relative > allowance ? relative : allowance;
}

/** An order of $0.01 … $1M of the input token, and a larger one: up to 20× it, or a few atoms more. */
const sizes = (a: TokenSymbol) =>
  fc.record({
    usdLog: fc.double({ min: -2, max: 6, noNaN: true }),
    grow: fc.oneof(fc.double({ min: 1, max: 20, noNaN: true }), fc.integer({ min: 1, max: 9 })),
  }).map(({ usdLog, grow }) => {
    const small = BigInt(Math.max(1, Math.round((10 ** usdLog / USD[a]!) * 10 ** TOKENS[a].decimals)));
    const large = Number.isInteger(grow) && grow < 10 ? small + BigInt(grow) : BigInt(Math.round(Number(small) * grow));
    return { small, large: large > small ? large : small + 1n };
  });

describe('output is monotone in size on every pair of the default market', () => {
  it.each(PAIRS)('%s → %s', (a, b) => {
    fc.assert(
      fc.property(sizes(a), ({ small, large }) => {
        const s = out(a, b, small);
        const l = out(a, b, large);
        fc.pre(s !== undefined && l !== undefined);
        expect(l! >= s! - slack(a, b, l!), `${small} → ${s}, ${large} → ${l}`).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('is exact on pairs with a single path family at small sizes (BONK → JUP, 2,000 orders of up to 2,000 BONK)', () => {
    let prev = 0n;
    const amounts: bigint[] = [];
    for (let x = 1n; x <= 2000n; x++) amounts.push(x * 99_991n);
    for (const x of amounts) {
      const o = out('BONK', 'JUP', x) ?? 0n;
      expect(o >= prev, `${x}: ${o} < ${prev}`).toBe(true);
      prev = o;
    }
  });

  it('limit: past the USDC/USDT DLMM\'s depth, USDT → JUP falls back to a worse path that shares the JUP/USDC pools', () => {
    const before = out('USDT', 'JUP', 1_990_000n * 10n ** 6n)!;
    const after = out('USDT', 'JUP', 2_080_000n * 10n ** 6n)!;
    expect([before, after]).toEqual([1_264_160_262_128n, 982_296_152_118n]);
    expect(findBestRoute(market, TOKENS.USDT, TOKENS.JUP, 2_080_000n * 10n ** 6n, NOW).kind).toBe('THREE_HOP');
  });
});
