/**
 * Each step of a hop's search (src/domain/routing/), held to its own contract against the brute-force
 * oracle: every integer allocation of small orders on small pools, tried exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleHop } from '../../src/domain/routing/assemble-hop.js';
import { bestHop, singleLeg } from '../../src/domain/routing/best-hop.js';
import { dualBound } from '../../src/domain/routing/certificate.js';
import { equalise } from '../../src/domain/routing/equalise.js';
import { exactScan } from '../../src/domain/routing/exact-scan.js';
import { singleSettles } from '../../src/domain/routing/hop-prune.js';
import { pairSolve } from '../../src/domain/routing/pair-solve.js';
import type { PoolQuoter } from '../../src/domain/routing/pool-quoter.js';
import { padded, TOLERANCE, withinTolerance } from '../../src/domain/routing/tolerance.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { createDlmmPool } from '../../src/domain/venues/meteora-dlmm.js';
import { createCpmmPool } from '../../src/domain/venues/raydium-cpmm.js';
import { bruteForceHop, exactSplit, logBig, quotersOf, smallCpmm, smallDlmm, smallPool, T } from '../helpers/routing-oracle.js';

fc.configureGlobal({ ...fc.readConfigureGlobal(), interruptAfterTimeLimit: 30_000, markInterruptAsFailure: true });

const X = TOKENS.WSOL.mint;
const Y = TOKENS.USDC.mint;

/** Two or three small pools of one pair, a direction, and an order of 1 … 3,000 atoms. */
const hopArb = (pools: fc.Arbitrary<PoolQuoter[]>) => fc.record({ qs: pools, amount: fc.bigInt(1n, 3000n) });
const twoPools = fc
  .tuple(smallPool('p0', X, Y), smallPool('p1', X, Y), fc.boolean())
  .map(([p0, p1, sellX]) => quotersOf([p0, p1], sellX ? X : Y));
/** A constant-product pool and a DLMM: the pair pairSolve places directly. */
const smoothAndKinked = fc
  .tuple(smallCpmm('c', X, Y), smallDlmm('d', X, Y), fc.boolean())
  .map(([c, d, sellX]) => quotersOf([c, d], sellX ? X : Y));

function capsOf(qs: readonly PoolQuoter[]): [bigint, bigint] {
  return [qs[0]!.exact.capacity(), qs[1]!.exact.capacity()];
}

/** The model bound on the split a / amount − a. */
function modelSum(qs: readonly PoolQuoter[], amount: bigint, a: bigint): number {
  return qs[0]!.model.value(Number(a)) + qs[1]!.model.value(Number(amount - a));
}

/** The split the placement steps start from: pairSolve for CPMM + DLMM, equalise otherwise. */
function placement(qs: readonly PoolQuoter[], amount: bigint): { a: bigint; lambda: number } | undefined {
  const caps = capsOf(qs);
  if (caps[0] + caps[1] < amount) return undefined;
  if (qs[0]!.model.hull() === undefined && qs[1]!.model.hull() !== undefined) {
    const s = pairSolve(qs[0]!.model, qs[1]!.model, amount, caps);
    return { a: s.smoothIn, lambda: s.lambda };
  }
  const eq = equalise([qs[0]!.model, qs[1]!.model], amount, caps);
  return eq && { a: eq.alloc[0]!, lambda: eq.lambda };
}

describe('step 0, hop-prune: a settled hop keeps its best single pool', () => {
  it('no split beats the single by more than the tolerance, and the bound it returns holds below the order', () => {
    let settled = 0;
    fc.assert(
      fc.property(hopArb(twoPools), ({ qs, amount }) => {
        const singles = qs.map((q) => singleLeg(q, amount));
        let best = -1;
        for (let i = 0; i < qs.length; i++) if (singles[i] !== undefined && (best < 0 || singles[i]!.amountOut > singles[best]!.amountOut)) best = i;
        fc.pre(best >= 0);
        const out = singles[best]!.amountOut;
        const tangent = singleSettles(qs, best, amount, out);
        if (tangent === undefined) return;
        settled++;
        const brute = bruteForceHop(qs, amount).out;
        expect(brute - out <= BigInt(Math.floor(Number(out) * TOLERANCE)), `brute ${brute} vs single ${out}`).toBe(true);
        // The tangent bounds every split of every smaller order too (what a path composes).
        for (const y of [0n, amount / 3n, amount / 2n, amount - 1n]) {
          if (y < 0n) continue;
          const b = bruteForceHop(qs, y).out;
          expect(Number(b)).toBeLessThanOrEqual(padded(tangent.value - Number(amount - y) * tangent.slope));
        }
      }),
      { numRuns: 200 },
    );
    expect(settled).toBeGreaterThan(20);
  });
});

describe('step 1, placement: pairSolve and equalise put the split where the models peak', () => {
  it.each([
    ['pairSolve (constant product + DLMM)', smoothAndKinked],
    ['equalise (any two pools)', twoPools],
  ] as const)('%s: the model bound at the placement is within a few atoms of its brute-force maximum', (_name, pools) => {
    fc.assert(
      fc.property(hopArb(pools), ({ qs, amount }) => {
        const p = placement(qs, amount);
        fc.pre(p !== undefined);
        const [c0, c1] = capsOf(qs);
        const lo = amount > c1 ? amount - c1 : 0n;
        const hi = amount < c0 ? amount : c0;
        expect(p!.a >= lo && p!.a <= hi, `placement ${p!.a} outside [${lo}, ${hi}]`).toBe(true);
        let top = -Infinity;
        for (let a = lo; a <= hi; a++) top = Math.max(top, modelSum(qs, amount, a));
        // Kinks are taken at the bin's exact end, a couple of atoms past the float vertex, and the
        // continuous part is floored: a few atoms at the best marginal rate.
        const rate = Math.max(qs[0]!.model.rateUpper, qs[1]!.model.rateUpper);
        expect(modelSum(qs, amount, p!.a)).toBeGreaterThanOrEqual(top - 4 * rate - top * 1e-9 - 1e-6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('step 2, certificate: the dual bound', () => {
  it('bounds every split at any rate λ, and a candidate it accepts is within the tolerance of the brute force', () => {
    fc.assert(
      fc.property(hopArb(twoPools), fc.double({ min: 0, max: 1, noNaN: true }), ({ qs, amount }, u) => {
        const brute = bruteForceHop(qs, amount);
        fc.pre(brute.out >= 0n);
        const lambdaAny = Math.max(qs[0]!.model.rateUpper, qs[1]!.model.rateUpper) * u * 1.2;
        expect(Number(brute.out)).toBeLessThanOrEqual(dualBound(qs[0]!.model, qs[1]!.model, Number(amount), lambdaAny));
        const p = placement(qs, amount);
        fc.pre(p !== undefined);
        const out = exactSplit(qs, amount, p!.a)!;
        const bound = dualBound(qs[0]!.model, qs[1]!.model, Number(amount), p!.lambda);
        expect(Number(brute.out)).toBeLessThanOrEqual(bound);
        if (withinTolerance(bound, out)) expect(brute.out - out <= BigInt(Math.floor(Number(out) * TOLERANCE))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('step 3, exact scan', () => {
  it('from the placement, finds the exact optimum of small orders', () => {
    fc.assert(
      fc.property(hopArb(twoPools), ({ qs, amount }) => {
        const p = placement(qs, amount);
        fc.pre(p !== undefined);
        const [c0, c1] = capsOf(qs);
        const lo = amount > c1 ? amount - c1 : 0n;
        const hi = amount < c0 ? amount : c0;
        const a = exactScan(qs[0]!, qs[1]!, amount, lo, hi, p!.a, exactSplit(qs, amount, p!.a)!);
        expect(exactSplit(qs, amount, a)).toBe(bruteForceHop(qs, amount).out);
      }),
      { numRuns: 200 },
    );
  });
});

describe('step 4, assemble-hop', () => {
  it('turns the brute-force allocation into legs that lose nothing, sum to the order, and leave no idle leg a paying one could take', () => {
    fc.assert(
      fc.property(hopArb(twoPools), ({ qs, amount }) => {
        const brute = bruteForceHop(qs, amount);
        fc.pre(brute.out > 0n);
        const hop = assembleHop(qs, brute.alloc, amount, undefined)!;
        expect(hop.amountOut).toBe(brute.out);
        expect(hop.legs.reduce((s, l) => s + l.quote.amountIn, 0n)).toBe(amount);
        expect(hop.legs.reduce((s, l) => s + l.shareBps, 0)).toBe(10_000);
        for (const idle of hop.legs.filter((l) => l.quote.amountOut === 0n)) {
          for (const other of hop.legs.filter((l) => l !== idle && l.quote.amountOut > 0n)) {
            const q = qs.find((x) => x.pool.id === other.quote.poolId)!;
            expect(q.exact.fits(other.quote.amountIn + idle.quote.amountIn)).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('three pools on one hop (one pool against the other two, recursively)', () => {
  it('bestHop equals the brute force over every (a, b, c) split of small orders', () => {
    // Pools priced near 1:1 and shallow against the order, so splitting three ways often pays.
    const nearCpmm = (id: string) =>
      fc
        .record({ reserveX: logBig(300, 3e4), skew: fc.double({ min: 0.98, max: 1.02, noNaN: true }), tradeFeeRate: fc.constantFrom(0, 100, 2500, 10_000) })
        .map(({ reserveX, skew, tradeFeeRate }) => createCpmmPool({ id, mintX: X, mintY: Y, reserveX, reserveY: BigInt(Math.round(Number(reserveX) * skew)), tradeFeeRate }));
    const nearDlmm = (id: string) =>
      fc
        .record({ binStep: fc.integer({ min: 1, max: 30 }), activeId: fc.integer({ min: -3, max: 3 }), amountX: logBig(100, 1e4), amountY: logBig(100, 1e4), binsPerSide: fc.integer({ min: 0, max: 8 }) })
        .map((r) => createDlmmPool({ id, mintX: X, mintY: Y, nowSec: T, ...r }));
    const near = (id: string) => fc.oneof(nearCpmm(id), nearDlmm(id));
    const threePools = fc.tuple(near('p0'), near('p1'), near('p2'), fc.boolean()).map(([p0, p1, p2, sellX]) => quotersOf([p0, p1, p2], sellX ? X : Y));
    let split3 = 0;
    fc.assert(
      fc.property(threePools, fc.bigInt(1n, 400n), (qs, amount) => {
        const brute = bruteForceHop(qs, amount);
        const hop = bestHop(qs, amount);
        if (brute.out <= 0n) {
          expect(hop).toBeUndefined();
          return;
        }
        expect(hop?.amountOut).toBe(brute.out);
        expect(hop!.legs.reduce((s, l) => s + l.quote.amountIn, 0n)).toBe(amount);
        if (hop!.legs.length === 3) split3++;
      }),
      { numRuns: 150 },
    );
    // The property covers hops that really use all three pools.
    expect(split3).toBeGreaterThan(5);
  });
});
