/**
 * The dashboard's Backtests view in a real browser against the real server (real Redis, the backtest
 * queue and worker, SQLite through the migrations): an example scenario runs in two router modes
 * with live progress, its report and charts show, the two runs compare side by side, the per-order
 * CSV downloads with the page's key, and another account's page sees none of it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { launchBrowser, openPage, type ConsoleProblem } from '../helpers/browser.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let browser: Browser;
let page: Page;
let problems: ConsoleProblem[];

beforeAll(async () => {
  await buildWeb();
  t = await startTestApp('e2e-dashboard-backtests', { runtime: { clock: Date.now } });
  browser = await launchBrowser();
  const { key } = await t.runtime.auth.createKey({ name: 'bt-trader', scopes: ['read', 'trade'] });
  ({ page, problems } = await openPage(browser, `${t.url}/#key=${key}`));
  await page.locator('#connection[data-state="live"]').waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await t?.stop();
});

const row = (mode: string) => page.locator(`#bt-rows tr:has(td:text-is("${mode}"))`);

async function runExample(mode: string): Promise<void> {
  await page.locator('#bt-scenario').selectOption('order-list');
  await page.locator('#bt-mode').selectOption(mode);
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect.poll(() => row(mode).getAttribute('data-status'), { timeout: 60_000 }).toBe('DONE');
}

describe('dashboard backtests', () => {
  it('runs an example in two router modes, shows live progress to DONE, the report, charts and CSV, and compares the two', async () => {
    await runExample('SMART');
    expect(await row('SMART').locator('progress').getAttribute('value')).toBe('100');
    await runExample('BEST_SINGLE_VENUE');

    // The report of the SMART run: its figures come from the stored report, its charts from the series.
    await row('SMART').getByRole('button', { name: 'Report' }).click();
    const detail = page.locator('#bt-detail');
    await expect.poll(() => detail.isVisible()).toBe(true);
    const text = (await detail.textContent()) ?? '';
    expect(text).toMatch(/Report: SMART/);
    expect(text).toMatch(/Fill rate\s*\d+(\.\d)?%/);
    expect(text).toMatch(/Slippage vs quote: mean/);
    expect(text).toMatch(/Fees: [\d,.]+ [A-Z]+/);
    expect(await page.locator('#bt-price-chart canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#bt-fills-chart canvas').count()).toBeGreaterThan(0);

    // The per-order CSV, fetched with the page's key and saved.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download per-order CSV' }).click()]);
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/clientOrderId/);
    expect(csv.trim().split('\n').length).toBeGreaterThan(1);

    // Side by side: tick both runs; the table shows a, b and b − a for each figure.
    await row('SMART').getByRole('checkbox').check();
    await row('BEST_SINGLE_VENUE').getByRole('checkbox').check();
    const compare = page.locator('#bt-compare');
    await expect.poll(() => compare.isVisible()).toBe(true);
    expect(await compare.textContent()).toMatch(/Compare: SMART \(a\) against BEST_SINGLE_VENUE \(b\)/);
    const savings = compare.locator('tr:has(td:text-is("Mean savings vs best venue")) td');
    expect(await savings.count()).toBe(4);
    // SMART saves against the best single venue; the single-venue router saves nothing by definition.
    expect(await savings.nth(2).textContent()).toBe('0 bps');
    expect(problems).toEqual([]);
  }, 120_000);

  it('another account sees no runs', async () => {
    const { key } = await t.runtime.auth.createKey({ name: 'bt-other', scopes: ['read', 'trade'] });
    const other = await openPage(browser, `${t.url}/#key=${key}`);
    try {
      await expect.poll(() => other.page.locator('#connection').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
      await expect.poll(() => other.page.locator('#bt-empty').isVisible()).toBe(true);
      expect(await other.page.locator('#bt-rows tr').count()).toBe(0);
    } finally {
      await other.page.context().close();
    }
  });
});
