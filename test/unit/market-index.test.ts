import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/domain/errors.js';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { poolsForPair, type MarketState } from '../../src/domain/market/market.js';
import { atomsWorth, launchedMarket, tradable } from '../helpers/conditional-fixtures.js';
import { NOW } from '../helpers/market-fixtures.js';

/** Every pair's pools, from the index the market builds or derives. */
function allPairs(m: MarketState): string[] {
  const mints = [...new Set([...m.pools.values()].flatMap((p) => [p.mintX, p.mintY]))];
  return mints.flatMap((a) => mints.map((b) => `${a}>${b}:${poolsForPair(m, a, b).map((p) => `${p.id}@${JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? String(v) : v)).length}`).join(',')}`));
}

describe('the pair index across market versions', () => {
  it('a version made by fills gives the same pools per pair as one built from scratch', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ a: fc.nat(20), b: fc.nat(20), usd: fc.integer({ min: 1, max: 6 }), query: fc.boolean() }), { maxLength: 12 }), (trades) => {
        let m = launchedMarket();
        poolsForPair(m, tradable(m)[0]!.mint, tradable(m)[1]!.mint);
        for (const t of trades) {
          const tokens = tradable(m);
          const a = tokens[t.a % tokens.length]!;
          const b = tokens[t.b % tokens.length]!;
          if (a.mint === b.mint) continue;
          try {
            m = quoteAndExecute(m, a, b, atomsWorth(a, 10 ** t.usd), 0n, NOW).market;
          } catch (e) {
            if (!isDomainError(e)) throw e;
          }
          // Some versions are looked at (their index derived), some are skipped.
          if (t.query) expect(allPairs(m)).toEqual(allPairs({ ...m, pools: new Map(m.pools) }));
        }
        expect(allPairs(m)).toEqual(allPairs({ ...m, pools: new Map(m.pools) }));
        for (const p of m.pools.values()) expect(poolsForPair(m, p.mintX, p.mintY)).toContain(p);
      }),
      { numRuns: 60 },
    );
  });
});
