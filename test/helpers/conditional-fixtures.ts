import type { ConditionalOrder } from '../../src/domain/conditional/types.js';
import { launchPool } from '../../src/domain/market/launch.js';
import { parseLaunchSpec } from '../../src/domain/market/launch-spec.js';
import { DEFAULT_MARKET_SPEC, type MarketState } from '../../src/domain/market/market.js';
import { findMarketToken } from '../../src/domain/market/market-tokens.js';
import type { Token, TokenSymbol } from '../../src/domain/tokens.js';
import { TOKENS } from '../../src/domain/tokens.js';
import { defaultMarket, NOW } from './market-fixtures.js';

/** Illustrative USD prices, only to size random orders in a realistic $ range. */
export const USD: Record<TokenSymbol | 'KITE' | 'WIDE', number> = { SOL: 150, WSOL: 150, USDC: 1, USDT: 1, BONK: 0.00002, JUP: 0.8, RAY: 2.5, KITE: 0.05, WIDE: 0.3 };

/** The default market with its scheduled launches applied (KITE on both venues). */
export function launchedMarket(nowSec = NOW): MarketState {
  let m = defaultMarket(nowSec);
  for (const l of DEFAULT_MARKET_SPEC.launches) m = launchPool(m, l.pool, nowSec);
  return m;
}

export const KITE_MINT = DEFAULT_MARKET_SPEC.launches[0]!.pool.baseToken.mint;

/**
 * A token launched only on a wide-step DLMM (binStep 200), where a walk back toward the pool's
 * indexReference within the filter period can lower the fee faster than the price worsens: the
 * case the trigger index must not assume monotone prices for.
 */
export const WIDE_LAUNCH = parseLaunchSpec(
  {
    venue: 'METEORA',
    baseToken: { mint: '77VrxXCM198eXiCXXL6FSTA9Qt6rJB5t7awjPUQxvRtG', symbol: 'WIDE', decimals: 6, name: 'Wide Step Test' },
    quoteToken: 'SOL',
    price: '0.002',
    baseAmount: '50000000',
    binStep: 200,
    binsPerSide: 30,
    feeBps: 100,
  },
  'wide',
);

/** Every token an order may use on a launched market (SOL stands for WSOL: same mint). */
export function tradable(market: MarketState): Token[] {
  const list: Token[] = [TOKENS.SOL, TOKENS.USDC, TOKENS.USDT, TOKENS.BONK, TOKENS.JUP, TOKENS.RAY];
  for (const mint of [KITE_MINT, WIDE_LAUNCH.baseToken.mint]) {
    const t = findMarketToken(market, mint);
    if (t !== undefined) list.push(t);
  }
  return list;
}

/** Atoms of `token` worth about `usd`. */
export function atomsWorth(token: Token, usd: number): bigint {
  const whole = usd / USD[token.symbol as keyof typeof USD];
  return BigInt(Math.max(1, Math.round(whole * 10 ** token.decimals)));
}

/** A limit built from its atom threshold directly (tests the index at exact boundaries). */
export function limitAt(id: string, tokenIn: Token, tokenOut: Token, amountIn: bigint, minAmountOut: bigint, expiresAtMs?: number): ConditionalOrder {
  return {
    kind: 'LIMIT',
    id,
    tokenIn,
    tokenOut,
    amountIn,
    expiresAtMs,
    limitPrice: { num: minAmountOut * 10n ** BigInt(tokenIn.decimals), den: amountIn * 10n ** BigInt(tokenOut.decimals) },
    minAmountOut,
  };
}

/** A stop built from its atom trigger level directly. */
export function stopAt(id: string, tokenIn: Token, tokenOut: Token, amountIn: bigint, triggerAtoms: bigint, slippageBps = 100): ConditionalOrder {
  return {
    kind: 'STOP',
    id,
    tokenIn,
    tokenOut,
    amountIn,
    expiresAtMs: undefined,
    stopPrice: { num: triggerAtoms * 10n ** BigInt(tokenIn.decimals), den: amountIn * 10n ** BigInt(tokenOut.decimals) },
    triggerAtoms,
    slippageBps,
  };
}
