import { DomainError, isDomainError } from './errors.js';
import { executeRoute, type Fill } from './execute.js';
import type { MarketState } from './market/market.js';
import { minAmountOutFor } from './order.js';
import type { FailureCode } from './order-status.js';
import type { RouteFn } from './router-mode.js';
import type { Route } from './route.js';
import type { Token } from './tokens.js';

/**
 * One market order, quoted and filled, as a sequence of domain calls that the live path and the
 * backtester both make. The live path spreads it over processes (the API quotes at submission, a
 * worker fills later); the backtester calls the same two functions at the same simulated moments:
 *
 *   1. Submission at time t_s (ms), nowSec = floor(t_s / 1000):
 *        route = findBestRoute(market_ts, tokenIn, tokenOut, amountIn, nowSec)
 *        route.amountOut ≤ 0 → AMOUNT_TOO_SMALL (the order is refused)
 *        minAmountOut = minAmountOutFor(route.amountOut, slippageBps)
 *      (services/order-service.ts submitMarketOrder)
 *   2. Fill at time t_f = t_s + latency, nowSec = floor(t_f / 1000):
 *        check = findBestRoute(market_tf, tokenIn, tokenOut, amountIn, nowSec)
 *        check.amountOut < minAmountOut → SLIPPAGE_EXCEEDED
 *        executeRoute(market_tf, check, minAmountOut, nowSec) → the next market and the fill
 *      (jobs/processor.ts's ROUTING check, then jobs/fill.ts's quoteAndExecute, which routes again
 *      and executes; on the same market and nowSec its route IS `check`, since findBestRoute is a
 *      pure function of them, so executing `check` gives the very same fill atom for atom)
 *
 * With a router mode other than SMART, `route` searches a venue view (router-mode.ts) and the route
 * is executed against the full market; with SMART it is findBestRoute itself.
 */

export interface MarketOrderQuote {
  readonly route: Route;
  readonly minAmountOut: bigint;
}

/**
 * Step 1: the quote at submission and the least output the fill will accept.
 * @throws DomainError as findBestRoute; AMOUNT_TOO_SMALL when the best route returns nothing
 * @throws RangeError for slippageBps outside [0, 10000] (validated at the edge before)
 */
export function quoteMarketOrder(
  market: MarketState,
  route: RouteFn,
  tokenIn: Token,
  tokenOut: Token,
  amountIn: bigint,
  slippageBps: number,
  nowSec: number,
): MarketOrderQuote {
  const quoted = route(market, tokenIn, tokenOut, amountIn, nowSec);
  if (quoted.amountOut <= 0n) {
    throw new DomainError('AMOUNT_TOO_SMALL', 'amount too small: the best route returns nothing', { amountIn: amountIn.toString() });
  }
  return { route: quoted, minAmountOut: minAmountOutFor(quoted.amountOut, slippageBps) };
}

export interface OrderToFill {
  readonly tokenIn: Token;
  readonly tokenOut: Token;
  readonly amountIn: bigint;
  readonly minAmountOut: bigint;
}

/** A route and the market version and second it was searched on (see fillMarketOrder). */
export interface QuotedOn {
  readonly market: MarketState;
  readonly nowSec: number;
  readonly route: Route;
}

export interface FilledOrder {
  readonly market: MarketState;
  readonly fill: Fill;
  readonly route: Route;
}

/**
 * Step 2: route again against the market as it is at the fill, then execute, never below
 * `order.minAmountOut`. Nothing changes when it throws (pools are immutable). `quoted`: the route
 * of step 1 with the market and second it was searched on; when the fill happens on that same
 * market version in that same second (zero latency, nothing in between), it is used as the search's
 * result instead of searching again: the search is pure, so the fill is the same atom for atom.
 * @throws DomainError SLIPPAGE_EXCEEDED (the best route now gives less than the minimum) | as
 *   findBestRoute and executeRoute
 */
export function fillMarketOrder(market: MarketState, route: RouteFn, order: OrderToFill, nowSec: number, quoted?: QuotedOn): FilledOrder {
  // A route search is a pure function of (market version, tokens, amount, nowSec): a route quoted on
  // this very market object in this very second IS what the search would return again.
  const check =
    quoted !== undefined && quoted.market === market && quoted.nowSec === nowSec && quoted.route.amountIn === order.amountIn
      ? quoted.route
      : route(market, order.tokenIn, order.tokenOut, order.amountIn, nowSec);
  if (check.amountOut < order.minAmountOut) {
    throw new DomainError('SLIPPAGE_EXCEEDED', `best route now gives ${check.amountOut}, below the minimum ${order.minAmountOut}`, {
      expected: check.amountOut.toString(),
      minAmountOut: order.minAmountOut.toString(),
    });
  }
  const { market: next, fill } = executeRoute(market, check, order.minAmountOut, nowSec);
  return { market: next, fill, route: check };
}

/**
 * The failure an order records for a domain error no retry can fix, as the live worker maps them
 * (jobs/processor.ts PERMANENT): an amount the pools can no longer take at execution is a
 * liquidity failure, whatever the router called it. undefined for anything else.
 */
export function permanentFailure(e: unknown): FailureCode | undefined {
  if (!isDomainError(e)) return undefined;
  switch (e.code) {
    case 'SLIPPAGE_EXCEEDED':
    case 'INSUFFICIENT_LIQUIDITY':
    case 'NO_ROUTE':
      return e.code;
    case 'AMOUNT_TOO_SMALL':
    case 'AMOUNT_TOO_LARGE':
      return 'INSUFFICIENT_LIQUIDITY';
    default:
      return undefined;
  }
}
