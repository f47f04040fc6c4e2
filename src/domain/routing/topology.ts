import { poolsForPair, structureOf, type MarketState } from '../market/market.js';
import type { Pool } from '../venues/pool.js';

/** Longest path the router considers, in hops. */
export const MAX_HOPS = 3;

/** One hop of a path: every pool of one pair, in the path's direction. */
export interface PathHop {
  readonly mintIn: string;
  readonly mintOut: string;
  readonly pools: readonly Pool[];
}

/** A path: hops chaining mintOut → next mintIn, through distinct tokens. */
export interface PathShape {
  readonly hops: readonly PathHop[];
}

/** What the pools' mints allow between two tokens. */
export interface Topology {
  /** The pair's own pools (for the single-venue alternatives), possibly empty. */
  readonly direct: readonly Pool[];
  /** Every path of at most MAX_HOPS hops, fewest hops first. */
  readonly paths: readonly PathShape[];
  /** Pairs [i, j] (i < j) of paths that share no pool: the ones one route may split across. */
  readonly disjoint: readonly (readonly [number, number])[];
}

/**
 * A pair's paths as mint sequences, and which paths share no pool: both depend only on which pools
 * connect which mints, so they are computed once per market structure (market.ts structureOf: fills
 * and motion keep it) and bound to each version's pools per quote.
 */
interface PairSkeleton {
  /** Every path's mints, mintIn first, fewest hops first. */
  readonly mints: readonly (readonly string[])[];
  readonly disjoint: readonly (readonly [number, number])[];
  /** The pairs the paths go through (each once), and each path's hops as indexes into them. */
  readonly pairs: readonly (readonly [string, string])[];
  readonly pathPairs: readonly (readonly number[])[];
  /** The last binding, the version it was made for, and the pairs' pool lists it was bound to. */
  last: Topology | undefined;
  lastMarket: MarketState | undefined;
  lastLists: readonly (readonly Pool[])[];
}

const SKELETONS = new WeakMap<object, Map<string, Map<string, PairSkeleton>>>();

function neighbours(market: MarketState): Map<string, string[]> {
  const byMint = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    let list = byMint.get(a);
    if (list === undefined) byMint.set(a, (list = []));
    if (!list.includes(b)) list.push(b);
  };
  for (const p of market.pools.values()) {
    link(p.mintX, p.mintY);
    link(p.mintY, p.mintX);
  }
  return byMint;
}

function enumerate(next: Map<string, string[]>, mintIn: string, mintOut: string): string[][] {
  const found: string[][] = [];
  const trail: string[] = [mintIn];
  const seen = new Set<string>([mintIn]);
  const walk = (at: string): void => {
    for (const to of next.get(at) ?? []) {
      if (seen.has(to)) continue;
      trail.push(to);
      if (to === mintOut) found.push([...trail]);
      else if (trail.length <= MAX_HOPS) {
        seen.add(to);
        walk(to);
        seen.delete(to);
      }
      trail.pop();
    }
  };
  walk(mintIn);
  // Fewest hops first; among equals, the order the pools list them (stable sort).
  return found.sort((a, b) => a.length - b.length);
}

function disjointPairs(market: MarketState, paths: readonly (readonly string[])[]): [number, number][] {
  const ids = paths.map((mints) => {
    const set = new Set<string>();
    for (let k = 0; k + 1 < mints.length; k++) for (const pool of poolsForPair(market, mints[k]!, mints[k + 1]!)) set.add(pool.id);
    return set;
  });
  const pairs: [number, number][] = [];
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      let shared = false;
      for (const id of ids[j]!) if (ids[i]!.has(id)) shared = true;
      if (!shared) pairs.push([i, j]);
    }
  }
  return pairs;
}

function skeleton(market: MarketState, mintIn: string, mintOut: string): PairSkeleton {
  const structure = structureOf(market);
  let byIn = SKELETONS.get(structure);
  if (byIn === undefined) SKELETONS.set(structure, (byIn = new Map()));
  let byOut = byIn.get(mintIn);
  if (byOut === undefined) byIn.set(mintIn, (byOut = new Map()));
  let sk = byOut.get(mintOut);
  if (sk === undefined) {
    const mints = enumerate(neighbours(market), mintIn, mintOut);
    const pairs: [string, string][] = [];
    const pathPairs = mints.map((path) => {
      const at: number[] = [];
      for (let k = 0; k + 1 < path.length; k++) {
        const [a, b] = [path[k]!, path[k + 1]!];
        let j = pairs.findIndex(([x, y]) => (x === a && y === b) || (x === b && y === a));
        if (j < 0) j = pairs.push([a, b]) - 1;
        at.push(j);
      }
      return at;
    });
    sk = { mints, disjoint: disjointPairs(market, mints), pairs, pathPairs, last: undefined, lastMarket: undefined, lastLists: [] };
    byOut.set(mintOut, sk);
  }
  return sk;
}

/**
 * The skeleton's paths over this version's pools. A fill replaces the pool list of the pairs it
 * touched only (market.ts derivedIndex), so the paths through none of them are the last binding's.
 */
function bind(market: MarketState, sk: PairSkeleton, mintIn: string, mintOut: string): Topology {
  const last = sk.last;
  const direct = poolsForPair(market, mintIn, mintOut);
  const lists: (readonly Pool[])[] = [];
  const changed: boolean[] = [];
  let any = last === undefined || last.direct !== direct;
  for (let j = 0; j < sk.pairs.length; j++) {
    const list = poolsForPair(market, sk.pairs[j]![0], sk.pairs[j]![1]);
    lists.push(list);
    const c = list !== sk.lastLists[j];
    changed.push(c);
    if (c) any = true;
  }
  sk.lastMarket = market;
  if (!any) return last!;
  const paths = sk.mints.map((mints, i) => {
    if (last !== undefined && !sk.pathPairs[i]!.some((j) => changed[j])) return last.paths[i]!;
    const hops: PathHop[] = [];
    for (let k = 0; k + 1 < mints.length; k++) {
      const j = sk.pathPairs[i]![k]!;
      hops.push({ mintIn: mints[k]!, mintOut: mints[k + 1]!, pools: lists[j]! });
    }
    return { hops };
  });
  const t = { direct, paths, disjoint: sk.disjoint };
  sk.last = t;
  sk.lastLists = lists;
  return t;
}

/**
 * The paths between two mints on this market version. A path object (and its hop
 * objects) is the same across versions while its pools are: caches keyed by them carry over.
 */
export function topology(market: MarketState, mintIn: string, mintOut: string): Topology {
  const sk = skeleton(market, mintIn, mintOut);
  // Quotes on one version ask again (the quote, then the fill's check): its binding as it was.
  return sk.lastMarket === market ? sk.last! : bind(market, sk, mintIn, mintOut);
}
