import { formatAmount } from '../amount.js';
import { fieldError } from '../errors.js';
import type { Token } from '../tokens.js';
import { atomsOf, paramDecimal, paramInt, paramNumber, paramsObject, paramToken, resolveToken } from './params.js';
import type { Strategy, StrategyContext } from './types.js';

/**
 * Mean reversion on the reference price (a signal example, long only): on every market snapshot the
 * price of `base` in `quote` (ratio of their USD reference prices) joins a rolling window of
 * `window` samples; z = (price − mean) / σ over the window. With no order in flight:
 *   z ≤ −entryZ and position < maxPosition → buy: a market order of `tradeAmount` quote for base;
 *   z ≥ exitZ and a lot is held            → sell the oldest lot (the base atoms that buy filled).
 * The position is the sum of the lots, from fills only, so it can exceed maxPosition by less than
 * one lot. The price only decides WHEN to trade; every amount sent comes from params or fills.
 *
 * Params: base, quote, window (5..10000), entryZ (0.1..10), exitZ (−10..entryZ, default 0),
 * tradeAmount (quote decimal), maxPosition (base decimal), slippageBps (0..5000, default 50).
 */
export function createMeanReversion(raw: unknown): Strategy {
  const p = paramsObject(raw);
  const baseText = paramToken(p, 'base');
  const quoteText = paramToken(p, 'quote');
  const window = paramInt(p, 'window', 5, 10_000);
  const entryZ = paramNumber(p, 'entryZ', 0.1, 10);
  const exitZ = paramNumber(p, 'exitZ', -10, 10, 0);
  if (exitZ > entryZ) throw fieldError('STRATEGY_PARAM_OUT_OF_RANGE', 'params.exitZ', 'must not exceed entryZ');
  const tradeText = paramDecimal(p, 'tradeAmount');
  const maxText = paramDecimal(p, 'maxPosition');
  const slippageBps = paramInt(p, 'slippageBps', 0, 5_000, 50);

  const prices = new Float64Array(window);
  let seen = 0;
  let sum = 0;
  let sumSq = 0;
  let setup: { base: Token; quote: Token; trade: bigint; max: bigint } | undefined;
  const lots: bigint[] = [];
  let position = 0n;
  let inFlight: { id: string; buy: boolean } | undefined;

  const prepare = (ctx: StrategyContext) => {
    if (setup !== undefined) return setup;
    const base = resolveToken(ctx.token, baseText, 'base');
    const quote = resolveToken(ctx.token, quoteText, 'quote');
    return (setup = { base, quote, trade: atomsOf(tradeText, quote, 'tradeAmount'), max: atomsOf(maxText, base, 'maxPosition') });
  };

  /** Adds a price; the z-score of it once the window is full. */
  const push = (price: number): number | undefined => {
    const slot = seen % window;
    const old = prices[slot]!;
    prices[slot] = price;
    seen++;
    if (seen > window) {
      sum -= old;
      sumSq -= old * old;
    }
    sum += price;
    sumSq += price * price;
    // Re-sum once per window so float drift of the running sums stays bounded.
    if (seen % window === 0) {
      sum = 0;
      sumSq = 0;
      for (const v of prices) {
        sum += v;
        sumSq += v * v;
      }
    }
    if (seen < window) return undefined;
    const mean = sum / window;
    const variance = Math.max(0, sumSq / window - mean * mean);
    const sd = Math.sqrt(variance);
    return sd > 0 ? (price - mean) / sd : 0;
  };

  return {
    name: 'MEAN_REVERSION',
    onStart(ctx) {
      prepare(ctx);
    },
    onMarket(ctx, snapshot) {
      const { base, quote, trade, max } = prepare(ctx);
      const b = snapshot.usdPrices.get(base.symbol);
      const q = snapshot.usdPrices.get(quote.symbol);
      if (b === undefined || q === undefined || q <= 0) return;
      const z = push(b / q);
      if (z === undefined || inFlight !== undefined) return;
      if (z <= -entryZ && position < max) {
        const id = ctx.submit({ type: 'MARKET', tokenIn: quote.symbol, tokenOut: base.symbol, amountIn: formatAmount(trade, quote.decimals), slippageBps });
        inFlight = { id, buy: true };
      } else if (z >= exitZ && lots.length > 0) {
        const id = ctx.submit({ type: 'MARKET', tokenIn: base.symbol, tokenOut: quote.symbol, amountIn: formatAmount(lots[0]!, base.decimals), slippageBps });
        inFlight = { id, buy: false };
      }
    },
    onTimer() {},
    onOrderUpdate(_ctx, u) {
      if (inFlight === undefined || u.clientOrderId !== inFlight.id || u.status === 'OPEN') return;
      if (u.status === 'FILLED') {
        if (inFlight.buy) {
          lots.push(u.amountOut!);
          position += u.amountOut!;
        } else {
          position -= lots.shift()!;
        }
      }
      inFlight = undefined;
    },
  };
}
