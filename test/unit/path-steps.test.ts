/**
 * Each step of the search across paths (src/domain/routing/), held to its own contract against the
 * brute force on small four-token markets (test/helpers/routing-oracle.ts): the paths it considers,
 * the bounds that prune and certify (hop and path models, path tangents, the relaxation), and the
 * split of one order between two pool-disjoint paths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hopModelOf } from '../../src/domain/routing/hop-model.js';
import { pathTangent, pricePath, quotePath } from '../../src/domain/routing/path-quote.js';
import { PathSide } from '../../src/domain/routing/path-side.js';
import { splitPaths } from '../../src/domain/routing/path-split.js';
import { relaxationBound } from '../../src/domain/routing/relaxation.js';
import { padded, roundingAllowance } from '../../src/domain/routing/tolerance.js';
import { topology } from '../../src/domain/routing/topology.js';
import { A, bruteForceHop, bruteForcePaths, D, fourTokenMarket, marketOf, simplePaths, T } from '../helpers/routing-oracle.js';

fc.configureGlobal({ ...fc.readConfigureGlobal(), interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true });

const mintsOf = (shape: { hops: readonly { mintIn: string; mintOut: string }[] }) => [shape.hops[0]!.mintIn, ...shape.hops.map((h) => h.mintOut)].join('>');

describe('topology', () => {
  it('lists every path of at most three hops, and as disjoint exactly the pairs that share no pool', () => {
    fc.assert(
      fc.property(fourTokenMarket(undefined), (pools) => {
        const topo = topology(marketOf(pools), A.mint, D.mint);
        const oracle = simplePaths(pools, A.mint, D.mint);
        expect(topo.paths.map(mintsOf).sort()).toEqual(oracle.map((p) => p.mints.join('>')).sort());
        // Fewest hops first.
        for (let i = 1; i < topo.paths.length; i++) expect(topo.paths[i]!.hops.length).toBeGreaterThanOrEqual(topo.paths[i - 1]!.hops.length);
        const ids = topo.paths.map((p) => new Set(p.hops.flatMap((h) => h.pools.map((x) => x.id))));
        const disjoint: [number, number][] = [];
        for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) if (![...ids[i]!].some((id) => ids[j]!.has(id))) disjoint.push([i, j]);
        expect(topo.disjoint).toEqual(disjoint);
      }),
      { numRuns: 100 },
    );
  });
});

/** A market, its priced paths and the brute force's best output of every path for every input ≤ amount. */
const scenario = fc.tuple(fourTokenMarket(undefined), fc.bigInt(1n, 80n)).map(([pools, amount]) => {
  const m = marketOf(pools);
  const topo = topology(m, A.mint, D.mint);
  const priced = topo.paths.map((shape, i) => pricePath(shape, i, T));
  const brute = bruteForcePaths(pools, A.mint, D.mint, amount);
  // The oracle's tables in the topology's order.
  const tables = topo.paths.map((shape) => brute.tables[brute.paths.findIndex((p) => p.mints.join('>') === mintsOf(shape))]!);
  return { topo, priced, tables, amount };
});

describe('bounds: they hold against the brute force everywhere they claim to', () => {
  it('a hop model bounds the hop\'s best exact output, a path model (composed) the path\'s, at every input', () => {
    fc.assert(
      fc.property(scenario, ({ priced, tables, amount }) => {
        priced.forEach((p, i) => {
          const side = new PathSide(p, amount);
          for (let x = 0; x <= Number(amount); x++) {
            const best = tables[i]![x]!;
            if (best < 0n) continue;
            expect(Number(best)).toBeLessThanOrEqual(padded(side.model.value(x)));
            // The path's rate bound too (what pruning multiplies).
            expect(Number(best)).toBeLessThanOrEqual(padded(x * p.tails[0]!));
          }
          // Each hop's model (hop-model.ts) against every allocation of its pools.
          for (const qs of p.hops) {
            const model = hopModelOf(qs);
            for (const y of [1n, amount / 2n, amount]) {
              const best = bruteForceHop(qs, y).out;
              if (best >= 0n) expect(Number(best)).toBeLessThanOrEqual(padded(model.value(Number(y))));
            }
          }
        });
      }),
      { numRuns: 80 },
    );
  });

  it('a path\'s tangent at the order bounds its best output at every smaller input', () => {
    fc.assert(
      fc.property(scenario, ({ priced, tables, amount }) => {
        priced.forEach((p, i) => {
          const q = quotePath(p, amount, 0n);
          if (q === undefined || q === 'pruned') return;
          const t = pathTangent(p, amount, q.hops[0]);
          for (let y = 0; y <= Number(amount); y++) {
            const best = tables[i]![y]!;
            if (best >= 0n) expect(Number(best)).toBeLessThanOrEqual(padded(t.value - (Number(amount) - y) * t.slope));
          }
        });
      }),
      { numRuns: 80 },
    );
  });

  it('the relaxation bounds every way of sending the order through two paths, disjoint or not', () => {
    fc.assert(
      fc.property(scenario, ({ priced, tables, amount }) => {
        const bounds = priced.map((p) => {
          const q = quotePath(p, amount, 0n);
          return { rate: p.tails[0]!, tangent: q === undefined || q === 'pruned' ? undefined : pathTangent(p, amount, q.hops[0]) };
        });
        const bound = relaxationBound(bounds, Number(amount));
        let best = -1n;
        for (let i = 0; i < tables.length; i++) {
          for (let j = i; j < tables.length; j++) {
            for (let x = 0; x <= Number(amount); x++) {
              const u = tables[i]![x]!;
              const v = i === j ? (x === Number(amount) ? 0n : -1n) : tables[j]![Number(amount) - x]!;
              if (u >= 0n && v >= 0n && u + v > best) best = u + v;
            }
          }
        }
        expect(Number(best)).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 80 },
    );
  });
});

describe('path-split: one order between two pool-disjoint paths', () => {
  it('finds the brute force\'s best split to within the rounding allowance', () => {
    let pairs = 0;
    fc.assert(
      fc.property(scenario, ({ topo, priced, tables, amount }) => {
        for (const [i, j] of topo.disjoint) {
          const a = splitPaths(new PathSide(priced[i]!, amount), new PathSide(priced[j]!, amount), amount);
          let best = -1n;
          for (let x = 0; x <= Number(amount); x++) {
            const u = tables[i]![x]!;
            const v = tables[j]![Number(amount) - x]!;
            if (u >= 0n && v >= 0n && u + v > best) best = u + v;
          }
          if (a === undefined) {
            expect(best, 'no split fits, yet the brute force found one').toBe(-1n);
            continue;
          }
          pairs++;
          const got = tables[i]![Number(a)]! + tables[j]![Number(amount - a)]!;
          const allowance = BigInt(roundingAllowance(Math.max(priced[i]!.tails[0]!, priced[j]!.tails[0]!)));
          expect(got >= best - allowance, `split ${a}: ${got} vs best ${best}`).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
    expect(pairs).toBeGreaterThan(20);
  });
});
