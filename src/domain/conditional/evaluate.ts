import { isDomainError } from '../errors.js';
import type { MarketState } from '../market/market.js';
import { findMarketToken } from '../market/market-tokens.js';
import { minAmountOutFor } from '../order.js';
import type { RouteFn } from '../router-mode.js';
import type { Route } from '../route.js';
import type { Token } from '../tokens.js';
import { routeDepth } from './depth.js';
import type { ConditionalOrder, FiredOrder } from './types.js';

/**
 * The exact test of one conditional order against one market version: a route search for the
 * whole order, then its condition. This is the ground truth the trigger index must agree with
 * (trigger-index.ts only decides which orders need this test).
 */

/** Route failures that mean "not now" for a resting order rather than a fault. */
const NOT_NOW = new Set(['NO_ROUTE', 'INSUFFICIENT_LIQUIDITY', 'AMOUNT_TOO_SMALL', 'AMOUNT_TOO_LARGE']);

/** The route for the whole order, or undefined when none can fill it now. */
export function tryRoute(route: RouteFn, market: MarketState, tokenIn: Token, tokenOut: Token, amountIn: bigint, nowSec: number): Route | undefined {
  try {
    const r = route(market, tokenIn, tokenOut, amountIn, nowSec);
    return r.amountOut > 0n ? r : undefined;
  } catch (e) {
    if (isDomainError(e) && NOT_NOW.has(e.code)) return undefined;
    throw e;
  }
}

/** Whether `order`'s condition holds for a given route (undefined: no route fills it now). */
export function firesWith(order: ConditionalOrder, market: MarketState, r: Route | undefined): bigint | undefined {
  if (r === undefined) return undefined;
  switch (order.kind) {
    case 'LIMIT':
      return r.amountOut >= order.minAmountOut ? order.minAmountOut : undefined;
    case 'STOP':
      return r.amountOut <= order.triggerAtoms ? minAmountOutFor(r.amountOut, order.slippageBps) : undefined;
    case 'SNIPER':
      if (r.priceImpactPpm > order.maxPriceImpactBps * 100) return undefined;
      return routeDepth(market, r) >= order.minLiquidity ? minAmountOutFor(r.amountOut, order.slippageBps) : undefined;
  }
}

/** The token an order buys, as the market knows it now (a sniper's may not exist yet). */
export function tokenOutOf(order: ConditionalOrder, market: MarketState): Token | undefined {
  return order.kind === 'SNIPER' ? findMarketToken(market, order.tokenOutMint) : order.tokenOut;
}

/**
 * Evaluates one order exactly: fired (with the route and the market order's minAmountOut) or
 * undefined. A route failure (no path, not enough depth, an amount no pool takes) is "not now".
 */
export function evaluateOrder(order: ConditionalOrder, market: MarketState, nowSec: number, route: RouteFn): FiredOrder | undefined {
  const tokenOut = tokenOutOf(order, market);
  if (tokenOut === undefined) return undefined;
  const r = tryRoute(route, market, order.tokenIn, tokenOut, order.amountIn, nowSec);
  const minAmountOut = firesWith(order, market, r);
  return minAmountOut === undefined ? undefined : { order, tokenOut, route: r!, minAmountOut };
}

/**
 * The brute force: every order evaluated exactly, fired ones in the given order. What the trigger
 * index must reproduce; also the baseline its benchmark compares with.
 */
export function evaluateAll(orders: Iterable<ConditionalOrder>, market: MarketState, nowSec: number, route: RouteFn): FiredOrder[] {
  const fired: FiredOrder[] = [];
  for (const o of orders) {
    const f = evaluateOrder(o, market, nowSec, route);
    if (f !== undefined) fired.push(f);
  }
  return fired;
}
