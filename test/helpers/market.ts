/** Test-only market moves and reads: trade against the stored pools as another trader would. */
import { openStorage } from '../../src/db/open.js';
import type { StoredMarket } from '../../src/db/port.js';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { requireToken } from '../../src/domain/tokens.js';
import type { Runtime } from '../../src/runtime.js';

/** Swaps `amountIn` atoms of tokenIn into tokenOut on the stored market (persisted, version bumped). */
export async function tradeOnMarket(rt: Runtime, tokenIn: string, tokenOut: string, amountIn: bigint): Promise<bigint> {
  const now = Date.UTC(2025, 5, 1);
  const { result } = await rt.market.transact(now, (m) => {
    const r = quoteAndExecute(m, requireToken(tokenIn), requireToken(tokenOut), amountIn, 0n, Math.floor(now / 1000));
    return { next: r.market, result: r.fill.amountOut };
  });
  return result;
}

/** The market as stored right now, read through a storage of its own (no process's cache). */
export async function storedMarket(rt: Pick<Runtime, 'config'>): Promise<StoredMarket> {
  const storage = await openStorage(rt.config);
  try {
    return await storage.market.current();
  } finally {
    await storage.close();
  }
}
