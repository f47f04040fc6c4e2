import type { VenueId } from './venues/pool.js';

/**
 * A route in the shape Jupiter's quote API uses (docs/venue-math.md §7): an ordered flat list of legs.
 * A route is one or more paths from tokenIn to tokenOut that share no pool; the legs are listed path
 * by path, and within a path hop by hop. Hops chain mintOut → next mintIn; split legs of one hop
 * share mints and their shares sum to 10000.
 */
export interface RouteLeg {
  readonly venue: VenueId;
  readonly poolId: string;
  /**
   * The path this leg belongs to: 0, 1, … in the order the legs list them. Routes stored before
   * routes could have several paths carry no `path`: read it with legPath (absent = 0).
   */
  readonly path?: number;
  /** The hop within its path: 0 for the first, up to 2 for the third of a three-hop path. */
  readonly hop: number;
  readonly mintIn: string;
  readonly mintOut: string;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** LP + protocol fee of this leg, in atoms of mintIn. */
  readonly fee: bigint;
  /** This leg's share of its hop's input, in bps (legs of one hop sum to 10000). */
  readonly shareBps: number;
}

/**
 * DIRECT: one pool. SPLIT: one hop across several pools of the pair. TWO_HOP / THREE_HOP: one path
 * through one or two intermediate tokens (each hop may itself be split). MULTI_PATH: the order split
 * across two pool-disjoint paths.
 */
export type RouteKind = 'DIRECT' | 'SPLIT' | 'TWO_HOP' | 'THREE_HOP' | 'MULTI_PATH';

/** Native SOL in or out is wrapped/unwrapped around the swap, as Jupiter's wrapAndUnwrapSol does. */
export type RouteStep = 'WRAP_SOL' | 'UNWRAP_SOL';

/** What one venue alone would give for the whole order (Jupiter's mostReliableAmmsQuoteReport). */
export interface VenueQuote {
  readonly venue: VenueId;
  readonly poolId: string;
  /** undefined when this venue cannot fill the order (no pool, or not enough liquidity). */
  readonly amountOut: bigint | undefined;
  readonly fee: bigint | undefined;
  readonly priceImpactPpm: number | undefined;
}

export interface Route {
  readonly kind: RouteKind;
  readonly tokenIn: string; // symbol, e.g. 'SOL' (native) or 'WSOL'
  readonly tokenOut: string;
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  readonly legs: readonly RouteLeg[];
  readonly steps: readonly RouteStep[];
  /** Price impact of the whole route, parts per million (fee excluded, as per leg). */
  readonly priceImpactPpm: number;
  /** Direct single-pool quotes for the pair, one per venue that lists it. */
  readonly alternatives: readonly VenueQuote[];
  /** Best single-venue output, undefined when no single venue can fill it (e.g. no direct pool). */
  readonly bestSingleVenueOut: bigint | undefined;
  /** (amountOut − bestSingleVenueOut) / bestSingleVenueOut in bps, 0 when no single venue fills. */
  readonly savingsBps: number;
}

/** The path of a leg; 0 for legs of routes stored before routes had several paths. */
export function legPath(leg: Pick<RouteLeg, 'path'>): number {
  return leg.path ?? 0;
}

/** One path of a route, summarised from its legs. */
export interface RoutePath {
  readonly index: number;
  /** The mints the path passes through, tokenIn's first and tokenOut's last. */
  readonly mints: readonly string[];
  /** What the path takes of the route's input and gives of its output, in atoms. */
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** Its share of the route's input in bps, for display (a route's paths sum to 10000). */
  readonly shareBps: number;
  /** Number of hops. */
  readonly hops: number;
}

/** The paths of a route's legs (grouped by legPath, in order of first appearance). */
export function routePaths(legs: readonly RouteLeg[]): RoutePath[] {
  const order: number[] = [];
  const byPath = new Map<number, RouteLeg[]>();
  for (const leg of legs) {
    const p = legPath(leg);
    let list = byPath.get(p);
    if (list === undefined) {
      byPath.set(p, (list = []));
      order.push(p);
    }
    list.push(leg);
  }
  const summaries: Omit<RoutePath, 'shareBps'>[] = [];
  let total = 0n;
  for (const p of order) {
    const pathLegs = byPath.get(p)!;
    let hops = 0;
    for (const l of pathLegs) if (l.hop + 1 > hops) hops = l.hop + 1;
    const mints = [pathLegs[0]!.mintIn];
    let amountIn = 0n;
    let amountOut = 0n;
    for (let h = 0; h < hops; h++) {
      for (const l of pathLegs) {
        if (l.hop !== h) continue;
        if (mints.length === h + 1) mints.push(l.mintOut);
        if (h === 0) amountIn += l.amountIn;
        if (h === hops - 1) amountOut += l.amountOut;
      }
    }
    total += amountIn;
    summaries.push({ index: p, mints, amountIn, amountOut, hops });
  }
  const bps = shareBpsOf(
    summaries.map((s) => s.amountIn),
    total,
  );
  return summaries.map((s, i) => ({ ...s, shareBps: bps[i]! }));
}

/**
 * Display shares of a hop's legs, in bps, from their exact atom amounts: largest-remainder
 * rounding so they sum to exactly 10000, and every leg that carries input shows at least 1 bps (a
 * leg is never displayed as 0% of a hop it takes part in). Amounts, not these shares, are what a
 * route executes (execute.ts).
 */
export function shareBpsOf(amounts: readonly bigint[], total: bigint): number[] {
  const n = amounts.length;
  if (n === 1) return [10_000];
  if (total <= 0n) return amounts.map((_, i) => (i === 0 ? 10_000 : 0));
  const shares: number[] = [];
  const rest: bigint[] = [];
  let used = 0;
  for (const a of amounts) {
    const scaled = a * 10_000n;
    const s = Number(scaled / total);
    shares.push(s);
    rest.push(scaled % total);
    used += s;
  }
  // Hand out the remaining bps by largest remainder (ties: earlier leg).
  while (used < 10_000) {
    let pick = 0;
    for (let i = 1; i < n; i++) if (rest[i]! > rest[pick]!) pick = i;
    shares[pick]! += 1;
    rest[pick] = -1n;
    used++;
  }
  // At least 1 bps for every leg with input, taken from the largest share.
  for (let i = 0; i < n; i++) {
    if (amounts[i]! > 0n && shares[i] === 0) {
      let big = 0;
      for (let j = 1; j < n; j++) if (shares[j]! > shares[big]!) big = j;
      shares[big]! -= 1;
      shares[i] = 1;
    }
  }
  return shares;
}
