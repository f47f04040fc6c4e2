/**
 * Quotes serve the process's cached market until another process's write is announced on the
 * market channel (or the last version check is MARKET_RECHECK_MS old): the per-quote version read
 * is gone, and a fill elsewhere still shows once its message arrived.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { findBestRoute } from '../../src/domain/router.js';
import { requireToken } from '../../src/domain/tokens.js';
import { MARKET_RECHECK_MS, type Runtime } from '../../src/runtime.js';
import { storedMarket, tradeOnMarket } from '../helpers/market.js';
import { testEnv, ordersFor } from '../helpers/runtime.js';

const env = testEnv('market-freshness');
afterAll(() => env.cleanup());

const T0 = Date.UTC(2025, 5, 1);
const SOL_IN = 10n * 10n ** 9n;

async function quoteOut(rt: Runtime): Promise<bigint> {
  return (await rt.service.quote({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '10' })).route.amountOut;
}

/** What a quote at `now` must return on the stored market (read without touching any cache). */
async function storedOut(rt: Runtime, now: number): Promise<bigint> {
  const stored = await storedMarket(rt);
  return findBestRoute(stored.market, requireToken('SOL'), requireToken('USDC'), SOL_IN, Math.floor(now / 1000)).amountOut;
}

describe('a quote after another process wrote the market', () => {
  it('sees a fill once its market message arrived (clock standing still)', async () => {
    const a = await env.start({ roles: { worker: false } });
    const now = T0;
    const b = await env.start({ roles: { worker: false }, clock: () => now });
    const before = await quoteOut(b);
    expect(before).toBe(await storedOut(b, now));

    const order = await ordersFor(a).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '300', clientOrderId: 'fresh-1', slippageBps: 500 });
    // Subscribed after b's own subscription, so b's handler has run when this one fires.
    let hear!: () => void;
    const heard = new Promise<void>((resolve) => (hear = resolve));
    const stop = await b.marketEvents.subscribe(() => hear());
    expect(await a.processOrder(order.id, 1)).toBe('CONFIRMED');
    await heard;
    stop();

    const after = await quoteOut(b);
    expect(after).toBeLessThan(before);
    expect(after).toBe(await storedOut(b, now));
    expect(b.market.cached?.version).toBe(a.market.cached?.version);
    await a.queue.obliterate({ force: true });
  });

  it('sees an unannounced write once the last version check is MARKET_RECHECK_MS old', async () => {
    const a = await env.start({ roles: { worker: false } });
    let now = T0;
    const b = await env.start({ roles: { worker: false }, clock: () => now });
    const before = await quoteOut(b);
    expect(before).toBe(await storedOut(b, now));

    await tradeOnMarket(a, 'SOL', 'USDC', 300n * 10n ** 9n); // persisted, version bumped, nothing published
    now += MARKET_RECHECK_MS - 1;
    // Within the bound and nothing announced: the cached copy, no database read.
    expect(await quoteOut(b)).toBe(before);
    now += 1;
    const after = await quoteOut(b);
    expect(after).toBeLessThan(before);
    expect(after).toBe(await storedOut(b, now));
  });

  it('reads the version on every quote while nothing feeds announcements (worker-only runtime)', async () => {
    const a = await env.start({ roles: { worker: false } });
    const now = T0;
    const w = await env.start({ roles: { api: false, worker: false }, clock: () => now });
    const before = await quoteOut(w);
    await tradeOnMarket(a, 'SOL', 'USDC', 300n * 10n ** 9n);
    const after = await quoteOut(w);
    expect(after).toBeLessThan(before);
    expect(after).toBe(await storedOut(w, now));
  });
});
