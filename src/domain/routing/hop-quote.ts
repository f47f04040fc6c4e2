import type { Tangent } from './concave-model.js';
import type { LegQuote } from './exact-quoter.js';

/** One pool's part of a hop. */
export interface HopLeg {
  readonly quote: LegQuote;
  /** This leg's share of the hop input in bps, for display (rounded; a hop's legs sum to 10000). */
  readonly shareBps: number;
}

/**
 * One hop of a route: the input pushed through the pools of one pair, as a single pool or a split
 * across them. Every leg's input is in exact atoms and the legs sum to the hop input exactly.
 */
export interface HopQuote {
  readonly legs: readonly HopLeg[];
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /**
   * When the search already has one: a tangent bound of the hop's best output at amountIn (every
   * input y ≤ amountIn gives at most value − (amountIn − y)·slope), for the router's bounds.
   */
  readonly bound?: Tangent;
}

/** A hop through one pool. */
export function singleHop(leg: LegQuote, bound?: Tangent): HopQuote {
  return { legs: [{ quote: leg, shareBps: 10_000 }], amountIn: leg.amountIn, amountOut: leg.amountOut, bound };
}
