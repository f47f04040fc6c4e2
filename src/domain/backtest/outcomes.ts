import type { ConditionalOrder } from '../conditional/types.js';
import type { Fill } from '../execute.js';
import type { MarketState } from '../market/market.js';
import { findMarketToken } from '../market/market-tokens.js';
import type { Route } from '../route.js';
import type { Token } from '../tokens.js';
import type { OrderType } from './order-entry.js';
import type { PendingFill, RestingInfo } from './pending.js';
import type { OrderResult, OrderStatus, VenueMix } from './results.js';

/** Builders of the per-order results (results.ts), one shape for every fate. */

/** (quoted − filled)/quoted in bps, exact to 10^-8 bps (truncated toward zero). */
export function slippageOf(quoted: bigint, filled: bigint): number {
  if (quoted <= 0n) return 0;
  return Number(((quoted - filled) * 1_000_000_000_000n) / quoted) / 100_000_000;
}

function venuesOf(fill: Fill): VenueMix {
  let raydium = false;
  let meteora = false;
  for (const l of fill.legs) {
    if (l.venue === 'RAYDIUM') raydium = true;
    else meteora = true;
  }
  return raydium && meteora ? 'RAYDIUM+METEORA' : raydium ? 'RAYDIUM' : 'METEORA';
}

export function filledResult(o: PendingFill, fill: Fill, route: Route, atMs: number): OrderResult {
  return {
    clientOrderId: o.clientOrderId,
    type: o.type,
    status: 'FILLED',
    code: undefined,
    tokenIn: o.tokenIn.symbol,
    tokenOut: o.tokenOut.symbol,
    mintIn: o.tokenIn.mint,
    mintOut: o.tokenOut.mint,
    decimalsIn: o.tokenIn.decimals,
    decimalsOut: o.tokenOut.decimals,
    amountIn: o.amountIn,
    submittedAtMs: o.submittedAtMs,
    triggeredAtMs: o.triggeredAtMs,
    endedAtMs: atMs,
    quotedOut: o.quotedOut,
    minAmountOut: o.minAmountOut,
    amountOut: fill.amountOut,
    slippageBps: slippageOf(o.quotedOut, fill.amountOut),
    priceImpactPpm: fill.priceImpactPpm,
    routeKind: route.kind,
    venues: venuesOf(fill),
    fees: fill.totalFee,
    bestSingleVenueOut: route.bestSingleVenueOut,
    savingsBps: route.bestSingleVenueOut === undefined ? undefined : route.savingsBps,
  };
}

/** An order that ended without a fill: failed at its fill, refused, expired or cancelled. */
export function endedResult(
  o: { readonly clientOrderId: string; readonly type: OrderType; readonly tokenIn: Token; readonly amountIn: bigint; readonly submittedAtMs: number },
  tokenOut: Token | string,
  status: Exclude<OrderStatus, 'FILLED'>,
  code: string | undefined,
  atMs: number,
  quote?: { readonly quotedOut: bigint; readonly minAmountOut: bigint; readonly triggeredAtMs: number | undefined },
): OrderResult {
  const out = typeof tokenOut === 'string' ? undefined : tokenOut;
  return {
    clientOrderId: o.clientOrderId,
    type: o.type,
    status,
    code,
    tokenIn: o.tokenIn.symbol,
    tokenOut: out?.symbol ?? (tokenOut as string),
    mintIn: o.tokenIn.mint,
    mintOut: out?.mint ?? (tokenOut as string),
    decimalsIn: o.tokenIn.decimals,
    decimalsOut: out?.decimals,
    amountIn: o.amountIn,
    submittedAtMs: o.submittedAtMs,
    triggeredAtMs: quote?.triggeredAtMs,
    endedAtMs: atMs,
    quotedOut: quote?.quotedOut,
    minAmountOut: quote?.minAmountOut,
    amountOut: undefined,
    slippageBps: undefined,
    priceImpactPpm: undefined,
    routeKind: undefined,
    venues: undefined,
    fees: [],
    bestSingleVenueOut: undefined,
    savingsBps: undefined,
  };
}

/** A resting conditional order that ended unfilled (EXPIRED, CANCELLED) or is still OPEN at the end. */
export function restingResult(
  order: ConditionalOrder,
  info: RestingInfo,
  status: 'EXPIRED' | 'CANCELLED' | 'OPEN',
  market: MarketState,
  atMs: number,
): OrderResult {
  const tokenOut = order.kind === 'SNIPER' ? (findMarketToken(market, order.tokenOutMint) ?? order.tokenOutMint) : order.tokenOut;
  return endedResult({ ...info, clientOrderId: order.id, tokenIn: order.tokenIn, amountIn: order.amountIn }, tokenOut, status, undefined, atMs);
}
