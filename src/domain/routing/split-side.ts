import type { ConcaveModel } from './concave-model.js';

/**
 * One side of a two-way split, as the search steps see it: an exact output function (bigint,
 * decides) and a concave float upper bound of it (guides). A pool's quoter is one; so is the rest
 * of a hop's pools taken together (best-hop.ts).
 */
export interface SplitSide {
  readonly exact: {
    /** Largest accepted input. */
    capacity(): bigint;
    /** Exact output of `amountIn` (0 for 0); undefined when it does not fit. */
    amountOut(amountIn: bigint): bigint | undefined;
  };
  readonly model: ConcaveModel;
}
