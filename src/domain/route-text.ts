/** Short human-readable route descriptions for order event details and logs. */
import type { Route } from './route.js';

/** e.g. "RAYDIUM 60% + METEORA 40%" or "RAYDIUM → METEORA" (two hops). */
export function describeRoute(route: Route): string {
  const hops = new Map<number, string[]>();
  for (const leg of route.legs) {
    const parts = hops.get(leg.hop) ?? [];
    parts.push(leg.shareBps === 10_000 ? leg.venue : `${leg.venue} ${(leg.shareBps / 100).toFixed(0)}%`);
    hops.set(leg.hop, parts);
  }
  return [...hops.values()].map((p) => p.join(' + ')).join(' → ');
}

/** What each venue alone offered, for the execution log. */
export function venuesCompared(route: Route): { venue: string; poolId: string; amountOut: string | null }[] {
  return route.alternatives.map((a) => ({ venue: a.venue, poolId: a.poolId, amountOut: a.amountOut?.toString() ?? null }));
}
