/**
 * The close codes of the page's WebSockets, as the page itself saw them (Playwright reports that a
 * socket closed, not with which code). An init script wraps the page's WebSocket class before any
 * of the page's code runs; the page's traffic is untouched. Init scripts are not subject to the
 * page's Content-Security-Policy.
 */
import type { Page } from 'playwright-core';

/** Call before navigation (openPage's beforeLoad). */
export async function recordSocketCloses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const closes: number[] = [];
    (window as unknown as { socketCloses: number[] }).socketCloses = closes;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('close', (ev) => closes.push(ev.code));
      }
    };
  });
}

/** Every close code seen so far, in order. */
export function socketCloses(page: Page): Promise<number[]> {
  return page.evaluate(() => [...(window as unknown as { socketCloses: number[] }).socketCloses]);
}
