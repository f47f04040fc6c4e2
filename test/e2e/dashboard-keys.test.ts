/**
 * The dashboard's API key in a real browser against the real server: a page without a key (public
 * pools and quotes only, then a key typed in), a key revoked while its page is open, and a
 * read-only key trying to trade. test/e2e/dashboard.test.ts covers the key given in the link.
 *
 * Each test opens its own browser context, so each starts with empty storage. The page's traffic
 * is read off the wire (support/frames.ts) to show what it did not send as well as what it did.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { launchBrowser, openPage, type ConsoleProblem } from '../helpers/browser.js';
import { orderInput, startTestApp, submit, type TestApp } from '../helpers/app.js';
import { apiOrders } from './support/api-orders.js';
import { recordWire, type Wire } from './support/frames.js';
import { recordSocketCloses, socketCloses } from './support/socket-closes.js';

/** Operations that only a key may run, and the page's check of who a key is. */
const KEYED_OPERATIONS = new Set(['Orders', 'Order', 'OrderUpdates', 'SubmitMarketOrder', 'Viewer']);
const STORAGE_KEY = 'oee.apiKey';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  await buildWeb();
  t = await startTestApp('e2e-dashboard-keys', { config: { motionIntervalMs: 250 }, runtime: { clock: Date.now } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const state = (p: Page) => p.locator('#connection').getAttribute('data-state');
const keyField = (p: Page) => p.getByLabel('Paste your API key (or the dashboard link holding it)');
const stored = (p: Page) => p.evaluate((k) => localStorage.getItem(k), STORAGE_KEY);

async function withPage(path: string, run: (page: Page, wire: Wire, problems: ConsoleProblem[]) => Promise<void>, before?: (page: Page) => Promise<void>): Promise<void> {
  let wire!: Wire;
  const { page, problems } = await openPage(browser, `${t.url}${path}`, undefined, async (p) => {
    wire = recordWire(p);
    await before?.(p);
  });
  try {
    await run(page, wire, problems);
  } finally {
    await page.context().close();
  }
}

describe('dashboard without a key', () => {
  it('shows pools and quotes, asks for a key in the ticket, sends nothing about orders, and works once a key is given', async () => {
    await withPage('/', async (page, wire, problems) => {
      await expect.poll(() => state(page), { timeout: 15_000 }).toBe('live');
      await expect.poll(() => page.locator('[data-pair="WSOL/USDC"] [data-pool-price]').first().textContent()).toMatch(/^[\d,]+(\.\d+)?$/);
      await page.getByLabel('Amount').fill('2');
      await expect.poll(() => page.locator('#quote-summary').textContent(), { timeout: 10_000 }).toMatch(/^2 SOL → ≈ [\d,.]+ USDC via /);

      // The ticket asks for a key and says where one comes from.
      expect(await keyField(page).isVisible()).toBe(true);
      const help = await page.locator('#key-help').textContent();
      expect(help).toContain('npm start');
      expect(help).toContain('#key=');
      expect(help).toContain('npm run --silent keys -- create --name NAME --scopes read,trade');
      expect(await page.locator('#blotter-empty').textContent()).toMatch(/need an API key/);
      // The form fits a 320 px phone.
      await page.setViewportSize({ width: 320, height: 900 });
      await expect.poll(() => page.evaluate(() => document.documentElement.clientWidth)).toBe(320);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      expect(await page.locator('#key-form').evaluate((f) => f.getBoundingClientRect().right)).toBeLessThanOrEqual(320);
      await page.setViewportSize({ width: 1440, height: 1100 });

      // Submitting points at the key instead of sending anything.
      await page.getByRole('button', { name: 'Submit market order' }).click();
      await expect.poll(() => page.locator('#ticket-status').textContent()).toMatch(/^Not submitted: orders need an API key/);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');

      // A malformed key is named before anything is sent; its text is never echoed.
      await keyField(page).fill('oee_notakey_secret-ish');
      await page.getByRole('button', { name: 'Use key' }).click();
      await expect.poll(() => page.locator('#err-api-key').textContent()).toMatch(/^That is not an API key/);
      expect(await page.locator('#err-api-key').textContent()).not.toContain('secret-ish');
      expect(await keyField(page).getAttribute('aria-invalid')).toBe('true');

      // A well-formed key the server does not honour: refused over HTTP; the socket stays as it was.
      const { key: revoked } = await t.runtime.auth.createKey({ name: 'e2e-gone', scopes: ['read', 'trade'] });
      await t.runtime.auth.revokeKey('e2e-gone');
      await keyField(page).fill(revoked);
      await page.getByRole('button', { name: 'Use key' }).click();
      await expect.poll(() => page.locator('#err-api-key').textContent()).toMatch(/^Not accepted: the server does not know this key, or it was revoked/);
      expect(await stored(page)).toBeNull();
      // Chromium reports the refused request itself: that line is the browser's, and the only one.
      expect(problems.map((p) => p.text)).toEqual(['Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
      problems.splice(0);

      // Until now: no operation that needs a key, on the socket or over HTTP, and no key presented.
      expect(wire.operations.filter((o) => KEYED_OPERATIONS.has(o.name)).map((o) => o.name)).toEqual([]);
      expect(wire.inits).toEqual([{ websocket: 1, authorization: undefined }]);
      expect(await wire.http()).toEqual([{ name: 'Viewer', authorization: `Bearer ${revoked}`, status: 401 }]);

      // A good key (pasted as the whole printed link): checked, stored, and the socket presents it.
      const { key } = await t.runtime.auth.createKey({ name: 'e2e-visitor', scopes: ['read', 'trade'] });
      await keyField(page).fill(`Dashboard: ${t.url}/#key=${key}`);
      await keyField(page).press('Enter');
      await expect.poll(() => page.locator('[data-who="account"]').textContent(), { timeout: 10_000 }).toBe('e2e-visitor');
      expect(await page.locator('[data-who="scopes"]').textContent()).toBe('read, trade');
      expect(await stored(page)).toBe(key);
      await expect.poll(() => wire.inits.length).toBe(2);
      expect(wire.inits[1]).toEqual({ websocket: 2, authorization: `Bearer ${key}` });
      await expect.poll(() => state(page), { timeout: 15_000 }).toBe('live');
      expect(await page.locator('#blotter-empty').textContent()).toBe('No orders yet. Submit one from the ticket.');

      // It trades, and follows the order to CONFIRMED.
      await page.getByLabel('Amount').fill('0.0321');
      await page.getByLabel('Amount').press('Enter');
      await expect.poll(() => page.locator('#ticket-status').textContent(), { timeout: 10_000 }).toMatch(/submitted: 0\.0321 SOL → USDC$/);
      const row = page.locator('#blotter-body tr', { hasText: '0.0321 SOL → USDC' }).first();
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('CONFIRMED');
      // Everything that needs a key went over the socket that presented it.
      expect(new Set(wire.operations.filter((o) => KEYED_OPERATIONS.has(o.name)).map((o) => o.socket))).toEqual(new Set([2]));

      // Signing out forgets the key and the orders, and asks again.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect.poll(() => keyField(page).isVisible()).toBe(true);
      expect(await stored(page)).toBeNull();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');
      await expect.poll(() => page.locator('#blotter-body tr').count()).toBe(0);
      expect(await page.locator('#key-notice').textContent()).toMatch(/^Signed out/);
      await expect.poll(() => wire.inits.length).toBe(3);
      expect(wire.inits[2]?.authorization).toBeUndefined();
      await expect.poll(() => state(page), { timeout: 15_000 }).toBe('live');
      expect(problems).toEqual([]);
    });
  }, 60_000);
});

describe('dashboard with a key revoked while it is open', () => {
  it('sees its socket closed with 4403, forgets the key, asks again, and never presents the key again', async () => {
    const { key } = await t.runtime.auth.createKey({ name: 'e2e-revoked', scopes: ['read', 'trade'] });
    await withPage(
      `/#key=${key}`,
      async (page, wire, problems) => {
        await expect.poll(() => page.locator('[data-who="account"]').textContent(), { timeout: 15_000 }).toBe('e2e-revoked');
        await expect.poll(() => state(page), { timeout: 15_000 }).toBe('live');
        expect(wire.named('OrderUpdates').length).toBe(1);

        await t.runtime.auth.revokeKey('e2e-revoked');
        await expect.poll(() => socketCloses(page), { timeout: 10_000 }).toEqual([4403]);
        await expect.poll(() => keyField(page).isVisible()).toBe(true);
        expect(await page.locator('#key-notice').textContent()).toMatch(/^The server refused the API key oee_\w{8}… \(revoked or unknown\), so this page has forgotten it\./);
        expect(await stored(page)).toBeNull();
        expect(await page.locator('#blotter-empty').textContent()).toMatch(/need an API key/);

        // Back on a socket without a key: public data flows again.
        await expect.poll(() => wire.inits.length, { timeout: 10_000 }).toBe(2);
        await expect.poll(() => state(page), { timeout: 15_000 }).toBe('live');
        const socketsBefore = wire.inits.length;

        // No loop: a minute of the page's time (longer than any backoff) brings no other socket.
        await page.clock.fastForward('01:00');
        const answered = Number((await page.locator('#quote').getAttribute('data-answered')) ?? '0');
        await page.getByLabel('Amount').fill('3');
        await expect.poll(async () => Number((await page.locator('#quote').getAttribute('data-answered')) ?? '0'), { timeout: 10_000 }).toBeGreaterThan(answered);
        expect(wire.inits.length).toBe(socketsBefore);
        expect(wire.inits.map((i) => i.authorization)).toEqual([`Bearer ${key}`, undefined]);
        expect(await socketCloses(page)).toEqual([4403]);
        // Nothing that needs a key was asked on the socket without one.
        expect(wire.operations.filter((o) => o.socket === 2 && KEYED_OPERATIONS.has(o.name))).toEqual([]);
        expect(problems).toEqual([]);
      },
      async (p) => {
        await recordSocketCloses(p);
        await p.clock.install(); // time flows normally until the test jumps it forward
      },
    );
  }, 60_000);
});

describe('dashboard with a read-only key', () => {
  it('follows the account\'s orders, and a submit shows FORBIDDEN next to the button while everything else goes on', async () => {
    // The same account as the test requests' key, so the blotter has orders to show.
    const { key } = await t.runtime.auth.createKey({ name: 'e2e-reader', scopes: ['read'], account: 'test' });
    await withPage(`/#key=${key}`, async (page, wire, problems) => {
      await expect.poll(() => page.locator('[data-who="scopes"]').textContent(), { timeout: 15_000 }).toBe('read');
      expect(await page.locator('[data-who="account"]').textContent()).toBe('test');
      await expect.poll(() => state(page), { timeout: 15_000 }).toBe('live');

      await page.getByLabel('Amount').fill('0.05');
      await expect.poll(() => page.locator('#quote-summary').textContent(), { timeout: 10_000 }).toMatch(/^0\.05 SOL → ≈ /);
      await page.getByRole('button', { name: 'Submit market order' }).click();
      const status = page.locator('#ticket-status');
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^Not submitted \(FORBIDDEN\): this API key lacks the /);
      expect(await status.getAttribute('class')).toContain('error');
      expect(await page.getByRole('button', { name: 'Submit market order' }).isEnabled()).toBe(true);

      // The key stays, the socket stays, quotes and the blotter go on.
      expect(await stored(page)).toBe(key);
      expect(wire.inits).toEqual([{ websocket: 1, authorization: `Bearer ${key}` }]);
      await page.getByLabel('Amount').fill('0.06');
      await expect.poll(() => page.locator('#quote-summary').textContent(), { timeout: 10_000 }).toMatch(/^0\.06 SOL → ≈ /);
      // An order of the account's, submitted elsewhere with a key that may trade, shows up here.
      const before = (await apiOrders(t.url)).length;
      const order = await submit(t, orderInput({ amountIn: '0.0654' }));
      const row = page.locator(`#blotter-body tr[data-order-id="${order.id}"]`);
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('CONFIRMED');
      expect(await page.locator('#blotter-body tr').count()).toBe(before + 1);
      expect(problems).toEqual([]);
    });
  }, 60_000);
});
