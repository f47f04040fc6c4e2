import { DomainError } from './errors.js';
import { findBestRoute } from './router.js';
import { withPools, type MarketState } from './market/market.js';
import { composeImpactPpm } from './routing/impact.js';
import { swapExactIn } from './venues/venue.js';
import { legPath, shareBpsOf, type Route, type RouteLeg } from './route.js';
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

/** Mutable state one execution threads through every leg it applies. */
interface Execution {
  readonly market: MarketState;
  readonly nowSec: number;
  readonly touched: Map<string, Pool>;
  readonly executed: RouteLeg[];
  readonly impacts: { path: number; hop: number; amountOut: bigint; impactPpm: number }[];
  readonly fees: Map<string, bigint>;
}

/** The legs [from, to) of one path, in hops; `input` atoms in; gives back what its last hop gave. */
function runPath(x: Execution, legs: readonly RouteLeg[], from: number, to: number, input: bigint): bigint {
  const path = legPath(legs[from]!);
  let hopInput = input;
  let i = from;
  for (let hop = 0; i < to; hop++) {
    let end = i;
    while (end < to && legs[end]!.hop === hop) end++;
    if (end === i) throw new DomainError('NO_ROUTE', `route has no legs for hop ${hop}`, { hop, path });
    let quoted = 0n;
    for (let k = i; k < end; k++) {
      const leg = legs[k]!;
      if (k > i && leg.mintIn !== legs[i]!.mintIn) throw new DomainError('NO_ROUTE', 'split legs of one hop must share mints', { hop, path });
      quoted += leg.amountIn > 0n ? leg.amountIn : 0n;
    }
    const share = (k: number): bigint => {
      const leg = legs[k]!;
      if (quoted <= 0n) return (hopInput * BigInt(leg.shareBps)) / FULL_BPS;
      if (quoted === hopInput) return leg.amountIn;
      return (hopInput * leg.amountIn) / quoted;
    };
    let remaining = hopInput;
    let hopOut = 0n;
    const first = x.executed.length;
    for (let k = i; k < end; k++) {
      const leg = legs[k]!;
      const amountIn = k === end - 1 ? remaining : share(k);
      remaining -= amountIn;
      if (amountIn <= 0n) continue;
      const pool = x.touched.get(leg.poolId) ?? x.market.pools.get(leg.poolId);
      if (pool === undefined) throw new DomainError('NO_ROUTE', `pool ${leg.poolId} is not in the market`, { poolId: leg.poolId });
      const swap = swapExactIn(pool, leg.mintIn, amountIn, x.nowSec);
      x.touched.set(pool.id, swap.pool);
      hopOut += swap.amountOut;
      x.fees.set(leg.mintIn, (x.fees.get(leg.mintIn) ?? 0n) + swap.fee);
      x.executed.push({ ...leg, amountIn, amountOut: swap.amountOut, fee: swap.fee });
      x.impacts.push({ path, hop, amountOut: swap.amountOut, impactPpm: swap.priceImpactPpm });
    }
    // Display shares of what this hop actually sent.
    const done = x.executed.slice(first);
    const bps = shareBpsOf(
      done.map((l) => l.amountIn),
      hopInput,
    );
    done.forEach((l, j) => (x.executed[first + j] = { ...l, shareBps: bps[j]! }));
    const next = end < to ? legs[end] : undefined;
    if (next !== undefined && next.mintIn !== legs[i]!.mintOut) {
      throw new DomainError('NO_ROUTE', 'route hops do not chain', { hop, path });
    }
    hopInput = hopOut;
    i = end;
    // Nothing left to swap: the later hops cannot run (a zero-amount swap is not sent).
    if (hopInput <= 0n) break;
  }
  return hopInput;
}

/** The route's paths as [from, to) runs of legs; a path's legs must be consecutive. */
function pathRuns(legs: readonly RouteLeg[]): [number, number][] {
  const runs: [number, number][] = [];
  const seen = new Set<number>();
  for (let i = 0; i < legs.length; ) {
    const path = legPath(legs[i]!);
    if (seen.has(path)) throw new DomainError('NO_ROUTE', 'the legs of one path must be consecutive', { path });
    seen.add(path);
    let end = i;
    while (end < legs.length && legPath(legs[end]!) === path) end++;
    runs.push([i, end]);
    i = end;
  }
  return runs;
}

/**
 * Applies a route to the market as it is NOW. The route's input is split across its paths in the
 * proportions of their quoted inputs (exactly the quoted atoms when the input is the quoted one,
 * otherwise floor(input·path/quoted), the last path taking the remainder), and each path's hop
 * input across its legs the same way (a hand-made route whose legs quote no input falls back to
 * shareBps). Every leg is recomputed against the current pool, threading pool state leg to leg, hop
 * to hop and path to path, so a route quoted earlier fills at today's prices. A leg whose share of
 * today's input rounds to 0 atoms is skipped (no zero-amount swap is sent) and left out of the fill's
 * legs, whose shareBps are recomputed from what they executed. Nothing changes unless the whole route
 * fills at ≥ minAmountOut: pools are immutable and the new market is only returned on success.
 * @throws DomainError SLIPPAGE_EXCEEDED (details: expected, minAmountOut, actual as strings; also
 *   when a stale route's first hop now returns nothing) | AMOUNT_TOO_SMALL (the route returns
 *   nothing at all and minAmountOut is 0) | INSUFFICIENT_LIQUIDITY (a pool can no longer absorb its
 *   leg) | AMOUNT_TOO_LARGE (a CPMM vault would pass u64::MAX) | NO_ROUTE (a pool is gone, the legs
 *   do not chain, or paths do not start and end in the same mints)
 */
export function executeRoute(
  market: MarketState,
  route: Route,
  minAmountOut: bigint,
  nowSec: number,
): { market: MarketState; fill: Fill } {
  const x: Execution = { market, nowSec, touched: new Map(), executed: [], impacts: [], fees: new Map() };
  const legs = route.legs;
  const runs = pathRuns(legs);
  const quotedIn: bigint[] = [];
  let quotedTotal = 0n;
  for (const [from, to] of runs) {
    let q = 0n;
    for (let k = from; k < to && legs[k]!.hop === 0; k++) q += legs[k]!.amountIn > 0n ? legs[k]!.amountIn : 0n;
    quotedIn.push(q);
    quotedTotal += q;
  }
  let remaining = route.amountIn;
  let amountOut = 0n;
  for (let r = 0; r < runs.length; r++) {
    const [from, to] = runs[r]!;
    if (r > 0) {
      const [f0, t0] = runs[0]!;
      if (legs[from]!.mintIn !== legs[f0]!.mintIn || legs[to - 1]!.mintOut !== legs[t0 - 1]!.mintOut) {
        throw new DomainError('NO_ROUTE', 'the paths of a route must start and end in the same mints', { path: legPath(legs[from]!) });
      }
    }
    // A hand-made route whose paths quote no input sends everything down the last one.
    const share = quotedTotal <= 0n ? 0n : quotedTotal === route.amountIn ? quotedIn[r]! : (route.amountIn * quotedIn[r]!) / quotedTotal;
    const input = r === runs.length - 1 ? remaining : share;
    remaining -= input;
    if (input <= 0n) continue;
    amountOut += runPath(x, legs, from, to, input);
  }
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
    legs: x.executed,
    totalFee: [...x.fees].map(([mint, amount]) => ({ mint, amount })),
    priceImpactPpm: composeImpactPpm(x.impacts),
  };
  return { market: withPools(market, [...x.touched.values()]), fill };
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
