import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import type { MarketState } from '../../src/domain/market/market.js';
import { stepMarket } from '../../src/domain/market/motion.js';
import { fillMarketOrder, quoteMarketOrder } from '../../src/domain/order-flow.js';
import { createRng } from '../../src/domain/rng.js';
import { ROUTER_MODES, routeFnFor } from '../../src/domain/router-mode.js';
import { findBestRoute } from '../../src/domain/router.js';
import type { Token } from '../../src/domain/tokens.js';
import type { Pool } from '../../src/domain/venues/pool.js';
import { atomsWorth, launchedMarket, tradable } from '../helpers/conditional-fixtures.js';
import { NOW } from '../helpers/market-fixtures.js';

/**
 * The router caches what it derives across market versions (topology.ts by market structure, priced
 * paths by path and fee regime, quoters and DLMM walk tables by pool). A quote on a version reached
 * by fills and motion must equal the quote on the same pools rebuilt from scratch: new pool objects
 * and a new market object, so that no cache of any kind applies.
 */
function fresh(m: MarketState): MarketState {
  const pools = new Map<string, Pool>();
  for (const [id, p] of m.pools) pools.set(id, structuredClone(p));
  return { ...m, pools };
}

/** The route, or the error code: both must agree. */
function outcome(mode: (typeof ROUTER_MODES)[number], m: MarketState, a: Token, b: Token, amount: bigint, nowSec: number): unknown {
  try {
    return routeFnFor(mode)(m, a, b, amount, nowSec);
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
}

describe('router caches across market versions', () => {
  it('a quote after fills and motion equals the quote on a freshly built market with no caches', () => {
    const step = fc.record({
      a: fc.nat(30),
      b: fc.nat(30),
      usd: fc.double({ min: 0, max: 6.5, noNaN: true }),
      // Seconds to the next order: within a second, across a DLMM's filter and decay periods.
      dt: fc.constantFrom(0, 0, 1, 3, 40, 700),
      move: fc.boolean(),
      mode: fc.constantFrom('SMART', 'SMART', ...ROUTER_MODES),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 14 }), fc.nat(1000), (steps, seed) => {
        const rng = createRng(seed);
        let m = launchedMarket();
        let now = NOW;
        for (const s of steps) {
          now += s.dt;
          if (s.move) m = stepMarket(m, rng, Math.max(1, s.dt), now);
          const tokens = tradable(m);
          const a = tokens[s.a % tokens.length]!;
          const b = tokens[s.b % tokens.length]!;
          if (a.mint === b.mint) continue;
          const amount = atomsWorth(a, 10 ** s.usd);
          if (amount <= 0n) continue;
          expect(outcome(s.mode, m, a, b, amount, now)).toEqual(outcome(s.mode, fresh(m), a, b, amount, now));
          try {
            const route = routeFnFor(s.mode);
            const q = quoteMarketOrder(m, route, a, b, amount, 100, now);
            m = fillMarketOrder(m, route, { tokenIn: a, tokenOut: b, amountIn: amount, minAmountOut: q.minAmountOut }, now, { market: m, nowSec: now, route: q.route }).market;
          } catch (e) {
            if (!isDomainError(e)) throw e;
          }
          // Both directions on the version the fill made, now and later on that same version: within
          // the DLMMs' filter period (30 s), within their decay period (600 s), after it.
          const back = atomsWorth(b, 10 ** s.usd);
          const copy = fresh(m);
          for (const later of [0, 29, 31, 599, 601]) {
            expect(outcome(s.mode, m, a, b, amount, now + later)).toEqual(outcome(s.mode, copy, a, b, amount, now + later));
            if (back > 0n) expect(outcome(s.mode, m, b, a, back, now + later)).toEqual(outcome(s.mode, copy, b, a, back, now + later));
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a version quoted in one second and again in later seconds (other fee regimes) equals a fresh market', () => {
    const rng = createRng(5);
    let m = launchedMarket();
    let now = NOW;
    // A long motion step and large fills move DLMMs across bins, so their volatility references,
    // hence their fees, differ between the regimes the later seconds fall in.
    m = stepMarket(m, rng, 700, (now += 700));
    const tokens = tradable(m);
    for (const [a, b] of [
      [tokens[0]!, tokens[1]!],
      [tokens[1]!, tokens[2]!],
      [tokens[2]!, tokens[0]!],
    ] as const) {
      const q = quoteMarketOrder(m, findBestRoute, a, b, atomsWorth(a, 300_000), 100, now);
      m = fillMarketOrder(m, findBestRoute, { tokenIn: a, tokenOut: b, amountIn: q.route.amountIn, minAmountOut: q.minAmountOut }, now).market;
    }
    const copies = new Map<number, MarketState>();
    // Every second's quotes on one version, then the same on a copy made for that second alone.
    for (const later of [0, 1, 29, 31, 599, 601]) {
      const copy = fresh(m);
      copies.set(later, copy);
      for (const a of tokens) {
        for (const b of tokens) {
          if (a.mint === b.mint) continue;
          const amount = atomsWorth(a, 5_000);
          expect(outcome('SMART', m, a, b, amount, now + later)).toEqual(outcome('SMART', copy, a, b, amount, now + later));
        }
      }
    }
  });
});
