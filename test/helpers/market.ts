/** Test-only market moves: trade against the stored pools as another trader would. */
import { quoteAndExecute } from '../../src/domain/execute.js';
import { requireToken } from '../../src/domain/tokens.js';
import type { Runtime } from '../../src/runtime.js';

/** Swaps `amountIn` atoms of tokenIn into tokenOut on the stored market (persisted, version bumped). */
export function tradeOnMarket(rt: Runtime, tokenIn: string, tokenOut: string, amountIn: bigint): bigint {
  const now = Date.UTC(2025, 5, 1);
  return rt.market.transact(now, (m) => {
    const r = quoteAndExecute(m, requireToken(tokenIn), requireToken(tokenOut), amountIn, 0n, Math.floor(now / 1000));
    return { next: r.market, result: r.fill.amountOut };
  });
}
