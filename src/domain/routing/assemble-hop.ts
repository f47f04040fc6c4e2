import { shareBpsOf } from '../route.js';
import type { LegQuote } from './exact-quoter.js';
import { singleHop, type HopLeg, type HopQuote } from './hop-quote.js';
import type { PoolQuoter } from './pool-quoter.js';

/**
 * The last step of a hop's search: the exact legs of an allocation (alloc[i] atoms to qs[i]), or
 * the best single when it does not beat it. A leg that pays nothing gives its input to a paying leg
 * that can absorb it (more in never pays less), so a route carries a leg of 0 out only when no other
 * pool can take those atoms (the others are drained).
 */
export function assembleHop(qs: readonly PoolQuoter[], alloc: readonly bigint[], amountIn: bigint, bestSingle: LegQuote | undefined): HopQuote | undefined {
  const legs: LegQuote[] = [];
  const owners: PoolQuoter[] = [];
  for (let i = 0; i < qs.length; i++) {
    if (alloc[i]! <= 0n) continue;
    legs.push(qs[i]!.exact.leg(alloc[i]!)!);
    owners.push(qs[i]!);
  }
  for (let i = 0; i < legs.length; i++) {
    if (legs[i]!.amountOut > 0n) continue;
    // Largest paying leg first; keep the idle leg when none can take its atoms.
    let pick = -1;
    for (let j = 0; j < legs.length; j++) {
      if (j === i || legs[j]!.amountOut <= 0n || !owners[j]!.exact.fits(legs[j]!.amountIn + legs[i]!.amountIn)) continue;
      if (pick < 0 || legs[j]!.amountIn > legs[pick]!.amountIn) pick = j;
    }
    if (pick < 0) continue;
    legs[pick] = owners[pick]!.exact.leg(legs[pick]!.amountIn + legs[i]!.amountIn)!;
    legs.splice(i, 1);
    owners.splice(i, 1);
    i--;
  }
  let out = 0n;
  for (const l of legs) out += l.amountOut;
  if (out <= 0n || (bestSingle !== undefined && out <= bestSingle.amountOut)) return bestSingle && singleHop(bestSingle);
  if (legs.length === 1) return singleHop(legs[0]!);
  const amounts: bigint[] = [];
  for (const l of legs) amounts.push(l.amountIn);
  const bps = shareBpsOf(amounts, amountIn);
  const hopLegs: HopLeg[] = [];
  for (let i = 0; i < legs.length; i++) hopLegs.push({ quote: legs[i]!, shareBps: bps[i]! });
  return { legs: hopLegs, amountIn, amountOut: out };
}
