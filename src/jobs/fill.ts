/**
 * The fill: one IMMEDIATE transaction that re-routes against the current pools, executes at or above
 * the order's minAmountOut, writes the moved pools with a new market version, and marks the order
 * CONFIRMED with its event. It refuses an order that is already terminal, so a job delivered twice
 * (or re-run after a crash past the commit) never fills twice.
 */
import { formatAmount } from '../domain/amount.js';
import { quoteAndExecute } from '../domain/execute.js';
import { isTerminal, slippageBpsBetween } from '../domain/order.js';
import type { Route } from '../domain/route.js';
import type { Db } from '../db/connect.js';
import type { MarketStore } from '../db/market-store.js';
import { currentOrder, updateOrder } from '../db/orders-repo.js';
import type { OrderFill, OrderUpdate, OrderView } from '../domain/order-view.js';
import { describeRoute } from '../domain/route-text.js';

const PRICE_DECIMALS = 12;

/** tokenOut per tokenIn in whole tokens, exact to PRICE_DECIMALS (floored). */
export function executedPrice(order: OrderView, amountOut: bigint): string {
  const num = amountOut * 10n ** BigInt(order.tokenIn.decimals + PRICE_DECIMALS);
  const den = order.amountIn * 10n ** BigInt(order.tokenOut.decimals);
  return formatAmount(num / den, PRICE_DECIMALS);
}

export type FillResult =
  | { readonly filled: true; readonly update: OrderUpdate; readonly route: Route; readonly fill: OrderFill }
  | { readonly filled: false; readonly order: OrderView | undefined };

/**
 * Fills the order now, or does nothing when it is missing or already terminal.
 * @throws DomainError SLIPPAGE_EXCEEDED | INSUFFICIENT_LIQUIDITY | NO_ROUTE, with nothing written
 */
export function fillOrder(
  deps: { readonly db: Db; readonly market: MarketStore },
  orderId: string,
  txHash: string,
  at: number,
  /** The order as the caller last saw it: used as is when still current (no re-read). */
  known?: OrderView,
): FillResult {
  const { db, market } = deps;
  return market.transact<FillResult>(at, (current) => {
    const order = currentOrder(db, orderId, known);
    if (!order || isTerminal(order.status)) return { result: { filled: false, order } };
    const executed = quoteAndExecute(
      current,
      order.tokenIn,
      order.tokenOut,
      order.amountIn,
      order.minAmountOut,
      Math.floor(at / 1000),
    );
    const fill: OrderFill = {
      amountOut: executed.fill.amountOut,
      legs: executed.fill.legs,
      fees: executed.fill.totalFee,
      priceImpactPpm: executed.fill.priceImpactPpm,
      slippageBps: slippageBpsBetween(order.quotedAmountOut, executed.fill.amountOut),
      txHash,
      executedPrice: executedPrice(order, executed.fill.amountOut),
    };
    const { update } = updateOrder(
      db,
      orderId,
      at,
      () => ({
        status: 'CONFIRMED',
        detail: `filled via ${describeRoute(executed.route)}: ${fill.amountOut} atoms out, ${fill.slippageBps} bps vs quote`,
        fill,
      }),
      order,
    );
    // currentOrder just saw it non-terminal inside this same transaction, so the update happened.
    if (!update) throw new Error(`order ${orderId} could not be confirmed`);
    return { next: executed.market, result: { filled: true, update, route: executed.route, fill } };
  });
}
