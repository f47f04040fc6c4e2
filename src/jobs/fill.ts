/**
 * The fill: what the storage's fill transaction runs against the order and the market as stored —
 * re-route against the current pools and execute at or above the order's minAmountOut. The
 * storage writes the moved pools with a new market version and marks the order CONFIRMED with its
 * event in the same transaction, and refuses an order that is already terminal, so a job delivered
 * twice (or re-run after a crash past the commit) never fills twice.
 */
import { formatAmount } from '../domain/amount.js';
import { quoteAndExecute } from '../domain/execute.js';
import type { MarketState } from '../domain/market/market.js';
import { slippageBpsBetween } from '../domain/order.js';
import type { OrderFill, OrderView } from '../domain/order-view.js';
import type { Route } from '../domain/route.js';
import { describeRoute } from '../domain/route-text.js';
import type { FillOutcome } from '../db/port.js';

const PRICE_DECIMALS = 12;

/** tokenOut per tokenIn in whole tokens, exact to PRICE_DECIMALS (floored). */
export function executedPrice(order: OrderView, amountOut: bigint): string {
  const num = amountOut * 10n ** BigInt(order.tokenIn.decimals + PRICE_DECIMALS);
  const den = order.amountIn * 10n ** BigInt(order.tokenOut.decimals);
  return formatAmount(num / den, PRICE_DECIMALS);
}

export interface Filled {
  readonly route: Route;
  readonly fill: OrderFill;
}

/**
 * The fill of `order` on `market` at `at` with signature `txHash`: the market after it and the
 * order's CONFIRMED change.
 * @throws DomainError SLIPPAGE_EXCEEDED | INSUFFICIENT_LIQUIDITY | NO_ROUTE (nothing is written)
 */
export function executeFill(order: OrderView, market: MarketState, txHash: string, at: number): FillOutcome<Filled> {
  const executed = quoteAndExecute(market, order.tokenIn, order.tokenOut, order.amountIn, order.minAmountOut, Math.floor(at / 1000));
  const fill: OrderFill = {
    amountOut: executed.fill.amountOut,
    legs: executed.fill.legs,
    fees: executed.fill.totalFee,
    priceImpactPpm: executed.fill.priceImpactPpm,
    slippageBps: slippageBpsBetween(order.quotedAmountOut, executed.fill.amountOut),
    txHash,
    executedPrice: executedPrice(order, executed.fill.amountOut),
    ...(executed.route.bestSingleVenueOut === undefined ? {} : { bestSingleVenueOut: executed.route.bestSingleVenueOut }),
  };
  return {
    next: executed.market,
    change: {
      status: 'CONFIRMED',
      detail: `filled via ${describeRoute(executed.route)}: ${fill.amountOut} atoms out, ${fill.slippageBps} bps vs quote`,
      fill,
    },
    result: { route: executed.route, fill },
  };
}
