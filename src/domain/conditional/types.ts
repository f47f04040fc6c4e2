import type { Route } from '../route.js';
import type { Token } from '../tokens.js';
import type { Ratio } from '../venues/pool.js';

/**
 * Conditional orders rest OPEN until their condition holds on the market, then become market
 * orders (order-flow.ts step 2 fills them) carrying the minAmountOut fixed when they fire.
 */
export type ConditionalKind = 'LIMIT' | 'STOP' | 'SNIPER';

interface ConditionalBase {
  readonly id: string;
  readonly tokenIn: Token;
  readonly amountIn: bigint;
  /** ms since the epoch; undefined: good until cancelled. */
  readonly expiresAtMs: number | undefined;
}

/**
 * Fires when the best route gives at least `minAmountOut` for the whole `amountIn`:
 * minAmountOut = ceil(amountIn × limitPrice) in atoms (price.ts atomsAtPrice, rounded up so the
 * trader never gets less than the limit). The market order it becomes carries that minimum.
 */
export interface LimitOrder extends ConditionalBase {
  readonly kind: 'LIMIT';
  readonly tokenOut: Token;
  /** Least whole tokenOut per whole tokenIn. */
  readonly limitPrice: Ratio;
  readonly minAmountOut: bigint;
}

/**
 * Fires when the best route for the whole `amountIn` gives at most `triggerAtoms` (> 0):
 * floor(amountIn × stopPrice) in atoms, i.e. the executable price is at or below the stop. The
 * market order's minimum is the quote at the trigger less `slippageBps` (minAmountOutFor).
 */
export interface StopOrder extends ConditionalBase {
  readonly kind: 'STOP';
  readonly tokenOut: Token;
  readonly stopPrice: Ratio;
  readonly triggerAtoms: bigint;
  readonly slippageBps: number;
}

/**
 * Waits for a route to `tokenOutMint` (which no pool may list yet) and fires in the first market
 * version where that route's depth (depth.ts routeDepth) is at least `minLiquidity` atoms of
 * tokenIn and the whole order's price impact is at most `maxPriceImpactBps`. The market order's
 * minimum is the quote at the trigger less `slippageBps`.
 */
export interface SniperOrder extends ConditionalBase {
  readonly kind: 'SNIPER';
  readonly tokenOutMint: string;
  readonly minLiquidity: bigint;
  readonly maxPriceImpactBps: number;
  readonly slippageBps: number;
}

export type ConditionalOrder = LimitOrder | StopOrder | SniperOrder;

/** A conditional order whose condition held: the market order it becomes. */
export interface FiredOrder {
  readonly order: ConditionalOrder;
  /** The token out as the market resolved it when the order fired (a sniper's may be new). */
  readonly tokenOut: Token;
  /** The route that met the condition (the quote at the trigger). */
  readonly route: Route;
  readonly minAmountOut: bigint;
}
