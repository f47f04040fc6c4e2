import { MAX_TOKEN_ATOMS } from './amount.js';
import { DomainError } from './errors.js';
import { poolsForPair, type MarketState } from './market/market.js';
import { bestHop, singleLeg } from './routing/best-hop.js';
import type { LegQuote } from './routing/exact-quoter.js';
import type { HopQuote } from './routing/hop-quote.js';
import { quoterFor, type PoolQuoter } from './routing/pool-quoter.js';
import { NATIVE_MINT, TOKENS, type Token } from './tokens.js';
import type { Route, RouteKind, RouteLeg, RouteStep, VenueQuote } from './route.js';
import type { Pool, VenueId } from './venues/pool.js';

/**
 * Exact-in routing in the shape of Jupiter's quote (docs/venue-math.md §7): the best of every venue's
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
  const acc = new ImpactAccumulator();
  for (const leg of legs) acc.add(leg.hop, leg.amountOut, leg.impactPpm);
  return acc.result();
}

/** composeImpactPpm, one leg at a time (legs of a hop consecutive), without building a list. */
export class ImpactAccumulator {
  private keep = 1;
  private hop = -1;
  private out = 0;
  private spotOut = 0;

  private close(): void {
    if (this.hop >= 0 && this.spotOut > 0) this.keep *= this.out / this.spotOut;
  }

  add(hop: number, amountOut: bigint, impactPpm: number): void {
    if (hop !== this.hop) {
      this.close();
      this.hop = hop;
      this.out = 0;
      this.spotOut = 0;
    }
    const o = Number(amountOut);
    const kept = 1 - impactPpm / 1e6;
    this.out += o;
    this.spotOut += kept > 0 ? o / kept : 0;
  }

  result(): number {
    this.close();
    this.hop = -1;
    return Math.max(0, Math.round((1 - this.keep) * 1e6));
  }
}

interface Candidate {
  readonly hops: readonly HopQuote[];
  readonly amountOut: bigint;
}

/** A two-hop path: the pools of each hop (never empty). */
interface TwoHopPath {
  readonly mid: string;
  readonly first: readonly Pool[];
  readonly second: readonly Pool[];
}

interface Topology {
  readonly direct: readonly Pool[];
  readonly paths: readonly TwoHopPath[];
}

// Derived from the pools' mints only, so computed once per MarketState (market version) and pair.
const TOPOLOGY = new WeakMap<MarketState, Map<string, Map<string, Topology>>>();

function topology(market: MarketState, mintIn: string, mintOut: string): Topology {
  let byIn = TOPOLOGY.get(market);
  if (byIn === undefined) TOPOLOGY.set(market, (byIn = new Map()));
  let byOut = byIn.get(mintIn);
  if (byOut === undefined) byIn.set(mintIn, (byOut = new Map()));
  let t = byOut.get(mintOut);
  if (t === undefined) {
    const paths: TwoHopPath[] = [];
    for (const mid of INTERMEDIATES) {
      if (mid === mintIn || mid === mintOut) continue;
      const first = poolsForPair(market, mintIn, mid);
      if (first.length === 0) continue;
      const second = poolsForPair(market, mid, mintOut);
      if (second.length === 0) continue;
      paths.push({ mid, first, second });
    }
    t = { direct: poolsForPair(market, mintIn, mintOut), paths };
    byOut.set(mintOut, t);
  }
  return t;
}

function quoters(pools: readonly Pool[], mintIn: string, nowSec: number): PoolQuoter[] {
  const qs: PoolQuoter[] = [];
  for (const p of pools) qs.push(quoterFor(p, mintIn, nowSec));
  return qs;
}

function maxRateUpper(qs: readonly PoolQuoter[]): number {
  let best = 0;
  for (const q of qs) if (q.model.rateUpper > best) best = q.model.rateUpper;
  return best;
}

/** Float bounds prune only with this relative margin, so float rounding can never drop a winner. */
const PRUNE_MARGIN = 1 + 1e-12;

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

/**
 * Two-hop candidates through SOL or USDC. A path is skipped without any exact swap when even its
 * best case cannot beat `floor`: every pool's output is at most amountIn × its rateUpper (a true
 * upper bound on the marginal rate at any size, routing/concave-model.ts: best price met, base fee only, so it
 * holds even where a DLMM's rate rises along the walk), so amountIn × r1 × r2 bounds the path.
 */
function twoHopCandidates(paths: readonly TwoHopPath[], mintIn: string, amountIn: bigint, floor: bigint, nowSec: number): Candidate[] {
  const candidates: Candidate[] = [];
  let best = floor;
  const amountF = Number(amountIn);
  for (const path of paths) {
    const first = quoters(path.first, mintIn, nowSec);
    const second = quoters(path.second, path.mid, nowSec);
    const r2 = maxRateUpper(second);
    if (amountF * maxRateUpper(first) * r2 * PRUNE_MARGIN <= Number(best)) continue;
    const hop0 = bestHop(first, amountIn);
    if (hop0 === undefined || Number(hop0.amountOut) * r2 * PRUNE_MARGIN <= Number(best)) continue;
    const hop1 = bestHop(second, hop0.amountOut);
    if (hop1 === undefined) continue;
    candidates.push({ hops: [hop0, hop1], amountOut: hop1.amountOut });
    if (hop1.amountOut > best) best = hop1.amountOut;
  }
  return candidates;
}

function toLegs(hops: readonly HopQuote[]): RouteLeg[] {
  const legs: RouteLeg[] = [];
  for (let hop = 0; hop < hops.length; hop++) {
    for (const l of hops[hop]!.legs) {
      const q = l.quote;
      legs.push({
        venue: q.venue,
        poolId: q.poolId,
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
  return legs;
}

function impactOf(hops: readonly HopQuote[]): number {
  const acc = new ImpactAccumulator();
  for (let hop = 0; hop < hops.length; hop++) for (const l of hops[hop]!.legs) acc.add(hop, l.quote.amountOut, l.quote.priceImpactPpm);
  return acc.result();
}

/** Why no path could fill: one hop's pools (for the error code only; runs on the failure path). */
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

function failureOf(topo: Topology, mintIn: string, amountIn: bigint, nowSec: number): 'SMALL' | 'VAULT' | 'DEPTH' {
  const reasons = new Set<string>();
  if (topo.direct.length > 0) reasons.add(hopFailure(quoters(topo.direct, mintIn, nowSec), amountIn));
  for (const path of topo.paths) {
    const first = quoters(path.first, mintIn, nowSec);
    const hop0 = bestHop(first, amountIn);
    if (hop0 === undefined) reasons.add(hopFailure(first, amountIn));
    else reasons.add(hopFailure(quoters(path.second, path.mid, nowSec), hop0.amountOut));
  }
  return reasons.has('SMALL') ? 'SMALL' : reasons.has('VAULT') ? 'VAULT' : 'DEPTH';
}

/**
 * (out − reference) / reference in bps, to 0.01 bps (Jupiter's own example is +1.8 bps, so whole
 * bps would hide most of what splitting earns); 0 when no single venue fills.
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
 * The result is never worse than any single venue (every single-pool quote is a candidate), every
 * amount in it is exact (the venues' own bigint math), and each hop's legs carry exact atom inputs
 * summing to the hop input (shareBps is their rounded display).
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
  const directQ = quoters(direct, mintIn, nowSec);
  const singles: (LegQuote | undefined)[] = [];
  for (const q of directQ) singles.push(singleLeg(q, amountIn));
  let bestSingleVenueOut: bigint | undefined;
  for (const s of singles) if (s !== undefined && (bestSingleVenueOut === undefined || s.amountOut > bestSingleVenueOut)) bestSingleVenueOut = s.amountOut;

  const directHop = direct.length > 0 ? bestHop(directQ, amountIn, singles) : undefined;
  let best: Candidate | undefined = directHop && { hops: [directHop], amountOut: directHop.amountOut };
  if (topo.paths.length > 0) {
    for (const c of twoHopCandidates(topo.paths, mintIn, amountIn, best?.amountOut ?? 0n, nowSec)) {
      if (best === undefined || c.amountOut > best.amountOut) best = c;
    }
  }

  if (best === undefined) {
    const details = { tokenIn: tokenIn.symbol, tokenOut: tokenOut.symbol, amountIn: amountIn.toString() };
    if (direct.length === 0 && topo.paths.length === 0) {
      throw new DomainError('NO_ROUTE', `no pool path from ${tokenIn.symbol} to ${tokenOut.symbol}`, { tokenIn: tokenIn.symbol, tokenOut: tokenOut.symbol });
    }
    const why = failureOf(topo, mintIn, amountIn, nowSec);
    if (why === 'SMALL') {
      throw new DomainError('AMOUNT_TOO_SMALL', `this amount of ${tokenIn.symbol} is too small: every path to ${tokenOut.symbol} returns nothing`, details);
    }
    if (why === 'VAULT') {
      throw new DomainError('AMOUNT_TOO_LARGE', `no path can take this amount of ${tokenIn.symbol}: a pool vault would exceed u64::MAX atoms`, details);
    }
    throw new DomainError('INSUFFICIENT_LIQUIDITY', `no path can fill this amount of ${tokenIn.symbol} to ${tokenOut.symbol}: beyond the pools' depth`, details);
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
    alternatives: alternativesFor(direct, singles),
    bestSingleVenueOut,
    savingsBps: savingsBps(best.amountOut, bestSingleVenueOut),
  }
}
