import { MAX_TOKEN_ATOMS } from './amount.js';
import { DomainError } from './errors.js';
import type { MarketState } from './market/market.js';
import { bestHop, singleLeg } from './routing/best-hop.js';
import type { LegQuote } from './routing/exact-quoter.js';
import { ImpactAccumulator } from './routing/impact.js';
import { pricePath } from './routing/path-quote.js';
import { quoterFor, type PoolQuoter } from './routing/pool-quoter.js';
import { searchRoute, type RouteChoice } from './routing/route-search.js';
import { topology, type Topology } from './routing/topology.js';
import type { Route, RouteKind, RouteLeg, RouteStep, VenueQuote } from './route.js';
import type { Token } from './tokens.js';
import type { Pool, VenueId } from './venues/pool.js';

/**
 * Exact-in routing in the shape of Jupiter's quote (docs/venue-math.md §7): the best route of at most
 * three hops through any token that has pools, each hop split across the pair's pools where that
 * pays, and the order split across two pool-disjoint paths where that pays (routing/route-search.ts;
 * docs/router.md explains the search). Quotes never change the market: pools are immutable.
 */

const VENUES: readonly VenueId[] = ['RAYDIUM', 'METEORA'];

function alternativesFor(pools: readonly Pool[], singles: readonly (LegQuote | undefined)[]): VenueQuote[] {
  const out: VenueQuote[] = [];
  for (let i = 0; i < pools.length; i++) {
    const s = singles[i];
    out.push({
      venue: pools[i]!.venue,
      poolId: pools[i]!.id,
      amountOut: s?.amountOut,
      fee: s?.fee,
      priceImpactPpm: s?.priceImpactPpm,
    });
  }
  // A venue without a pool for the pair is still reported, with nothing it could fill.
  for (const venue of VENUES) {
    if (!pools.some((p) => p.venue === venue)) {
      out.push({ venue, poolId: '', amountOut: undefined, fee: undefined, priceImpactPpm: undefined });
    }
  }
  return out;
}

/** The flat leg list: path by path, hop by hop. */
function toLegs(choice: RouteChoice): RouteLeg[] {
  const legs: RouteLeg[] = [];
  for (let path = 0; path < choice.paths.length; path++) {
    const hops = choice.paths[path]!.hops;
    for (let hop = 0; hop < hops.length; hop++) {
      for (const l of hops[hop]!.legs) {
        const q = l.quote;
        legs.push({
          venue: q.venue,
          poolId: q.poolId,
          path,
          hop,
          mintIn: q.mintIn,
          mintOut: q.mintOut,
          amountIn: q.amountIn,
          amountOut: q.amountOut,
          fee: q.fee,
          shareBps: l.shareBps,
        });
      }
    }
  }
  return legs;
}

function impactOf(choice: RouteChoice): number {
  const acc = new ImpactAccumulator();
  for (let path = 0; path < choice.paths.length; path++) {
    const hops = choice.paths[path]!.hops;
    for (let hop = 0; hop < hops.length; hop++) for (const l of hops[hop]!.legs) acc.add(path, hop, l.quote.amountOut, l.quote.priceImpactPpm);
  }
  return acc.result();
}

function kindOf(choice: RouteChoice): RouteKind {
  if (choice.paths.length > 1) return 'MULTI_PATH';
  const hops = choice.paths[0]!.hops;
  if (hops.length === 3) return 'THREE_HOP';
  if (hops.length === 2) return 'TWO_HOP';
  return hops[0]!.legs.length > 1 ? 'SPLIT' : 'DIRECT';
}

/** Why one hop's pools could not fill (for the error code only; runs on the failure path). */
function hopFailure(qs: readonly PoolQuoter[], amountIn: bigint): 'SMALL' | 'VAULT' | 'DEPTH' {
  let capacity = 0n;
  for (const q of qs) {
    // Some pool (or a split) takes the amount yet nothing came back: it pays 0 for it.
    if (q.exact.fits(amountIn)) return 'SMALL';
    capacity += q.exact.capacity();
  }
  if (capacity >= amountIn) return 'SMALL';
  return qs.some((q) => q.pool.kind === 'CPMM') ? 'VAULT' : 'DEPTH';
}

/** Why no path could fill: each path's first hop that fails. */
function failureOf(topo: Topology, amountIn: bigint, nowSec: number): 'SMALL' | 'VAULT' | 'DEPTH' {
  const reasons = new Set<string>();
  topo.paths.forEach((shape, i) => {
    const p = pricePath(shape, i, nowSec);
    let x = amountIn;
    for (const qs of p.hops) {
      const hop = bestHop(qs, x);
      if (hop === undefined) {
        reasons.add(hopFailure(qs, x));
        return;
      }
      x = hop.amountOut;
    }
  });
  return reasons.has('SMALL') ? 'SMALL' : reasons.has('VAULT') ? 'VAULT' : 'DEPTH';
}

/**
 * (out − reference) / reference in bps, to 0.01 bps (Jupiter's own example is +1.8 bps, so whole
 * bps would hide most of what splitting earns); 0 when no single venue fills. The reference is the
 * best single direct pool whatever the route's shape, so it reads the same for every kind.
 */
function savingsBps(out: bigint, reference: bigint | undefined): number {
  if (reference === undefined || reference <= 0n) return 0;
  if (out === reference) return 0;
  return Number(((out - reference) * 1_000_000n) / reference) / 100;
}

/** The WRAP/UNWRAP steps native SOL needs around the swap (docs/venue-math.md §5). */
export function stepsFor(tokenIn: Token, tokenOut: Token): RouteStep[] {
  const steps: RouteStep[] = [];
  if (tokenIn.native) steps.push('WRAP_SOL');
  if (tokenOut.native) steps.push('UNWRAP_SOL');
  return steps;
}

/**
 * The best exact-in route for `amountIn` atoms of `tokenIn` into `tokenOut` on the market as it is.
 * The result is never worse than any single venue or any single path (every one that could win is
 * quoted exactly), every amount in it is exact (the venues' own bigint math), and each hop's legs
 * carry exact atom inputs summing to the hop input (shareBps is their rounded display). Its output
 * is within ROUTE_TOLERANCE of the best route of at most three hops and two pool-disjoint paths, and
 * exactly the best for small orders (docs/router.md "Tolerance").
 * @throws DomainError
 *   AMOUNT_ZERO (amountIn ≤ 0) |
 *   AMOUNT_TOO_LARGE (amountIn above u64::MAX, or no path fits because a pool's input vault would
 *     pass u64::MAX) |
 *   SAME_TOKEN (including SOL→WSOL, a wrap rather than a swap) |
 *   NO_ROUTE (no pool path between the tokens) |
 *   AMOUNT_TOO_SMALL (a path can absorb the amount, but every path returns 0 atoms for it) |
 *   INSUFFICIENT_LIQUIDITY (paths exist, none is deep enough for the amount)
 */
export function findBestRoute(market: MarketState, tokenIn: Token, tokenOut: Token, amountIn: bigint, nowSec: number): Route {
  if (amountIn <= 0n) throw new DomainError('AMOUNT_ZERO', 'amountIn must be greater than zero', { amountIn: amountIn.toString() });
  if (amountIn > MAX_TOKEN_ATOMS) {
    throw new DomainError('AMOUNT_TOO_LARGE', 'amountIn exceeds u64::MAX atoms', { amountIn: amountIn.toString(), max: MAX_TOKEN_ATOMS.toString() });
  }
  if (tokenIn.mint === tokenOut.mint) {
    throw new DomainError('SAME_TOKEN', `${tokenIn.symbol} and ${tokenOut.symbol} are the same mint`, { mint: tokenIn.mint });
  }
  const mintIn = tokenIn.mint;
  const topo = topology(market, mintIn, tokenOut.mint);
  const direct = topo.direct;
  const singles: (LegQuote | undefined)[] = [];
  for (const pool of direct) singles.push(singleLeg(quoterFor(pool, mintIn, nowSec), amountIn));
  let bestSingleVenueOut: bigint | undefined;
  for (const s of singles) if (s !== undefined && (bestSingleVenueOut === undefined || s.amountOut > bestSingleVenueOut)) bestSingleVenueOut = s.amountOut;

  const best = topo.paths.length > 0 ? searchRoute(topo, amountIn, nowSec, singles) : undefined;
  if (best === undefined) {
    const details = { tokenIn: tokenIn.symbol, tokenOut: tokenOut.symbol, amountIn: amountIn.toString() };
    if (topo.paths.length === 0) {
      throw new DomainError('NO_ROUTE', `no pool path from ${tokenIn.symbol} to ${tokenOut.symbol}`, { tokenIn: tokenIn.symbol, tokenOut: tokenOut.symbol });
    }
    const why = failureOf(topo, amountIn, nowSec);
    if (why === 'SMALL') {
      throw new DomainError('AMOUNT_TOO_SMALL', `this amount of ${tokenIn.symbol} is too small: every path to ${tokenOut.symbol} returns nothing`, details);
    }
    if (why === 'VAULT') {
      throw new DomainError('AMOUNT_TOO_LARGE', `no path can take this amount of ${tokenIn.symbol}: a pool vault would exceed u64::MAX atoms`, details);
    }
    throw new DomainError('INSUFFICIENT_LIQUIDITY', `no path can fill this amount of ${tokenIn.symbol} to ${tokenOut.symbol}: beyond the pools' depth`, details);
  }
  return {
    kind: kindOf(best),
    tokenIn: tokenIn.symbol,
    tokenOut: tokenOut.symbol,
    amountIn,
    amountOut: best.amountOut,
    legs: toLegs(best),
    steps: stepsFor(tokenIn, tokenOut),
    priceImpactPpm: impactOf(best),
    alternatives: alternativesFor(direct, singles),
    bestSingleVenueOut,
    savingsBps: savingsBps(best.amountOut, bestSingleVenueOut),
  };
}
