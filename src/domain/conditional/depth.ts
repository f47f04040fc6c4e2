import type { MarketState } from '../market/market.js';
import type { Route } from '../route.js';
import { poolReserves } from '../venues/venue.js';

/**
 * A route's depth in atoms of its input token, the liquidity a sniper waits for:
 *
 *   hop h's depth  D_h = Σ over the distinct pools the route uses in hop h of that pool's reserve
 *                        of the hop's input mint (venue.ts poolReserves: CPMM pricing reserve, DLMM
 *                        sum over bins), in atoms of that mint;
 *   in tokenIn     D_0 as is; a second hop's D_1 converted at the route's own first-hop rate,
 *                  floor(D_1 · amountIn / hop0Out) (what that much of the intermediate cost this
 *                  very order);
 *   routeDepth     min over hops: the thinnest hop bounds how much the route can take.
 *
 * So a direct route's depth is its pools' reserve of tokenIn, and a route into a new token through
 * USDC is as deep as the new pool's USDC side is worth in tokenIn.
 */
export function routeDepth(market: MarketState, route: Route): bigint {
  let depth: bigint | undefined;
  let hopIn = route.amountIn;
  for (let hop = 0; ; hop++) {
    let reserve = 0n;
    let out = 0n;
    let found = false;
    const seen = new Set<string>();
    for (const leg of route.legs) {
      if (leg.hop !== hop) continue;
      found = true;
      out += leg.amountOut;
      if (seen.has(leg.poolId)) continue;
      seen.add(leg.poolId);
      const pool = market.pools.get(leg.poolId);
      if (pool === undefined) continue;
      const r = poolReserves(pool);
      reserve += leg.mintIn === pool.mintX ? r.x : r.y;
    }
    if (!found) break;
    // Convert to tokenIn atoms at the route's own rate up to this hop (exact for hop 0).
    const inTokenIn = hop === 0 ? reserve : hopIn > 0n ? (reserve * route.amountIn) / hopIn : 0n;
    depth = depth === undefined || inTokenIn < depth ? inTokenIn : depth;
    hopIn = out;
  }
  return depth ?? 0n;
}
