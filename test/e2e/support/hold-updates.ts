/**
 * Keeps chosen orders' orderUpdates from reaching the page, so the page can be made to act on a
 * state the server has already left (e.g. press Cancel on an order cancelled elsewhere). Routes the
 * page's /graphql socket through Playwright; every other frame passes untouched.
 */
import type { Page } from 'playwright-core';

export interface HeldUpdates {
  /** Order ids whose updates are dropped from now on. */
  readonly ids: Set<string>;
  /** Updates dropped so far. */
  dropped(): number;
}

export async function holdOrderUpdates(page: Page): Promise<HeldUpdates> {
  const ids = new Set<string>();
  let dropped = 0;
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    const server = ws.connectToServer();
    const updateSubscriptions = new Set<string>();
    ws.onMessage((message) => {
      const msg = JSON.parse(String(message)) as { type: string; id?: string; payload?: { query?: string } };
      if (msg.type === 'subscribe' && /subscription OrderUpdates\b/.test(msg.payload?.query ?? '')) updateSubscriptions.add(msg.id ?? '');
      server.send(message);
    });
    server.onMessage((message) => {
      const msg = JSON.parse(String(message)) as { type: string; id?: string; payload?: { data?: { orderUpdates?: { order?: { id?: string } } } } };
      const id = msg.payload?.data?.orderUpdates?.order?.id;
      if (msg.type === 'next' && updateSubscriptions.has(msg.id ?? '') && id !== undefined && ids.has(id)) {
        dropped++;
        return;
      }
      ws.send(message);
    });
  });
  return { ids, dropped: () => dropped };
}
