import { DomainError } from './errors.js';
import { poolsForPair, type MarketState } from './market/market.js';
import { rateCurve } from './depth.js';
import { bestHop, quoteSingle, type HopQuote } from './split.js';
import { NATIVE_MINT, TOKENS, type Token } from './tokens.js';
import type { Route, RouteKind, RouteLeg, RouteStep, VenueQuote } from './route.js';
import type { Pool, SwapResult, VenueId } from './venues/pool.js';

/**
 * Exact-in routing in the shape of Jupiter's quote (dex-model.md §3): the best of every venue's
 * direct pool, a split across the pair's pools, and two-hop paths through SOL or USDC (each hop
 * itself direct or split). Quotes never change the market: pools are immutable.
 */

const VENUES: readonly VenueId[] = ['RAYDIUM', 'METEORA'];
/** Intermediate mints for two-hop routes (Jupiter's restrictIntermediateTokens keeps to majors). */
const INTERMEDIATES: readonly string[] = [NATIVE_MINT, TOKENS.USDC.mint];

/**
 * Whole-route price impact, parts per million, fee excluded. Per hop, the legs' exec-vs-spot
 * impacts (SwapResult.priceImpactPpm: (spot − exec)/spot with exec = out/(in − fee)) combine into
 * 1 − Σout / Σ(out / (1 − impact_i)), i.e. what the hop paid against the spot value of its net
 * input; hops then compose multiplicatively: 1 − Π(1 − hopImpact). A single leg reports exactly its
 * own impact. Shared with execution so quotes and fills use one definition.
 */
export function composeImpactPpm(legs: readonly { readonly hop: number; readonly amountOut: bigint; readonly impactPpm: number }[]): number {
  let keep = 1;
  let hop = -1;
  let out = 0;
  let spotOut = 0;
  const close = (): void => {
    if (hop >= 0 && spotOut > 0) keep *= out / spotOut;
  };
  for (const leg of legs) {
    if (leg.hop !== hop) {
      close();
      hop = leg.hop;
      out = 0;
      spotOut = 0;
    }
    const o = Number(leg.amountOut);
    const kept = 1 - leg.impactPpm / 1e6;
    out += o;
    spotOut += kept > 0 ? o / kept : 0;
  }
  close();
  return Math.max(0, Math.round((1 - keep) * 1e6));
}

interface Candidate {
  readonly hops: readonly HopQuote[];
  readonly amountOut: bigint;
}

function maxRate0(pools: readonly Pool[], mintIn: string, nowSec: number): number {
  let best = 0;
  for (const p of pools) {
    const r = rateCurve(p, mintIn, nowSec).rate0;
    if (r > best) best = r;
  }
  return best;
}

function alternativesFor(pools: readonly Pool[], singles: readonly (SwapResult | undefined)[]): VenueQuote[] {
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

/**
 * Two-hop candidates through SOL or USDC. A path is skipped without any exact swap when even its
 * best-case output (amountIn × each hop's best first-atom rate, fee included) cannot beat `floor`:
 * marginal rates only fall as size grows, so that product bounds the real output from above.
 */
function twoHopCandidates(
  market: MarketState,
  mintIn: string,
  mintOut: string,
  amountIn: bigint,
  floor: bigint,
  nowSec: number,
): { candidates: Candidate[]; pathExists: boolean } {
  const candidates: Candidate[] = [];
  let pathExists = false;
  let best = floor;
  for (const mid of INTERMEDIATES) {
    if (mid === mintIn || mid === mintOut) continue;
    const first = poolsForPair(market, mintIn, mid);
    if (first.length === 0) continue;
    const second = poolsForPair(market, mid, mintOut);
    if (second.length === 0) continue;
    pathExists = true;
    const r2 = maxRate0(second, mid, nowSec);
    if (Number(amountIn) * maxRate0(first, mintIn, nowSec) * r2 <= Number(best)) continue;
    const hop0 = bestHop(first, mintIn, amountIn, nowSec);
    if (hop0 === undefined || Number(hop0.amountOut) * r2 <= Number(best)) continue;
    const hop1 = bestHop(second, mid, hop0.amountOut, nowSec);
    if (hop1 === undefined) continue;
    candidates.push({ hops: [hop0, hop1], amountOut: hop1.amountOut });
    if (hop1.amountOut > best) best = hop1.amountOut;
  }
  return { candidates, pathExists };
}

function toLegs(hops: readonly HopQuote[]): RouteLeg[] {
  const legs: RouteLeg[] = [];
  hops.forEach((h, hop) => {
    for (const l of h.legs) {
      legs.push({
        venue: l.swap.venue,
        poolId: l.swap.poolId,
        hop,
        mintIn: l.swap.mintIn,
        mintOut: l.swap.mintOut,
        amountIn: l.swap.amountIn,
        amountOut: l.swap.amountOut,
        fee: l.swap.fee,
        shareBps: l.shareBps,
      });
    }
  });
  return legs;
}

function impactOf(hops: readonly HopQuote[]): number {
  const legs: { hop: number; amountOut: bigint; impactPpm: number }[] = [];
  hops.forEach((h, hop) => {
    for (const l of h.legs) legs.push({ hop, amountOut: l.swap.amountOut, impactPpm: l.swap.priceImpactPpm });
  });
  return composeImpactPpm(legs);
}

/**
 * (out − reference) / reference in bps, to 0.01 bps (Jupiter's own example is +1.8 bps, so whole
 * bps would hide most of what splitting earns); 0 when no single venue fills.
 */
function savingsBps(out: bigint, reference: bigint | undefined): number {
  if (reference === undefined || reference <= 0n) return 0;
  return Number(((out - reference) * 1_000_000n) / reference) / 100;
}

/** The WRAP/UNWRAP steps native SOL needs around the swap (dex-model.md §4 "WSOL"). */
export function stepsFor(tokenIn: Token, tokenOut: Token): RouteStep[] {
  const steps: RouteStep[] = [];
  if (tokenIn.native) steps.push('WRAP_SOL');
  if (tokenOut.native) steps.push('UNWRAP_SOL');
  return steps;
}

/**
 * The best exact-in route for `amountIn` atoms of `tokenIn` into `tokenOut` on the market as it is.
 * The result is never worse than any single venue (every single-pool quote is a candidate).
 * @throws DomainError AMOUNT_ZERO | SAME_TOKEN (including SOL→WSOL, a wrap rather than a swap) |
 *   NO_ROUTE (no pool path) | INSUFFICIENT_LIQUIDITY (paths exist, none fills the amount)
 */
export function findBestRoute(market: MarketState, tokenIn: Token, tokenOut: Token, amountIn: bigint, nowSec: number): Route {
  if (amountIn <= 0n) throw new DomainError('AMOUNT_ZERO', 'amountIn must be greater than zero', { amountIn: amountIn.toString() });
  if (tokenIn.mint === tokenOut.mint) {
    throw new DomainError('SAME_TOKEN', `${tokenIn.symbol} and ${tokenOut.symbol} are the same mint`, { mint: tokenIn.mint });
  }
  const mintIn = tokenIn.mint;
  const mintOut = tokenOut.mint;
  const direct = poolsForPair(market, mintIn, mintOut);
  const singles = direct.map((p) => quoteSingle(p, mintIn, amountIn, nowSec));
  const alternatives = alternativesFor(direct, singles);
  let bestSingleVenueOut: bigint | undefined;
  for (const s of singles) if (s !== undefined && (bestSingleVenueOut === undefined || s.amountOut > bestSingleVenueOut)) bestSingleVenueOut = s.amountOut;

  const directHop = direct.length > 0 ? bestHop(direct, mintIn, amountIn, nowSec, singles) : undefined;
  let best: Candidate | undefined = directHop && { hops: [directHop], amountOut: directHop.amountOut };
  const { candidates, pathExists } = twoHopCandidates(market, mintIn, mintOut, amountIn, best?.amountOut ?? 0n, nowSec);
  for (const c of candidates) if (best === undefined || c.amountOut > best.amountOut) best = c;

  if (best === undefined) {
    if (direct.length === 0 && !pathExists) {
      throw new DomainError('NO_ROUTE', `no pool path from ${tokenIn.symbol} to ${tokenOut.symbol}`, { tokenIn: tokenIn.symbol, tokenOut: tokenOut.symbol });
    }
    throw new DomainError('INSUFFICIENT_LIQUIDITY', `no path can fill this amount of ${tokenIn.symbol} to ${tokenOut.symbol} (beyond the pools' depth, or too small to return anything)`, {
      tokenIn: tokenIn.symbol,
      tokenOut: tokenOut.symbol,
      amountIn: amountIn.toString(),
    });
  }
  const kind: RouteKind = best.hops.length > 1 ? 'TWO_HOP' : best.hops[0]!.legs.length > 1 ? 'SPLIT' : 'DIRECT';
  return {
    kind,
    tokenIn: tokenIn.symbol,
    tokenOut: tokenOut.symbol,
    amountIn,
    amountOut: best.amountOut,
    legs: toLegs(best.hops),
    steps: stepsFor(tokenIn, tokenOut),
    priceImpactPpm: impactOf(best.hops),
    alternatives,
    bestSingleVenueOut,
    savingsBps: savingsBps(best.amountOut, bestSingleVenueOut),
  };
}
