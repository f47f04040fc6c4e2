/**
 * Resting orders on the dashboard, in a real browser against the real server (Redis, SQLite, the
 * worker): the ticket's order-type tabs, a server field error on the limit price input, a limit
 * order placed from its tab showing in open orders and the blotter, drawn on the SOL/USDC depth
 * chart, and cancelled from the list; an order cancelled behind the page's back leaving the list
 * live; and a pool launched through the API appearing in the pools panel and the ticket's tokens
 * without a reload. Market motion is off, so a limit above the market stays OPEN until cancelled.
 * Nothing waits on time: the page is polled until it shows what is expected.
 */
import { join } from 'node:path';
import bs58 from 'bs58';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { CancelOrderDocument, LaunchPoolDocument, OrderBookDocument, OrderDocument, SubmitLimitOrderDocument, type LaunchPoolInput } from '../../src/client/graphql.js';
import { launchBrowser, openPage, type ConsoleProblem } from '../helpers/browser.js';
import { startTestApp, uniqueId, type TestApp } from '../helpers/app.js';
import { gql, gqlAs, ok } from '../helpers/gql.js';
import { holdOrderUpdates, type HeldUpdates } from './support/hold-updates.js';

let t: TestApp;
let browser: Browser;
let page: Page;
let problems: ConsoleProblem[];
/** The page's key (read, trade: no admin). */
let pageKey: string;
/** A SOL → USDC limit 1% above the book's mid: it never crosses while nothing else trades. */
let limitPrice: string;
let limitId: string;
let held: HeldUpdates;

/** The order as the page's account sees it over the API. */
async function apiOrder(id: string) {
  const order = ok(await gqlAs(t.url, pageKey, OrderDocument, { id })).order;
  if (order === null) throw new Error(`order ${id} not found`);
  return order;
}

const tab = (name: string) => page.getByRole('tab', { name });
const openRow = (id: string) => page.locator(`#open-orders li[data-order-id="${id}"]`);
const blotterRow = (id: string) => page.locator(`#blotter-body tr[data-order-id="${id}"]`);
const newestOpenId = () => page.locator('#open-orders li').first().getAttribute('data-order-id');

beforeAll(async () => {
  await buildWeb();
  t = await startTestApp('e2e-dashboard-orders', { runtime: { clock: Date.now } }); // the page shows wall-clock times
  pageKey = (await t.runtime.auth.createKey({ name: 'e2e-orders-page', scopes: ['read', 'trade'] })).key;
  const book = ok(await gql(t.url, OrderBookDocument, { base: 'SOL', quote: 'USDC', levels: 20 })).orderBook;
  const mid = Math.max(...book.venues.map((v) => Number(v.mid)));
  limitPrice = String(Number((mid * 1.01).toFixed(2))); // as the API writes it back: no trailing zeros
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, `${t.url}/#key=${pageKey}`, undefined, async (p) => void (held = await holdOrderUpdates(p))));
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('dashboard: resting orders', () => {
  it('connects with the link key', async () => {
    await expect.poll(() => page.locator('#connection').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    await expect.poll(() => page.locator('[data-who="scopes"]').textContent()).toBe('read, trade');
  });

  it('shows each type its own fields on its tab, and the market tab as it always was', async () => {
    await page.getByLabel('You pay').selectOption('SOL');
    await page.getByLabel('You receive').selectOption('USDC');
    await page.getByLabel('Amount').fill('1');
    expect(await tab('Market').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('button', { name: 'Submit market order' }).isVisible()).toBe(true);
    expect(await page.locator('#limitPrice').isVisible()).toBe(false);

    await tab('Stop').click();
    expect(await page.locator('#stopPrice').isVisible()).toBe(true);
    expect(await page.locator('#slippageBps').isVisible()).toBe(true);
    await tab('Sniper').click();
    for (const id of ['minLiquidity', 'maxPriceImpactBps', 'slippageBps', 'expiresAt']) expect(await page.locator(`#${id}`).isVisible()).toBe(true);
    expect(await page.locator('#stopPrice').isVisible()).toBe(false);

    await tab('Limit').click();
    expect(await page.locator('#ticket-title').textContent()).toBe('Limit order');
    expect(await page.locator('#limitPrice').isVisible()).toBe(true);
    expect(await page.locator('#slippageBps').isVisible()).toBe(false); // a limit takes no slippage
    expect(await page.locator('label[for="limitPrice"]').textContent()).toContain('(USDC per SOL)');
    expect(await page.getByRole('button', { name: 'Place limit order' }).isVisible()).toBe(true);
  });

  it("puts the server's field error on the limit price input, and places nothing", async () => {
    await page.getByLabel(/^Limit price/).fill('12.5.3');
    await page.getByRole('button', { name: 'Place limit order' }).click();
    await expect.poll(() => page.locator('#err-limitPrice').textContent()).not.toBe('');
    expect(await page.locator('#limitPrice').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('limitPrice');
    expect(await page.locator('#ticket-status').textContent()).toMatch(/^Not submitted: fix the highlighted field/);
    expect(await page.locator('#err-amountIn').textContent()).toBe('');
    expect(await page.locator('#open-orders li').count()).toBe(0);
  });

  it('places a limit order from its tab: OPEN in open orders and the blotter, typed and styled apart', async () => {
    await page.getByLabel(/^Limit price/).fill(limitPrice);
    // An edit clears the submit's verdict at once.
    await expect.poll(() => page.locator('#limitPrice').getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Place limit order' }).click();
    await expect.poll(() => page.locator('#ticket-status').textContent()).toMatch(/^Limit order \w{8} placed: 1 SOL → USDC$/);
    await expect.poll(newestOpenId).not.toBeNull();
    limitId = (await newestOpenId())!;

    const api = await apiOrder(limitId);
    expect(api).toMatchObject({ type: 'LIMIT', status: 'OPEN', limitPrice });
    const row = openRow(limitId);
    await expect.poll(() => row.getAttribute('data-status')).toBe('OPEN');
    expect(await row.locator('.type-badge').textContent()).toBe('LIMIT');
    expect(await row.locator('.open-cond').textContent()).toContain(`limit ≥ ${limitPrice} USDC/SOL`);
    expect(await row.getByRole('button', { name: /^Cancel limit order 1 SOL to USDC$/ }).isEnabled()).toBe(true);

    const b = blotterRow(limitId);
    await expect.poll(() => b.getAttribute('data-status')).toBe('OPEN');
    expect(await b.locator('.type-badge').textContent()).toBe('LIMIT');
    expect(await b.locator('.status-text').getAttribute('class')).toContain('status-open');
    expect(await b.locator('.seg[data-state="todo"]').count()).toBe(5); // no execution stage yet
    expect(await b.locator('.result').textContent()).toContain('limit ≥');
    // Styled apart from the executing statuses.
    const colour = (sel: string) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).color);
    expect(await colour(`#blotter-body tr[data-order-id="${limitId}"] .status-text`)).not.toBe(await page.locator('#tokenIn').evaluate((el) => getComputedStyle(el).color));
  });

  it("draws SOL/USDC's depth per venue and side, with a line at the open limit's price", async () => {
    const chart = page.locator('#depth-chart svg');
    await expect.poll(() => chart.getAttribute('data-pair'), { timeout: 10_000 }).toMatch(/^W?SOL\/USDC$/);
    expect(Number(await chart.getAttribute('data-levels'))).toBeGreaterThan(20);
    for (const venue of ['RAYDIUM', 'METEORA']) {
      for (const side of ['bids', 'asks']) {
        expect(Number(await chart.locator(`path[data-venue="${venue}"][data-side="${side}"]`).getAttribute('data-levels'))).toBeGreaterThan(0);
      }
    }
    const line = chart.locator(`[data-depth-line="limit"][data-order-id="${limitId}"]`);
    await expect.poll(() => line.count()).toBe(1);
    expect(await line.getAttribute('data-price')).toBe(limitPrice);
    // Right of every bid: the limit sells above the market.
    const x = Number(await line.locator('line').getAttribute('x1'));
    const width = Number(await chart.getAttribute('width'));
    const bidsRight = await chart.locator('path[data-side="bids"]').evaluateAll((ps) => Math.max(...ps.map((p) => (p as SVGPathElement).getBBox().x + (p as SVGPathElement).getBBox().width)));
    expect(x).toBeGreaterThan(bidsRight);
    expect(x).toBeLessThan(width);
    await page.screenshot({ path: join(process.cwd(), 'test-artifacts', 'dashboard-orders.png'), fullPage: true }); // for a look, not compared
  });

  it('cancels from the list: gone from open orders and the chart, CANCELLED in the blotter', async () => {
    await openRow(limitId).getByRole('button', { name: /^Cancel/ }).click();
    await expect.poll(() => openRow(limitId).count()).toBe(0);
    await expect.poll(() => blotterRow(limitId).getAttribute('data-status')).toBe('CANCELLED');
    expect(await blotterRow(limitId).locator('.status-text').textContent()).toBe('CANCELLED');
    expect(await blotterRow(limitId).locator('.status-text').getAttribute('class')).toContain('status-cancelled');
    expect(await blotterRow(limitId).locator('.result').textContent()).toMatch(/^cancelled at /);
    expect(await page.locator('#open-orders-status').textContent()).toMatch(/^Cancelled limit order \w{8}\.$/);
    await expect.poll(() => page.locator(`#depth-chart [data-order-id="${limitId}"]`).count()).toBe(0);
    expect((await apiOrder(limitId)).status).toBe('CANCELLED');
    await page.locator('#blotter-filter').selectOption('CANCELLED');
    await expect.poll(() => page.locator('#blotter-body tr').count()).toBe(1);
    await page.locator('#blotter-filter').selectOption('ALL');
  });

  it('follows orders placed and cancelled behind its back', async () => {
    const input = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.5', limitPrice, clientOrderId: uniqueId('behind') };
    const placed = ok(await gqlAs(t.url, pageKey, SubmitLimitOrderDocument, { input })).submitLimitOrder;
    await expect.poll(() => openRow(placed.id).getAttribute('data-status')).toBe('OPEN');
    await expect.poll(() => page.locator(`#depth-chart [data-order-id="${placed.id}"]`).count()).toBe(1);
    ok(await gqlAs(t.url, pageKey, CancelOrderDocument, { id: placed.id }));
    await expect.poll(() => blotterRow(placed.id).getAttribute('data-status')).toBe('CANCELLED');
    await expect.poll(() => openRow(placed.id).count()).toBe(0);
    await expect.poll(() => page.locator(`#depth-chart [data-order-id="${placed.id}"]`).count()).toBe(0);
  });

  it("says NOT_CANCELLABLE when the server refuses a cancel, then shows the order's real state", async () => {
    const input = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.25', limitPrice, clientOrderId: uniqueId('stale') };
    const placed = ok(await gqlAs(t.url, pageKey, SubmitLimitOrderDocument, { input })).submitLimitOrder;
    await expect.poll(() => openRow(placed.id).getAttribute('data-status')).toBe('OPEN');
    // The page stops hearing about it, and it is cancelled elsewhere: the page still offers Cancel.
    held.ids.add(placed.id);
    ok(await gqlAs(t.url, pageKey, CancelOrderDocument, { id: placed.id }));
    expect(await openRow(placed.id).getAttribute('data-status')).toBe('OPEN');
    await openRow(placed.id).getByRole('button', { name: /^Cancel/ }).click();
    await expect.poll(() => page.locator('#open-orders-status').getAttribute('data-code')).toBe('NOT_CANCELLABLE');
    expect(await page.locator('#open-orders-status').textContent()).toMatch(/^Could not cancel limit order \w{8}: .*\(NOT_CANCELLABLE\)\.$/);
    expect(await page.locator('#open-orders-status').getAttribute('class')).toContain('error');
    await expect.poll(() => blotterRow(placed.id).getAttribute('data-status')).toBe('CANCELLED');
    await expect.poll(() => openRow(placed.id).count()).toBe(0);
    expect(held.dropped()).toBeGreaterThanOrEqual(1);
  });

  it('places stop and sniper orders through their own mutations, with an expiry, and draws the stop', async () => {
    // An expiry a day out, typed as the trader's local time (the page sends it as an instant).
    const local = await page.evaluate(() => {
      const d = new Date(Date.now() + 86_400_000);
      d.setSeconds(0, 0);
      const p = (n: number) => String(n).padStart(2, '0');
      return { text: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`, iso: d.toISOString() };
    });
    const stopPrice = String(Number((Number(limitPrice) * 0.9).toFixed(2))); // below the market: it rests
    await tab('Stop').click();
    await page.getByLabel(/^Stop price/).fill(stopPrice);
    await page.getByLabel(/^Expires/).fill(local.text);
    await page.getByRole('button', { name: 'Place stop order' }).click();
    await expect.poll(() => page.locator('#ticket-status').textContent()).toMatch(/^Stop order \w{8} placed/);
    const stopId = (await newestOpenId())!;
    expect(await apiOrder(stopId)).toMatchObject({ type: 'STOP', status: 'OPEN', stopPrice, slippageBps: 50, expiresAt: local.iso });
    expect(await openRow(stopId).locator('.open-cond').textContent()).toMatch(new RegExp(`^stop ≤ ${stopPrice} USDC/SOL · expires `));
    const line = page.locator(`#depth-chart [data-depth-line="stop"][data-order-id="${stopId}"]`);
    await expect.poll(() => line.getAttribute('data-price')).toBe(stopPrice);

    // The sniper's own fields; the server's range error lands on the field it names.
    await tab('Sniper').click();
    await page.getByLabel(/^Expires/).fill('');
    await page.getByLabel(/^Min. pool depth/).fill('100000000'); // deeper than any pool: it never fires
    await page.getByLabel('Max. price impact (bps)').fill('0');
    await page.getByRole('button', { name: 'Place sniper order' }).click();
    await expect.poll(() => page.locator('#err-maxPriceImpactBps').textContent()).not.toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('maxPriceImpactBps');
    await page.getByLabel('Max. price impact (bps)').fill('300');
    await page.getByRole('button', { name: 'Place sniper order' }).click();
    await expect.poll(() => page.locator('#ticket-status').textContent()).toMatch(/^Sniper order \w{8} placed/);
    const sniperId = (await newestOpenId())!;
    expect(await apiOrder(sniperId)).toMatchObject({ type: 'SNIPER', status: 'OPEN', minLiquidity: '100000000', maxPriceImpactBps: 300, expiresAt: null });
    expect(await blotterRow(sniperId).locator('.type-badge').textContent()).toBe('SNIPER');

    for (const id of [stopId, sniperId]) await openRow(id).getByRole('button', { name: /^Cancel/ }).click();
    await expect.poll(() => page.locator('#open-orders li').count()).toBe(0);
    await tab('Market').click();
  });

  it('shows a pool launched through the API in the pools panel and the token lists, without a reload; a sniper waiting for it fires', async () => {
    const mint = bs58.encode(new Uint8Array(32).fill(9));
    // A sniper for the mint before any pool lists it, typed in its own field (a bad one is refused there).
    await tab('Sniper').click();
    await page.getByLabel('You pay').selectOption('USDC');
    await page.getByLabel('You receive').selectOption('SOL');
    await page.getByLabel('Amount').fill('10');
    await page.getByLabel(/^Min. pool depth/).fill('1000');
    await page.getByLabel(/^Or buy a mint/).fill('not-a-mint');
    await page.getByRole('button', { name: 'Place sniper order' }).click();
    await expect.poll(() => page.locator('#err-tokenOutMint').textContent()).not.toBe('');
    expect(await page.locator('#err-tokenOut').textContent()).toBe('');
    await page.getByLabel(/^Or buy a mint/).fill(mint);
    await page.getByRole('button', { name: 'Place sniper order' }).click();
    await expect.poll(() => page.locator('#ticket-status').textContent()).toMatch(/^Sniper order \w{8} placed/);
    const sniperId = (await newestOpenId())!;
    expect(await apiOrder(sniperId)).toMatchObject({ type: 'SNIPER', status: 'OPEN', tokenOut: { symbol: expect.any(String) } });

    const input: LaunchPoolInput = {
      venue: 'RAYDIUM' as LaunchPoolInput['venue'],
      baseToken: { mint, symbol: 'MOTH', decimals: 6, name: 'Moth Finance' },
      quoteToken: 'USDC',
      price: '0.25',
      baseAmount: '1000000',
      feeBps: 25,
    };
    const before = await page.evaluate(() => performance.getEntriesByType('navigation').length);
    const pool = ok(await gql(t.url, LaunchPoolDocument, { input })).launchPool; // the test app's admin key
    await expect.poll(() => page.locator(`#pools-grid [data-pair="MOTH/USDC"] [data-pool-id="${pool.id}"]`).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator(`#pools-grid [data-pool-price="${pool.id}"]`).textContent()).toBe('0.25');
    await expect.poll(() => page.locator('#tokenOut option[value="MOTH"]').count()).toBe(1);
    expect(await page.locator('#tokenIn option[value="MOTH"]').count()).toBe(1);
    expect(await page.locator('#depth-base option[value="MOTH"]').count()).toBe(1);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(before);

    // Its book, from the depth chart's pair choice.
    await page.locator('#depth-base').selectOption('MOTH');
    await expect.poll(() => page.locator('#depth-chart svg').getAttribute('data-pair')).toBe('MOTH/USDC');
    expect(await page.locator('#depth-chart path[data-venue="RAYDIUM"]').count()).toBe(2);

    // The sniper fired in the launch's market version and filled: out of open orders, CONFIRMED.
    await expect.poll(() => blotterRow(sniperId).getAttribute('data-status'), { timeout: 15_000 }).toBe('CONFIRMED');
    expect(await openRow(sniperId).count()).toBe(0);
    expect((await apiOrder(sniperId)).tokenOut.symbol).toBe('MOTH');
  });

  it('logged no console error, warning or CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
