/** Short human-readable route descriptions for order event details and logs. */
import { legPath, routePaths, type Route, type RouteLeg } from './route.js';
import { findToken } from './tokens.js';

/** One path's hops: "RAYDIUM 60% + METEORA 40%" for a split hop, hops joined by " → ". */
function hopsText(legs: readonly RouteLeg[]): string {
  const hops = new Map<number, string[]>();
  for (const leg of legs) {
    const parts = hops.get(leg.hop) ?? [];
    parts.push(leg.shareBps === 10_000 ? leg.venue : `${leg.venue} ${(leg.shareBps / 100).toFixed(0)}%`);
    hops.set(leg.hop, parts);
  }
  return [...hops.values()].map((p) => p.join(' + ')).join(' → ');
}

/**
 * e.g. "RAYDIUM 60% + METEORA 40%" or "RAYDIUM → METEORA" (two hops); a route across two paths gives
 * each its share of the order and the tokens it goes through:
 * "96% direct: RAYDIUM 10% + METEORA 90%; 4% via USDT: RAYDIUM → METEORA".
 */
export function describeRoute(route: Route): string {
  const paths = routePaths(route.legs);
  if (paths.length <= 1) return hopsText(route.legs);
  return paths
    .map((p) => {
      const via = p.mints.slice(1, -1).map((m) => findToken(m)?.symbol ?? m);
      const legs = route.legs.filter((l) => legPath(l) === p.index);
      return `${(p.shareBps / 100).toFixed(0)}% ${via.length === 0 ? 'direct' : `via ${via.join(', ')}`}: ${hopsText(legs)}`;
    })
    .join('; ');
}

/** What each venue alone offered, for the execution log. */
export function venuesCompared(route: Route): { venue: string; poolId: string; amountOut: string | null }[] {
  return route.alternatives.map((a) => ({ venue: a.venue, poolId: a.poolId, amountOut: a.amountOut?.toString() ?? null }));
}
