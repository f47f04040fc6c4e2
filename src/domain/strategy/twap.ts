import { formatAmount } from '../amount.js';
import { fieldError } from '../errors.js';
import type { Token } from '../tokens.js';
import { atomsOf, paramDecimal, paramDuration, paramInt, paramsObject, paramToken, resolveToken } from './params.js';
import type { Strategy, StrategyContext } from './types.js';

const MAX_MS = 30 * 86_400_000;

/**
 * TWAP: `totalAmount` of tokenIn sold into tokenOut as `slices` market orders, one every
 * duration/slices ms from `startAfter` (default 0). The slices are exact atoms: floor(total/slices)
 * each, the first (total mod slices) one atom more, so they sum to the total. Tokens are resolved
 * when the first slice is due (so a token launched later can be traded).
 *
 * Params: tokenIn, tokenOut, totalAmount (decimal), slices (1..10000), duration (1s..30d),
 * slippageBps (0..5000, default 50), startAfter (0..30d, default 0).
 */
export function createTwap(raw: unknown): Strategy {
  const p = paramsObject(raw);
  const tokenInText = paramToken(p, 'tokenIn');
  const tokenOutText = paramToken(p, 'tokenOut');
  const totalText = paramDecimal(p, 'totalAmount');
  const slices = paramInt(p, 'slices', 1, 10_000);
  const durationMs = paramDuration(p, 'duration', 1_000, MAX_MS);
  const slippageBps = paramInt(p, 'slippageBps', 0, 5_000, 50);
  const startAfterMs = paramDuration(p, 'startAfter', 0, MAX_MS, 0);
  const intervalMs = Math.floor(durationMs / slices);

  let startMs = 0;
  let sent = 0;
  let plan: { tokenIn: Token; tokenOut: Token; total: bigint } | undefined;

  const prepare = (ctx: StrategyContext): { tokenIn: Token; tokenOut: Token; total: bigint } => {
    if (plan !== undefined) return plan;
    const tokenIn = resolveToken(ctx.token, tokenInText, 'tokenIn');
    const tokenOut = resolveToken(ctx.token, tokenOutText, 'tokenOut');
    const total = atomsOf(totalText, tokenIn, 'totalAmount');
    if (total < BigInt(slices)) throw fieldError('STRATEGY_PARAM_OUT_OF_RANGE', 'params.slices', 'more slices than atoms in totalAmount');
    return (plan = { tokenIn, tokenOut, total });
  };

  return {
    name: 'TWAP',
    onStart(ctx) {
      startMs = ctx.now() + startAfterMs;
      ctx.setTimer(startMs, 'slice');
    },
    onMarket() {},
    onTimer(ctx) {
      const { tokenIn, tokenOut, total } = prepare(ctx);
      const each = total / BigInt(slices);
      const amount = each + (BigInt(sent) < total % BigInt(slices) ? 1n : 0n);
      ctx.submit({ type: 'MARKET', tokenIn: tokenIn.symbol, tokenOut: tokenOut.symbol, amountIn: formatAmount(amount, tokenIn.decimals), slippageBps });
      sent++;
      if (sent < slices) ctx.setTimer(startMs + sent * intervalMs, 'slice');
    },
    onOrderUpdate() {},
    finished: () => sent >= slices,
  };
}
