import type { VenueId } from './venues/pool.js';

/**
 * A route in the shape Jupiter's quote API uses (docs/venue-math.md §7): an ordered flat list of legs.
 * Hops chain mintOut → next mintIn; split legs of one hop share mints and their shares sum to 10000.
 */
export interface RouteLeg {
  readonly venue: VenueId;
  readonly poolId: string;
  /** 0 for the first hop, 1 for the second of a two-hop route. */
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

export type RouteKind = 'DIRECT' | 'SPLIT' | 'TWO_HOP';

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
