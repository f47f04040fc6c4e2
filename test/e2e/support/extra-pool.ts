/**
 * A pool listed after the page opened. The server never adds pools at runtime, so the test routes
 * the page's socket through Playwright and, from the second poolUpdates emission on, appends one
 * more pool to what the server sent; everything else passes through untouched.
 */
import type { Page } from 'playwright-core';
import type { PoolFieldsFragment } from '../../../src/client/graphql.js';

export const EXTRA_POOL: PoolFieldsFragment = {
  id: 'test-raydium-cpmm-usdc-usdt',
  venue: 'RAYDIUM' as PoolFieldsFragment['venue'],
  kind: 'CPMM' as PoolFieldsFragment['kind'],
  pair: 'USDC/USDT',
  tokenX: { symbol: 'USDC', decimals: 6 },
  tokenY: { symbol: 'USDT', decimals: 6 },
  price: '1.0004',
  reserveX: '1000000',
  reserveY: '1000400',
  feeBps: 25,
  updatedAt: new Date(0).toISOString(),
};

/**
 * Routes the page's /graphql socket so that every poolUpdates emission after the first also lists
 * EXTRA_POOL. Wait on the page, not on emissions passing through here: one forwarded just before a
 * clock jump may still be applied at the time before it.
 */
export async function addPoolAfterFirstEmission(page: Page): Promise<void> {
  let emissions = 0;
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    const server = ws.connectToServer();
    const poolSubscriptions = new Set<string>();
    ws.onMessage((message) => {
      const msg = JSON.parse(String(message)) as { type: string; id?: string; payload?: { query?: string } };
      if (msg.type === 'subscribe' && /subscription PoolUpdates\b/.test(msg.payload?.query ?? '')) poolSubscriptions.add(msg.id ?? '');
      server.send(message);
    });
    server.onMessage((message) => {
      const msg = JSON.parse(String(message)) as { type: string; id?: string; payload?: { data?: { poolUpdates?: PoolFieldsFragment[] } } };
      const pools = msg.payload?.data?.poolUpdates;
      if (msg.type !== 'next' || !poolSubscriptions.has(msg.id ?? '') || pools === undefined) {
        ws.send(message);
        return;
      }
      emissions++;
      if (emissions >= 2) pools.push(EXTRA_POOL);
      ws.send(JSON.stringify(msg));
    });
  });
}
