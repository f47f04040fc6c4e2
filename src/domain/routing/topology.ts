import { poolsForPair, type MarketState } from '../market/market.js';
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

// Derived from the pools' mints only, so computed once per MarketState (market version) and pair.
const NEIGHBOURS = new WeakMap<MarketState, Map<string, string[]>>();
const TOPOLOGY = new WeakMap<MarketState, Map<string, Map<string, Topology>>>();

function neighbours(market: MarketState): Map<string, string[]> {
  let byMint = NEIGHBOURS.get(market);
  if (byMint === undefined) {
    byMint = new Map();
    const link = (a: string, b: string): void => {
      let list = byMint!.get(a);
      if (list === undefined) byMint!.set(a, (list = []));
      if (!list.includes(b)) list.push(b);
    };
    for (const p of market.pools.values()) {
      link(p.mintX, p.mintY);
      link(p.mintY, p.mintX);
    }
    NEIGHBOURS.set(market, byMint);
  }
  return byMint;
}

function enumerate(market: MarketState, mintIn: string, mintOut: string): PathShape[] {
  const next = neighbours(market);
  const found: PathHop[][] = [];
  const trail: PathHop[] = [];
  const seen = new Set<string>([mintIn]);
  const walk = (at: string): void => {
    for (const to of next.get(at) ?? []) {
      if (seen.has(to)) continue;
      trail.push({ mintIn: at, mintOut: to, pools: poolsForPair(market, at, to) });
      if (to === mintOut) found.push([...trail]);
      else if (trail.length < MAX_HOPS) {
        seen.add(to);
        walk(to);
        seen.delete(to);
      }
      trail.pop();
    }
  };
  walk(mintIn);
  // Fewest hops first; among equals, the order the pools list them (stable sort).
  return found.sort((a, b) => a.length - b.length).map((hops) => ({ hops }));
}

function disjointPairs(paths: readonly PathShape[]): [number, number][] {
  const ids = paths.map((p) => new Set(p.hops.flatMap((h) => h.pools.map((pool) => pool.id))));
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

/** The paths between two mints on this market version (cached with it). */
export function topology(market: MarketState, mintIn: string, mintOut: string): Topology {
  let byIn = TOPOLOGY.get(market);
  if (byIn === undefined) TOPOLOGY.set(market, (byIn = new Map()));
  let byOut = byIn.get(mintIn);
  if (byOut === undefined) byIn.set(mintIn, (byOut = new Map()));
  let t = byOut.get(mintOut);
  if (t === undefined) {
    const paths = enumerate(market, mintIn, mintOut);
    t = { direct: poolsForPair(market, mintIn, mintOut), paths, disjoint: disjointPairs(paths) };
    byOut.set(mintOut, t);
  }
  return t;
}
