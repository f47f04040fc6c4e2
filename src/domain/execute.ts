import { DomainError } from './errors.js';
import { findBestRoute, composeImpactPpm } from './router.js';
import { withPools, type MarketState } from './market/market.js';
import { swapExactIn } from './venues/venue.js';
import { shareBpsOf, type Route, type RouteLeg } from './route.js';
import type { Token } from './tokens.js';
import type { Pool } from './venues/pool.js';

/** What an execution actually did: the route's legs as filled against the pools at that moment. */
export interface Fill {
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  /** The legs as executed (amounts may differ from the quote if the market moved). */
  readonly legs: readonly RouteLeg[];
  /** LP + protocol fees per input mint, in order of first appearance. */
  readonly totalFee: readonly { readonly mint: string; readonly amount: bigint }[];
  /** Whole-fill price impact, ppm, same definition as Route.priceImpactPpm (router.ts). */
  readonly priceImpactPpm: number;
}

const FULL_BPS = 10_000n;

/**
 * Applies a route to the market as it is NOW: each hop's input is split across its legs in the
 * proportions of the legs' quoted atom inputs (exactly the quoted atoms when the hop input is the
 * quoted one, as it always is for the first hop; otherwise floor(input·leg/quoted), the last leg
 * taking the remainder; a hand-made route whose legs quote no input falls back to shareBps), and
 * every leg is recomputed against the current pool, threading pool state leg to leg and hop to hop,
 * so a route quoted earlier fills at today's prices. A leg whose share of today's hop input rounds
 * to 0 atoms is skipped (no zero-amount swap is sent) and left out of the fill's legs, whose
 * shareBps are recomputed from what they executed. Nothing changes unless the whole route fills at
 * ≥ minAmountOut: pools are immutable and the new market is only returned on success.
 * @throws DomainError SLIPPAGE_EXCEEDED (details: expected, minAmountOut, actual as strings; also
 *   when a stale route's first hop now returns nothing) | AMOUNT_TOO_SMALL (the route returns
 *   nothing at all and minAmountOut is 0) | INSUFFICIENT_LIQUIDITY (a pool can no longer absorb its
 *   leg) | AMOUNT_TOO_LARGE (a CPMM vault would pass u64::MAX) | NO_ROUTE (a pool is gone or the
 *   legs do not chain)
 */
export function executeRoute(
  market: MarketState,
  route: Route,
  minAmountOut: bigint,
  nowSec: number,
): { market: MarketState; fill: Fill } {
  const touched = new Map<string, Pool>();
  const executed: RouteLeg[] = [];
  const impacts: { hop: number; amountOut: bigint; impactPpm: number }[] = [];
  const fees = new Map<string, bigint>();
  let hopInput = route.amountIn;
  let i = 0;
  for (let hop = 0; i < route.legs.length; hop++) {
    let end = i;
    while (end < route.legs.length && route.legs[end]!.hop === hop) end++;
    if (end === i) throw new DomainError('NO_ROUTE', `route has no legs for hop ${hop}`, { hop });
    let quoted = 0n;
    for (let k = i; k < end; k++) {
      const leg = route.legs[k]!;
      if (k > i && leg.mintIn !== route.legs[i]!.mintIn) throw new DomainError('NO_ROUTE', 'split legs of one hop must share mints', { hop });
      quoted += leg.amountIn > 0n ? leg.amountIn : 0n;
    }
    const share = (k: number): bigint => {
      const leg = route.legs[k]!;
      if (quoted <= 0n) return (hopInput * BigInt(leg.shareBps)) / FULL_BPS;
      if (quoted === hopInput) return leg.amountIn;
      return (hopInput * leg.amountIn) / quoted;
    };
    let remaining = hopInput;
    let hopOut = 0n;
    const first = executed.length;
    for (let k = i; k < end; k++) {
      const leg = route.legs[k]!;
      const amountIn = k === end - 1 ? remaining : share(k);
      remaining -= amountIn;
      if (amountIn <= 0n) continue;
      const pool = touched.get(leg.poolId) ?? market.pools.get(leg.poolId);
      if (pool === undefined) throw new DomainError('NO_ROUTE', `pool ${leg.poolId} is not in the market`, { poolId: leg.poolId });
      const swap = swapExactIn(pool, leg.mintIn, amountIn, nowSec);
      touched.set(pool.id, swap.pool);
      hopOut += swap.amountOut;
      fees.set(leg.mintIn, (fees.get(leg.mintIn) ?? 0n) + swap.fee);
      executed.push({ ...leg, amountIn, amountOut: swap.amountOut, fee: swap.fee });
      impacts.push({ hop, amountOut: swap.amountOut, impactPpm: swap.priceImpactPpm });
    }
    // Display shares of what this hop actually sent.
    const done = executed.slice(first);
    const bps = shareBpsOf(
      done.map((l) => l.amountIn),
      hopInput,
    );
    done.forEach((l, j) => (executed[first + j] = { ...l, shareBps: bps[j]! }));
    const next = route.legs[end];
    if (next !== undefined && next.mintIn !== route.legs[i]!.mintOut) {
      throw new DomainError('NO_ROUTE', 'route hops do not chain', { hop });
    }
    hopInput = hopOut;
    i = end;
    // Nothing left to swap: the later hops cannot run (a zero-amount swap is not sent).
    if (hopInput <= 0n) break;
  }
  const amountOut = hopInput;
  if (amountOut < minAmountOut) {
    throw new DomainError('SLIPPAGE_EXCEEDED', `fill ${amountOut} is below the minimum ${minAmountOut}`, {
      expected: route.amountOut.toString(),
      minAmountOut: minAmountOut.toString(),
      actual: amountOut.toString(),
    });
  }
  if (amountOut <= 0n) {
    throw new DomainError('AMOUNT_TOO_SMALL', 'the route returns nothing for this amount on the current pools', {
      amountIn: route.amountIn.toString(),
    });
  }
  const fill: Fill = {
    amountIn: route.amountIn,
    amountOut,
    legs: executed,
    totalFee: [...fees].map(([mint, amount]) => ({ mint, amount })),
    priceImpactPpm: composeImpactPpm(impacts),
  };
  return { market: withPools(market, [...touched.values()]), fill };
}

/**
 * What a worker attempt does: route again against the pools as they are now, then execute that
 * route, never accepting less than `minAmountOut` (the bound derived from the original quote).
 * @throws DomainError as findBestRoute and executeRoute
 */
export function quoteAndExecute(
  market: MarketState,
  tokenIn: Token,
  tokenOut: Token,
  amountIn: bigint,
  minAmountOut: bigint,
  nowSec: number,
): { market: MarketState; fill: Fill; route: Route } {
  const route = findBestRoute(market, tokenIn, tokenOut, amountIn, nowSec);
  const { market: next, fill } = executeRoute(market, route, minAmountOut, nowSec);
  return { market: next, fill, route };
}
