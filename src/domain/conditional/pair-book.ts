import { isDomainError } from '../errors.js';
import type { MarketState } from '../market/market.js';
import { findMarketToken } from '../market/market-tokens.js';
import type { RouteFn } from '../router-mode.js';
import type { Route } from '../route.js';
import { topology } from '../routing/topology.js';
import type { Token } from '../tokens.js';
import { firesWith, tryRoute } from './evaluate.js';
import { pairBounds } from './rate-bounds.js';
import type { ConditionalOrder, FiredOrder } from './types.js';

/**
 * The resting orders of one (tokenIn, tokenOut) and how one market version is checked against
 * them. Limits and stops sit in size buckets k (2^k ≤ amountIn < 2^(k+1) atoms), each sorted by
 * the order's price key in atoms out per atom in (a limit's minAmountOut / amountIn, a stop's
 * triggerAtoms / amountIn), so a bound on the executable price of a bucket's sizes is one binary
 * search away from the orders that cannot cross.
 *
 * The bounds, with p(a) = best route output for a atoms / a:
 *  - always: p(a) ≤ R, the pair's marginal-rate bound (rate-bounds.ts): limits keyed above R skip.
 *  - when every pool on the pair's paths has non-increasing marginal rates (ratesMonotone), the
 *    best CONTINUOUS output C(a) over the router's paths is concave along each path, so C(a)/a is
 *    non-increasing in a (a maximum of such ratios is too). The exact output E(a) the router
 *    returns satisfies C(a)(1 − δ) − A ≤ E(a) ≤ C(a): the venues' models bound each leg from above
 *    and within A atoms (rounding per leg, carried through a second hop), and the router's splits
 *    are within its tolerance of the model optimum (routing/tolerance.ts: 10^-7 per hop; δ = 10^-6
 *    allows ten times that). Hence, from ONE exact search at a grid size b:
 *      a ≥ b:  p(a) ≤ C(b)/b ≤ (E(b) + A) / (b(1 − δ))        (limits of bucket k use b = 2^k)
 *      a ≤ b:  p(a) ≥ E(b)(1 − δ)/b − A/a                       (stops of bucket k use b = 2^(k+1))
 *    and a route failing for lack of depth at 2^k fails for every larger amount.
 * Float bounds prune only with a relative margin of 10^-9 (the floats carry ~10^-16 error). The
 * orders left are tested exactly, one route search per distinct amount.
 */

export interface BookEntry {
  readonly order: ConditionalOrder;
  readonly seq: number;
  readonly key: number;
  readonly bucket: number;
}

export interface BookResult {
  readonly examined: number;
  readonly skipped: number;
  readonly gridSearches: number;
}

const EPS = 1e-9;
const DELTA = 1e-6;
/** Up to this many candidates in a bucket are tested directly, without a grid search. */
const FEW = 2;

function keyOf(order: ConditionalOrder): number {
  if (order.kind === 'LIMIT') return Number(order.minAmountOut) / Number(order.amountIn);
  if (order.kind === 'STOP') return Number(order.triggerAtoms) / Number(order.amountIn);
  return 0;
}

/** Index of the first entry not before (key, seq). */
function position(entries: readonly BookEntry[], key: number, seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = entries[mid]!;
    if (e.key < key || (e.key === key && e.seq < seq)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries with key ≤ bound. */
function countAtMost(entries: readonly BookEntry[], bound: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.key <= bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entry with key ≥ bound. */
function firstAtLeast(entries: readonly BookEntry[], bound: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.key < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class PairBook {
  readonly tokenIn: Token;
  readonly mintIn: string;
  readonly mintOut: string;
  /** Limits and stops name their token out; a sniper book resolves its mint per market. */
  private readonly tokenOut: Token | undefined;
  /** Orders were added since the book was last evaluated. */
  fresh = true;
  size = 0;
  private readonly limits = new Map<number, BookEntry[]>();
  private readonly stops = new Map<number, BookEntry[]>();
  private readonly snipers: BookEntry[] = [];
  /** Ids of the pools on the pair's paths, for a market with `pathPoolsFor` pools (pools are only ever added). */
  private pathPools = new Set<string>();
  private pathPoolsFor = -1;

  constructor(first: ConditionalOrder) {
    this.tokenIn = first.tokenIn;
    this.mintIn = first.tokenIn.mint;
    this.mintOut = first.kind === 'SNIPER' ? first.tokenOutMint : first.tokenOut.mint;
    this.tokenOut = first.kind === 'SNIPER' ? undefined : first.tokenOut;
  }

  add(order: ConditionalOrder, seq: number): BookEntry {
    const entry: BookEntry = { order, seq, key: keyOf(order), bucket: order.amountIn.toString(2).length - 1 };
    if (order.kind === 'SNIPER') this.snipers.push(entry);
    else {
      const buckets = order.kind === 'LIMIT' ? this.limits : this.stops;
      let list = buckets.get(entry.bucket);
      if (list === undefined) buckets.set(entry.bucket, (list = []));
      list.splice(position(list, entry.key, seq), 0, entry);
    }
    this.size++;
    this.fresh = true;
    return entry;
  }

  remove(entry: BookEntry): void {
    const order = entry.order;
    if (order.kind === 'SNIPER') this.snipers.splice(this.snipers.indexOf(entry), 1);
    else {
      const list = (order.kind === 'LIMIT' ? this.limits : this.stops).get(entry.bucket)!;
      list.splice(position(list, entry.key, entry.seq), 1);
    }
    this.size--;
  }

  /** Whether a pool in `changed` (ids) lies on a path the router may take for this pair on `market`. */
  touchedBy(market: MarketState, changed: ReadonlySet<string>): boolean {
    if (changed.size === 0) return false;
    if (this.pathPoolsFor !== market.pools.size) {
      this.pathPools = new Set(topology(market, this.mintIn, this.mintOut).paths.flatMap((p) => p.hops.flatMap((h) => h.pools.map((pool) => pool.id))));
      this.pathPoolsFor = market.pools.size;
    }
    for (const id of changed) if (this.pathPools.has(id)) return true;
    return false;
  }

  /** Appends the orders that fire on `market` to `fired` (not removed: the index does that). */
  evaluate(market: MarketState, nowSec: number, route: RouteFn, fired: { seq: number; f: FiredOrder }[]): BookResult {
    const tokenOut = this.tokenOut ?? findMarketToken(market, this.mintOut);
    const bounds = tokenOut === undefined ? undefined : pairBounds(market, this.mintIn, tokenOut.mint, nowSec);
    if (tokenOut === undefined || bounds === undefined || bounds.rateUpper <= 0) return { examined: 0, skipped: this.size, gridSearches: 0 };

    let examined = 0;
    let skipped = 0;
    let gridSearches = 0;
    const routes = new Map<bigint, Route | undefined>();
    const test = (entry: BookEntry): void => {
      examined++;
      const amount = entry.order.amountIn;
      let r = routes.get(amount);
      if (r === undefined && !routes.has(amount)) routes.set(amount, (r = tryRoute(route, market, this.tokenIn, tokenOut, amount, nowSec)));
      const minAmountOut = firesWith(entry.order, market, r);
      if (minAmountOut !== undefined) fired.push({ seq: entry.seq, f: { order: entry.order, tokenOut, route: r!, minAmountOut } });
    };
    // Exact best output at 2^k atoms: 0n when every path returns nothing for it, undefined when no
    // path can take that much (then no larger amount fits either).
    const grid = new Map<number, bigint | undefined>();
    const gridOut = (k: number): bigint | undefined => {
      if (grid.has(k)) return grid.get(k);
      gridSearches++;
      let out: bigint | undefined;
      try {
        out = route(market, this.tokenIn, tokenOut, 1n << BigInt(k), nowSec).amountOut;
      } catch (e) {
        if (isDomainError(e, 'AMOUNT_TOO_SMALL')) out = 0n;
        else if (isDomainError(e, 'NO_ROUTE') || isDomainError(e, 'INSUFFICIENT_LIQUIDITY') || isDomainError(e, 'AMOUNT_TOO_LARGE')) out = undefined;
        else throw e;
      }
      grid.set(k, out);
      return out;
    };

    const a = bounds.slackAtoms;
    for (const [k, entries] of this.limits) {
      let n = countAtMost(entries, bounds.rateUpper * (1 + EPS));
      // A grid search costs about what testing an order does: worth it only for more than a few.
      if (n > FEW && bounds.monotone) {
        const e = gridOut(k);
        n = e === undefined ? 0 : Math.min(n, countAtMost(entries, ((Number(e) + a) / (2 ** k * (1 - DELTA))) * (1 + EPS)));
      }
      for (let i = 0; i < n; i++) test(entries[i]!);
      skipped += entries.length - n;
    }
    for (const [k, entries] of this.stops) {
      let start = 0;
      if (entries.length > FEW && bounds.monotone) {
        const e = gridOut(k + 1);
        if (e !== undefined && e > 0n) {
          const lower = ((Number(e) * (1 - DELTA)) / 2 ** (k + 1) - a / 2 ** k) * (1 - EPS);
          if (lower > 0) start = firstAtLeast(entries, lower);
        }
      }
      for (let i = start; i < entries.length; i++) test(entries[i]!);
      skipped += start;
    }
    for (const entry of this.snipers) test(entry);
    return { examined, skipped, gridSearches };
  }
}
