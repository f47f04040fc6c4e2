/**
 * The brute-force oracle the router's search steps are checked against: small pools, and the best
 * exact output of a hop found by trying every integer allocation. Slow by design and obviously right.
 */
import fc from 'fast-check';
import { quoterFor, type PoolQuoter } from '../../src/domain/routing/pool-quoter.js';
import { createDlmmPool } from '../../src/domain/venues/meteora-dlmm.js';
import type { Pool } from '../../src/domain/venues/pool.js';
import { createCpmmPool } from '../../src/domain/venues/raydium-cpmm.js';

/** Clock of the small markets (Unix seconds). */
export const T = 1000;

/** log-uniform bigint in [lo, hi]. */
export const logBig = (lo: number, hi: number): fc.Arbitrary<bigint> =>
  fc.double({ min: Math.log(lo), max: Math.log(hi), noNaN: true }).map((l) => BigInt(Math.max(1, Math.floor(Math.exp(l)))));

/** A constant-product pool of 10^3 … 10^7 atoms a side, at one of four fee tiers. */
export const smallCpmm = (id: string, mintX: string, mintY: string): fc.Arbitrary<Pool> =>
  fc
    .record({ reserveX: logBig(1e3, 1e7), reserveY: logBig(1e3, 1e7), tradeFeeRate: fc.constantFrom(0, 100, 2500, 10_000) })
    .map((r) => createCpmmPool({ id, mintX, mintY, ...r }));

/** A DLMM of up to 41 bins around any active id, in a fee state earlier swaps may have left. */
export const smallDlmm = (id: string, mintX: string, mintY: string): fc.Arbitrary<Pool> =>
  fc
    .record({
      binStep: fc.integer({ min: 1, max: 100 }),
      activeId: fc.integer({ min: -50, max: 50 }),
      amountX: logBig(1e2, 1e6),
      amountY: logBig(1e2, 1e6),
      binsPerSide: fc.integer({ min: 0, max: 20 }),
      shape: fc.constantFrom('spot' as const, 'curve' as const),
      // Rates still fall bin by bin along the walk (the reference is the active bin).
      volatilityReference: fc.integer({ min: 0, max: 200_000 }),
    })
    .map(({ volatilityReference, ...r }) => ({ ...createDlmmPool({ id, mintX, mintY, nowSec: T, ...r }), volatilityReference }));

export const smallPool = (id: string, mintX: string, mintY: string): fc.Arbitrary<Pool> =>
  fc.oneof(smallCpmm(id, mintX, mintY), smallDlmm(id, mintX, mintY));

export function quotersOf(pools: readonly Pool[], mintIn: string): PoolQuoter[] {
  return pools.map((p) => quoterFor(p, mintIn, T));
}

/**
 * The best exact output of `amount` across `qs` (one to three pools of one pair) over every integer
 * allocation; −1 when no allocation fits. Also the allocation that reaches it.
 */
export function bruteForceHop(qs: readonly PoolQuoter[], amount: bigint): { out: bigint; alloc: bigint[] } {
  let best = -1n;
  let alloc: bigint[] = [];
  const out = (q: PoolQuoter, x: bigint): bigint | undefined => q.exact.amountOut(x);
  if (qs.length === 1) {
    const v = out(qs[0]!, amount);
    return v === undefined ? { out: -1n, alloc } : { out: v, alloc: [amount] };
  }
  if (qs.length === 2) {
    for (let a = 0n; a <= amount; a++) {
      const u = out(qs[0]!, a);
      const v = u === undefined ? undefined : out(qs[1]!, amount - a);
      if (u !== undefined && v !== undefined && u + v > best) {
        best = u + v;
        alloc = [a, amount - a];
      }
    }
    return { out: best, alloc };
  }
  if (qs.length === 3) {
    for (let a = 0n; a <= amount; a++) {
      const u = out(qs[0]!, a);
      if (u === undefined) break;
      for (let b = 0n; a + b <= amount; b++) {
        const v = out(qs[1]!, b);
        if (v === undefined) break;
        const w = out(qs[2]!, amount - a - b);
        if (w !== undefined && u + v + w > best) {
          best = u + v + w;
          alloc = [a, b, amount - a - b];
        }
      }
    }
    return { out: best, alloc };
  }
  throw new Error('bruteForceHop takes one to three pools');
}

/** The exact output of splitting `amount` as `a` to qs[0] and the rest to qs[1]; undefined if it does not fit. */
export function exactSplit(qs: readonly PoolQuoter[], amount: bigint, a: bigint): bigint | undefined {
  const u = qs[0]!.exact.amountOut(a);
  const v = qs[1]!.exact.amountOut(amount - a);
  return u === undefined || v === undefined ? undefined : u + v;
}
