/**
 * The whole route search against the brute force: on small markets of four tokens, every path of at
 * most three hops, every integer allocation at every hop (each hop taking the best for what the
 * previous one gave) and every split of the order between two pool-disjoint paths, tried exactly
 * (test/helpers/routing-oracle.ts bruteForceRoute). Small orders,
 * so the tolerance is worth less than an atom: single paths must come out exact, and splits across
 * paths within the rounding allowance (src/domain/routing/tolerance.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { executeRoute } from '../../src/domain/execute.js';
import type { MarketState } from '../../src/domain/market/market.js';
import { findBestRoute } from '../../src/domain/router.js';
import type { Route } from '../../src/domain/route.js';
import { pricePath } from '../../src/domain/routing/path-quote.js';
import { roundingAllowance } from '../../src/domain/routing/tolerance.js';
import { topology } from '../../src/domain/routing/topology.js';
import type { Pool } from '../../src/domain/venues/pool.js';
import { A, bruteForceRoute, D, fourTokenMarket, marketOf, T } from '../helpers/routing-oracle.js';
import { checkShape } from '../helpers/route-shape.js';

fc.configureGlobal({ ...fc.readConfigureGlobal(), interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true });

function tryRoute(m: MarketState, amount: bigint): Route | undefined {
  try {
    return findBestRoute(m, A, D, amount, T);
  } catch (e) {
    if (isDomainError(e, 'NO_ROUTE') || isDomainError(e, 'INSUFFICIENT_LIQUIDITY') || isDomainError(e, 'AMOUNT_TOO_SMALL') || isDomainError(e, 'AMOUNT_TOO_LARGE')) return undefined;
    throw e;
  }
}

/** The allowance the router grants splits across paths on this market: one input atom's worth at the best path rate, plus one. */
function allowanceOf(m: MarketState): bigint {
  let rate = 0;
  topology(m, A.mint, D.mint).paths.forEach((shape, i) => (rate = Math.max(rate, pricePath(shape, i, T).tails[0]!)));
  return BigInt(roundingAllowance(rate));
}

/** Checks one order against the brute force; gives back the route's kind (for coverage counts). */
function check(pools: readonly Pool[], amount: bigint): string | undefined {
  const m = marketOf(pools);
  const brute = bruteForceRoute(pools, A.mint, D.mint, amount);
  const r = tryRoute(m, amount);
  if (r === undefined) {
    expect(brute.out <= 0n, `router found nothing, brute force ${brute.out}`).toBe(true);
    return undefined;
  }
  checkShape(r);
  // A real route: no more than the best there is. Every single path exactly; across two paths, at
  // most the rounding allowance short.
  expect(r.amountOut <= brute.out, `router ${r.amountOut} > brute force ${brute.out}`).toBe(true);
  const [bestSingle] = brute.best;
  expect(r.amountOut >= bestSingle!, `router ${r.amountOut} < best single path ${bestSingle}`).toBe(true);
  expect(r.amountOut >= brute.out - allowanceOf(m), `router ${r.amountOut} vs brute force ${brute.out}`).toBe(true);
  // And it fills exactly as quoted.
  const { fill } = executeRoute(m, r, r.amountOut, T);
  expect(fill.amountOut).toBe(r.amountOut);
  return r.kind;
}

describe('route search against the brute force over every route of small markets', () => {
  it('any subset of the six pairs: exact over single paths, within the rounding allowance across two', () => {
    const kinds: Record<string, number> = {};
    fc.assert(
      fc.property(fourTokenMarket(undefined), fc.bigInt(1n, 90n), (pools, amount) => {
        const kind = check(pools, amount);
        if (kind !== undefined) kinds[kind] = (kinds[kind] ?? 0) + 1;
      }),
      { numRuns: 120 },
    );
    // The draws cover every shape of route.
    for (const k of ['DIRECT', 'SPLIT', 'TWO_HOP', 'THREE_HOP', 'MULTI_PATH']) expect(kinds[k] ?? 0, `${k} in ${JSON.stringify(kinds)}`).toBeGreaterThan(0);
  });

  it('only a three-hop path (A–C–B–D): exactly the brute force', () => {
    fc.assert(
      fc.property(fourTokenMarket({ AC: true, CB: true, BD: true }), fc.bigInt(1n, 90n), (pools, amount) => {
        const kind = check(pools, amount);
        if (kind !== undefined) expect(kind).toBe('THREE_HOP');
      }),
      { numRuns: 60 },
    );
  });

  it('a direct pair and a disjoint two-hop path (A–D, A–B–D): splits across them where that pays', () => {
    let multi = 0;
    fc.assert(
      // A shallow direct pair against a deeper two-hop path: past a few atoms, splitting pays.
      fc.property(fourTokenMarket({ AD: true, AB: true, BD: true }, 0.3), fc.bigInt(20n, 90n), (pools, amount) => {
        if (check(pools, amount) === 'MULTI_PATH') multi++;
      }),
      { numRuns: 60 },
    );
    expect(multi).toBeGreaterThan(5);
  });
});
