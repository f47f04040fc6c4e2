import { DomainError, fieldError, isDomainError } from './errors.js';
import { venueView } from './market/venue-view.js';
import type { MarketState } from './market/market.js';
import { findBestRoute } from './router.js';
import type { Route } from './route.js';
import type { Token } from './tokens.js';

/**
 * Which routes an order may take: SMART (the router over every venue), one venue only, or
 * BEST_SINGLE_VENUE (each venue routed alone, the better result taken: what a trader restricted to
 * one venue at a time could get at best). Restriction is done with venue views (venue-view.ts):
 * the router itself is never told about modes.
 */
export const ROUTER_MODES = ['SMART', 'BEST_SINGLE_VENUE', 'VENUE_RAYDIUM', 'VENUE_METEORA'] as const;
export type RouterMode = (typeof ROUTER_MODES)[number];

/** A route search with findBestRoute's signature and errors. */
export type RouteFn = (market: MarketState, tokenIn: Token, tokenOut: Token, amountIn: bigint, nowSec: number) => Route;

// When both venues fail, the error that says most about the order: a path that exists but cannot
// fill beats no path at all.
const ERROR_RANK: Readonly<Record<string, number>> = { NO_ROUTE: 0, INSUFFICIENT_LIQUIDITY: 1, AMOUNT_TOO_LARGE: 2, AMOUNT_TOO_SMALL: 3 };

const raydium: RouteFn = (m, a, b, amount, now) => findBestRoute(venueView(m, 'RAYDIUM'), a, b, amount, now);
const meteora: RouteFn = (m, a, b, amount, now) => findBestRoute(venueView(m, 'METEORA'), a, b, amount, now);

function attempt(fn: RouteFn, m: MarketState, a: Token, b: Token, amount: bigint, now: number): Route | DomainError {
  try {
    return fn(m, a, b, amount, now);
  } catch (e) {
    if (isDomainError(e) && ERROR_RANK[e.code] !== undefined) return e;
    throw e;
  }
}

/** The better single-venue route; ties go to Raydium (listed first). */
const bestSingleVenue: RouteFn = (m, a, b, amount, now) => {
  const r = attempt(raydium, m, a, b, amount, now);
  const s = attempt(meteora, m, a, b, amount, now);
  if (r instanceof DomainError) {
    if (s instanceof DomainError) throw ERROR_RANK[s.code]! > ERROR_RANK[r.code]! ? s : r;
    return s;
  }
  if (s instanceof DomainError) return r;
  return s.amountOut > r.amountOut ? s : r;
};

const ROUTE_FNS: Readonly<Record<RouterMode, RouteFn>> = {
  SMART: findBestRoute,
  BEST_SINGLE_VENUE: bestSingleVenue,
  VENUE_RAYDIUM: raydium,
  VENUE_METEORA: meteora,
};

/** The route search for `mode`. */
export function routeFnFor(mode: RouterMode): RouteFn {
  return ROUTE_FNS[mode];
}

/**
 * @throws DomainError ROUTER_MODE_INVALID naming `field`
 */
export function parseRouterMode(raw: unknown, field: string): RouterMode {
  if (typeof raw === 'string' && (ROUTER_MODES as readonly string[]).includes(raw)) return raw as RouterMode;
  throw fieldError('ROUTER_MODE_INVALID', field, `must be one of ${ROUTER_MODES.join(', ')}`, { value: String(raw).slice(0, 32) });
}
