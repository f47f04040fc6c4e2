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
  /** The last version's binding: reused whole while none of its pairs' pool lists changed. */
  last: Topology | undefined;
}

const SKELETONS = new WeakMap<object, Map<string, Map<string, PairSkeleton>>>();
// The binding of one market version (several quotes on one version look it up again).
const TOPOLOGY = new WeakMap<MarketState, Map<string, Map<string, Topology>>>();

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
    sk = { mints, disjoint: disjointPairs(market, mints), last: undefined };
    byOut.set(mintOut, sk);
  }
  return sk;
}

// One hop object per pool list (an index array: market.ts keeps it across versions whose fills did
// not touch the pair) and direction, so what is cached per hop or path outlives the version.
const HOPS = new WeakMap<readonly Pool[], PathHop[]>();

function hopOf(market: MarketState, mintIn: string, mintOut: string): PathHop {
  const pools = poolsForPair(market, mintIn, mintOut);
  let hops = HOPS.get(pools);
  if (hops === undefined) HOPS.set(pools, (hops = []));
  for (const h of hops) if (h.mintIn === mintIn) return h;
  const hop = { mintIn, mintOut, pools };
  hops.push(hop);
  return hop;
}

/** The skeleton's paths over this version's pools: the last binding where nothing changed. */
function bind(market: MarketState, sk: PairSkeleton, mintIn: string, mintOut: string): Topology {
  const last = sk.last;
  const direct = poolsForPair(market, mintIn, mintOut);
  let same = last !== undefined && last.direct === direct;
  const bound: PathHop[][] = [];
  for (let i = 0; i < sk.mints.length; i++) {
    const mints = sk.mints[i]!;
    const hops: PathHop[] = [];
    for (let k = 0; k + 1 < mints.length; k++) hops.push(hopOf(market, mints[k]!, mints[k + 1]!));
    if (same && !hops.every((h, k) => h === last!.paths[i]!.hops[k])) same = false;
    bound.push(hops);
  }
  if (same) return last!;
  const paths = bound.map((hops, i) => {
    const before = last?.paths[i];
    return before !== undefined && hops.every((h, k) => h === before.hops[k]) ? before : { hops };
  });
  const t = { direct, paths, disjoint: sk.disjoint };
  sk.last = t;
  return t;
}

/**
 * The paths between two mints on this market version (cached with it). A path object (and its hop
 * objects) is the same across versions while its pools are: caches keyed by them carry over.
 */
export function topology(market: MarketState, mintIn: string, mintOut: string): Topology {
  let byIn = TOPOLOGY.get(market);
  if (byIn === undefined) TOPOLOGY.set(market, (byIn = new Map()));
  let byOut = byIn.get(mintIn);
  if (byOut === undefined) byIn.set(mintIn, (byOut = new Map()));
  let t = byOut.get(mintOut);
  if (t === undefined) {
    t = bind(market, skeleton(market, mintIn, mintOut), mintIn, mintOut);
    byOut.set(mintOut, t);
  }
  return t;
}
