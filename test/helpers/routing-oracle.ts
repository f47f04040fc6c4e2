/**
 * The brute-force oracle the router's search steps are checked against: small pools, and the best
 * exact output of a hop found by trying every integer allocation. Slow by design and obviously right.
 */
import fc from 'fast-check';
import type { MarketState } from '../../src/domain/market/market.js';
import { quoterFor, type PoolQuoter } from '../../src/domain/routing/pool-quoter.js';
import { TOKENS } from '../../src/domain/tokens.js';
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

/** Every simple path of at most three hops from mintIn to mintOut over the pools' pairs (as pool lists per hop). */
export function simplePaths(pools: readonly Pool[], mintIn: string, mintOut: string): { mints: string[]; hops: Pool[][] }[] {
  const pairPools = (a: string, b: string) => pools.filter((p) => (p.mintX === a && p.mintY === b) || (p.mintX === b && p.mintY === a));
  const mints = [...new Set(pools.flatMap((p) => [p.mintX, p.mintY]))];
  const out: { mints: string[]; hops: Pool[][] }[] = [];
  const walk = (trail: string[]): void => {
    const at = trail.at(-1)!;
    for (const next of mints) {
      if (trail.includes(next) || pairPools(at, next).length === 0) continue;
      const t = [...trail, next];
      if (next === mintOut) out.push({ mints: t, hops: t.slice(1).map((m, i) => pairPools(t[i]!, m)) });
      else if (t.length <= 3) walk(t);
    }
  };
  walk([mintIn]);
  return out;
}

/** The output of every integer allocation of y across one or two pools, skipping those that do not fit. */
function allocationsOut(qs: readonly PoolQuoter[], y: bigint): bigint[] {
  const outs: bigint[] = [];
  if (qs.length === 1) {
    const v = qs[0]!.exact.amountOut(y);
    if (v !== undefined) outs.push(v);
    return outs;
  }
  if (qs.length === 2) {
    for (let a = 0n; a <= y; a++) {
      const u = qs[0]!.exact.amountOut(a);
      const v = qs[1]!.exact.amountOut(y - a);
      if (u !== undefined && v !== undefined) outs.push(u + v);
    }
    return outs;
  }
  throw new Error('the route oracle takes one or two pools per hop');
}

/**
 * Each path's best output for every input 0 … amount (−1 where it cannot take it), by brute force:
 * E_k(y) = the best of every integer allocation of y at hop k, composed along the path.
 */
export function bruteForcePaths(pools: readonly Pool[], mintIn: string, mintOut: string, amount: bigint, limit = amount * 2n + 16n): { paths: { mints: string[]; hops: Pool[][] }[]; tables: bigint[][] } {
  const paths = simplePaths(pools, mintIn, mintOut);
  const hopTable = new Map<string, bigint[]>();
  const tables = paths.map((p) => {
    const hops = p.hops.map((group, k) => {
      const key = `${p.mints[k]}>${p.mints[k + 1]}`;
      let t = hopTable.get(key);
      if (t === undefined) {
        const qs = quotersOf(group, p.mints[k]!);
        t = [];
        for (let y = 0n; y <= limit; y++) {
          let best = -1n;
          for (const o of allocationsOut(qs, y)) if (o > best) best = o;
          t.push(best);
        }
        hopTable.set(key, t);
      }
      return t;
    });
    const f: bigint[] = [];
    for (let x = 0; x <= Number(amount); x++) {
      let y = BigInt(x);
      for (const t of hops) {
        if (y < 0n) break;
        if (y > limit) throw new Error(`hop input ${y} beyond the oracle's table (${limit})`);
        y = t[Number(y)]!;
      }
      f.push(y);
    }
    return f;
  });
  return { paths, tables };
}

/**
 * The best output of `amount` over the router's route space, by brute force: every path of at most
 * three hops, where each hop takes the best of every integer allocation of what the previous hop gave
 * (E_k(y) = max over allocations of y of their output; a path gives E_K(…E_1(x)), and nothing when a
 * hop cannot take its input), and every split of the order between two paths that share no pool.
 * −1 when nothing fits. `best` is [best single path, best overall]. Orders up to a few hundred atoms
 * on pools priced near 1:1 (hop outputs stay below `limit`).
 */
export function bruteForceRoute(pools: readonly Pool[], mintIn: string, mintOut: string, amount: bigint, limit = amount * 2n + 16n): { out: bigint; paths: number; best: bigint[] } {
  const { paths, tables } = bruteForcePaths(pools, mintIn, mintOut, amount, limit);
  let out = -1n;
  for (const t of tables) if (t[Number(amount)]! > out) out = t[Number(amount)]!;
  const single = out;
  const ids = paths.map((p) => new Set(p.hops.flat().map((pool) => pool.id)));
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      if ([...ids[i]!].some((id) => ids[j]!.has(id))) continue;
      for (let x = 0; x <= Number(amount); x++) {
        const u = tables[i]![x]!;
        const v = tables[j]![Number(amount) - x]!;
        if (u >= 0n && v >= 0n && u + v > out) out = u + v;
      }
    }
  }
  return { out, paths: paths.length, best: [single, out] };
}

/** The four tokens of the small markets: routes go from A to D. */
export const A = TOKENS.WSOL;
export const B = TOKENS.USDC;
export const C = TOKENS.USDT;
export const D = TOKENS.JUP;

/** A shallow pool priced near 1:1 (depth scales its reserves), so tens of atoms move it and splitting pays. */
export const nearPool = (id: string, mintX: string, mintY: string, depth = 1): fc.Arbitrary<Pool> =>
  fc.oneof(
    fc
      .record({ reserveX: logBig(100 * depth, 3000 * depth), skew: fc.double({ min: 0.98, max: 1.02, noNaN: true }), tradeFeeRate: fc.constantFrom(0, 0, 100, 2500, 10_000) })
      .map(({ reserveX, skew, tradeFeeRate }) => createCpmmPool({ id, mintX, mintY, reserveX, reserveY: BigInt(Math.round(Number(reserveX) * skew)), tradeFeeRate })),
    fc
      .record({ binStep: fc.integer({ min: 1, max: 30 }), activeId: fc.integer({ min: -3, max: 3 }), amountX: logBig(50 * depth, 2000 * depth), amountY: logBig(50 * depth, 2000 * depth), binsPerSide: fc.integer({ min: 0, max: 8 }) })
      .map((r) => createDlmmPool({ id, mintX, mintY, nowSec: T, ...r })),
  );

/** One or two pools for the pair, or none when `present` is false. */
const pairPools = (name: string, mintX: string, mintY: string, present: fc.Arbitrary<boolean>, depth = 1): fc.Arbitrary<Pool[]> =>
  fc
    .tuple(present, fc.integer({ min: 1, max: 2 }), nearPool(`${name}-0`, mintX, mintY, depth), nearPool(`${name}-1`, mintX, mintY, depth))
    .map(([on, n, p0, p1]) => (on ? [p0, p1].slice(0, n) : []));

/**
 * Four tokens and up to six pairs: A–D direct, A–B–D and A–C–D two hops, A–C–B–D and A–B–C–D three,
 * so routes can be direct, two- or three-hop, or split across two paths that share no pool.
 */
export const fourTokenMarket = (edges: Partial<Record<'AD' | 'AB' | 'BD' | 'AC' | 'CB' | 'CD', boolean>> | undefined, directDepth = 1) => {
  // Drawn at random: the direct pair less often, so longer paths get their turn.
  const on = (e: 'AD' | 'AB' | 'BD' | 'AC' | 'CB' | 'CD') => (edges === undefined ? fc.integer({ min: 0, max: 9 }).map((d) => d < (e === 'AD' ? 4 : 7)) : fc.constant(edges[e] ?? false));
  return fc
    .tuple(
      pairPools('ad', A.mint, D.mint, on('AD'), directDepth),
      pairPools('ab', A.mint, B.mint, on('AB')),
      pairPools('bd', B.mint, D.mint, on('BD')),
      pairPools('ac', A.mint, C.mint, on('AC')),
      pairPools('cb', C.mint, B.mint, on('CB')),
      pairPools('cd', C.mint, D.mint, on('CD')),
    )
    .map((groups) => groups.flat());
};

export function marketOf(pools: readonly Pool[]): MarketState {
  return { pools: new Map(pools.map((p) => [p.id, p])), referencePrices: new Map(), volatility: new Map() };
}

