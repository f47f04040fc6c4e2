import { formatAmount } from '../amount.js';
import { fieldError, isDomainError } from '../errors.js';
import { parsePrice } from '../price.js';
import type { Token } from '../tokens.js';
import { atomsOf, paramDecimal, paramDuration, paramInt, paramsObject, paramToken, resolveToken } from './params.js';
import type { Strategy, StrategyContext } from './types.js';

/**
 * Iceberg: shows one limit order of at most `visibleAmount` at a time and posts the next when it
 * fills, until `totalAmount` is done. A slice that expires (with `expiresAfter`) is posted again; a
 * slice whose fill fails (the market moved between trigger and fill) is posted again up to
 * `maxFailures` times in all; a refused slice stops the iceberg.
 *
 * Params: tokenIn, tokenOut, totalAmount, visibleAmount (decimals), limitPrice (tokenOut per
 * tokenIn), expiresAfter (optional, 1s..30d), maxFailures (0..100, default 3).
 */
export function createIceberg(raw: unknown): Strategy {
  const p = paramsObject(raw);
  const tokenInText = paramToken(p, 'tokenIn');
  const tokenOutText = paramToken(p, 'tokenOut');
  const totalText = paramDecimal(p, 'totalAmount');
  const visibleText = paramDecimal(p, 'visibleAmount');
  const limitPrice = p['limitPrice'];
  try {
    parsePrice(limitPrice, 'params.limitPrice');
  } catch (e) {
    if (isDomainError(e)) throw fieldError('STRATEGY_PARAM_INVALID', 'params.limitPrice', e.message, { value: limitPrice });
    throw e;
  }
  const expiresAfterMs = p['expiresAfter'] === undefined ? undefined : paramDuration(p, 'expiresAfter', 1_000, 30 * 86_400_000);
  const maxFailures = paramInt(p, 'maxFailures', 0, 100, 3);

  let tokens: { tokenIn: Token; tokenOut: Token } | undefined;
  let remaining = 0n;
  let visible = 0n;
  let current: { id: string; amount: bigint } | undefined;
  let failures = 0;
  let stopped = false;
  let started = false;

  const post = (ctx: StrategyContext, amount: bigint): void => {
    const { tokenIn, tokenOut } = tokens!;
    const amountIn = formatAmount(amount, tokenIn.decimals);
    const id = ctx.submit({ type: 'LIMIT', tokenIn: tokenIn.symbol, tokenOut: tokenOut.symbol, amountIn, limitPrice: limitPrice as string, expiresAfterMs });
    current = { id, amount };
  };

  return {
    name: 'ICEBERG',
    onStart(ctx) {
      const tokenIn = resolveToken(ctx.token, tokenInText, 'tokenIn');
      tokens = { tokenIn, tokenOut: resolveToken(ctx.token, tokenOutText, 'tokenOut') };
      remaining = atomsOf(totalText, tokenIn, 'totalAmount');
      visible = atomsOf(visibleText, tokenIn, 'visibleAmount');
      if (visible > remaining) throw fieldError('STRATEGY_PARAM_OUT_OF_RANGE', 'params.visibleAmount', 'must not exceed totalAmount');
      started = true;
      post(ctx, visible);
    },
    onMarket() {},
    onTimer() {},
    onOrderUpdate(ctx, u) {
      if (stopped || current === undefined || u.clientOrderId !== current.id) return;
      switch (u.status) {
        case 'OPEN':
          return;
        case 'FILLED':
          remaining -= current.amount;
          current = undefined;
          if (remaining > 0n) post(ctx, remaining < visible ? remaining : visible);
          return;
        case 'FAILED':
          failures++;
          if (failures > maxFailures) stopped = true;
          else post(ctx, current.amount);
          return;
        case 'EXPIRED':
          return post(ctx, current.amount);
        case 'REJECTED':
        case 'CANCELLED':
          stopped = true;
          return;
      }
    },
    finished: () => started && current === undefined && (stopped || remaining === 0n),
  };
}
