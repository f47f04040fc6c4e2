import type { Tangent } from './concave-model.js';
import type { PoolQuoter } from './pool-quoter.js';
import { padded, withinTolerance } from './tolerance.js';

/**
 * Step 0 of a hop's search: is the best single pool already as good as any split, to within the
 * tolerance? With B a concave bound of that pool's output on [0, amount] (its model's boundAt: only
 * the bins the order reaches), if B's least marginal still beats every other pool's rateUpper (a
 * bound on their marginal at any size), moving δ atoms elsewhere changes the total by at most
 * −δ·(slope − rateUpper) ≤ 0 on top of B(amount), so no split exceeds ⌊B(amount)⌋ (outputs are
 * integers). Gives back that bound when it settles the hop, undefined when a split must be searched.
 */
export function singleSettles(qs: readonly PoolQuoter[], bestIdx: number, amountIn: bigint, out: bigint): Tangent | undefined {
  let othersTop = 0;
  for (let i = 0; i < qs.length; i++) if (i !== bestIdx && qs[i]!.model.rateUpper > othersTop) othersTop = qs[i]!.model.rateUpper;
  const bound = qs[bestIdx]!.model.boundAt(amountIn);
  if (bound.slope < othersTop) return undefined;
  return withinTolerance(padded(bound.value), out) ? bound : undefined;
}
