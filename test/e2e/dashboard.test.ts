/**
 * The dashboard in a real browser against the real server: runtime (Redis, SQLite, BullMQ worker,
 * market motion) and HTTP/graphql-ws app, with small but non-zero chain latencies so the lifecycle
 * is visible. Any console error, warning or uncaught exception on the page fails the run.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { buildApp, type App } from '../../src/app.js';
import { SubmitMarketOrderDocument } from '../../src/client/graphql.js';
import type { Runtime } from '../../src/runtime.js';
import { launchBrowser, openPage, UPDATE_DOCS_SCREENSHOT, type ConsoleProblem } from '../helpers/browser.js';
import { gql, ok } from '../helpers/gql.js';
import { testEnv, type TestEnv } from '../helpers/runtime.js';

/** Orders of this size are made to fail: every attempt's transaction is dropped. */
const DOOMED_AMOUNT = '0.777';
const ARTIFACT = join(process.cwd(), 'test-artifacts', 'dashboard.png');
const DOCS_SCREENSHOT = join(process.cwd(), 'docs', 'dashboard.png');

let env: TestEnv;
let runtime: Runtime;
let app: App;
let url: string;
let browser: Browser;
let page: Page;
let problems: ConsoleProblem[];
/** Every graphql-ws message the page sent, in order, across reconnects. */
const sentFrames: string[] = [];

async function startApp(port: number): Promise<void> {
  app = buildApp({ port, host: '127.0.0.1' }, runtime);
  ({ url } = await app.start());
}

/** A mix of what the router does: small direct fills, large splits across venues, two-hop routes. */
function burstOrder(i: number): { tokenIn: string; tokenOut: string; amountIn: string } {
  if (i % 20 === 0) return { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1200' };
  if (i % 20 === 10) return { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '180000' };
  if (i % 10 === 3) return { tokenIn: 'JUP', tokenOut: 'SOL', amountIn: `${400 + i}` };
  if (i % 10 === 6) return { tokenIn: 'BONK', tokenOut: 'USDC', amountIn: '2500000' };
  if (i % 3 === 0) return { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: `${50 + i}` };
  return { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: `0.${(i % 9) + 1}` };
}

/** A SOL → USDC order large enough to move both venues' SOL/USDC prices (it splits across them). */
async function movePools(clientOrderId: string): Promise<void> {
  ok(await gql(url, SubmitMarketOrderDocument, { input: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1200', slippageBps: 100, clientOrderId } }));
}

/** The blotter row of the order the page just submitted (the newest row carrying that amount). */
function rowFor(amount: string) {
  return page.locator('#blotter-body tr', { hasText: `${amount} SOL → USDC` }).first();
}

beforeAll(async () => {
  await buildWeb();
  env = testEnv('e2e-dashboard', {
    // Small but non-zero: each stage is visible in the blotter and a run stays fast.
    latencies: { quoteMs: 30, buildMs: 20, submitMs: 20, confirmMs: 40, jitterMs: 5 },
    latencyScale: 1,
    maxAttempts: 3,
    backoffMs: 20,
    motionIntervalMs: 250, // the pool charts move on their own
  });
  runtime = await env.start({
    clock: Date.now, // the page shows wall-clock times and latencies
    chain: { failurePlan: ({ order }) => (order.amountIn === 777_000_000n ? 'TX_DROPPED' : undefined) },
  });
  await startApp(0);
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, `${url}/`, undefined, (p) =>
    p.on('websocket', (ws) => ws.on('framesent', ({ payload }) => void sentFrames.push(String(payload)))),
  ));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await env?.cleanup(); // closes the runtime, deletes the Redis prefix and the temp database
});

describe('dashboard', () => {
  it('connects over graphql-ws and shows the connection as live', async () => {
    await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('live');
    await expect.poll(() => page.locator('#connection').textContent()).toContain('Live');
  });

  it('quotes as you type, with both venues side by side for SOL → USDC', async () => {
    await page.getByLabel('You pay').selectOption('SOL');
    await page.getByLabel('You receive').selectOption('USDC');
    await page.getByLabel('Amount').fill('2.5');
    const quote = page.locator('#quote');
    await quote.locator('[data-venue="RAYDIUM"]').waitFor();
    await quote.locator('[data-venue="METEORA"]').waitFor();
    for (const venue of ['RAYDIUM', 'METEORA']) {
      await expect.poll(() => quote.locator(`[data-venue="${venue}"] .venue-out`).textContent()).toMatch(/^[\d,]+(\.\d+)? USDC$/);
    }
    expect(await quote.locator('[data-figure="quote-min"]').textContent()).toMatch(/USDC$/);
    expect(await quote.locator('[data-figure="quote-impact"]').textContent()).toMatch(/bps$/);
    expect(await quote.locator('.route-text').textContent()).not.toBe('');
  });

  it('shows live pool prices from the poolUpdates subscription, never by polling', async () => {
    const prices = page.locator('[data-pair="WSOL/USDC"] [data-pool-price]');
    await expect.poll(() => prices.first().textContent()).toMatch(/^[\d,]+(\.\d+)?$/);
    const before = await prices.allTextContents();
    await movePools('e2e-pools-move');
    await expect.poll(() => prices.allTextContents(), { timeout: 10_000 }).not.toEqual(before);
    const sent = sentFrames.map((f) => JSON.parse(f) as { type: string; payload?: { query?: string } });
    const queries = sent.flatMap((m) => (m.type === 'subscribe' && m.payload?.query ? [m.payload.query] : []));
    expect(queries.some((q) => /subscription PoolUpdates\b/.test(q))).toBe(true);
    expect(queries.filter((q) => /query Pools\b/.test(q))).toEqual([]);
  });

  it('shows an API error next to the field it names', async () => {
    await page.getByLabel('Amount').fill('1.0000000001'); // SOL has 9 decimals
    await expect.poll(() => page.locator('#err-amountIn').textContent(), { timeout: 5000 }).not.toBe('');
    expect(await page.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Amount').fill('1.25');
    await expect.poll(() => page.locator('#err-amountIn').textContent()).toBe('');
  });

  it('submits with Enter and the order reaches CONFIRMED in the blotter with its tx hash', async () => {
    await page.getByLabel('Amount').fill('1.25');
    await page.getByLabel('Amount').press('Enter');
    const row = rowFor('1.25');
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('CONFIRMED');
    const tx = row.locator('code.tx');
    expect(await tx.getAttribute('title')).toMatch(/^[1-9A-HJ-NP-Za-km-z]{80,90}$/); // base58, 64 bytes
    expect(await tx.textContent()).toContain('…');
    expect(await row.locator('.seg[data-state="done"]').count()).toBe(5);
    expect(await row.textContent()).toMatch(/bps/); // executed against quoted
  });

  it('shows a failed order with its reason', async () => {
    await page.getByLabel('Amount').fill(DOOMED_AMOUNT);
    await page.getByRole('button', { name: 'Submit market order' }).click();
    const row = rowFor(DOOMED_AMOUNT);
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('FAILED');
    expect(await row.locator('.failure').textContent()).toContain('NETWORK_ERROR');
    expect(await row.locator('.seg[data-state="failed"]').count()).toBe(1);
  });

  it('keeps up with a burst of orders and caps the rendered rows', async () => {
    const burst = Array.from({ length: 200 }, (_, i) =>
      gql(url, SubmitMarketOrderDocument, { input: { ...burstOrder(i), slippageBps: 100, clientOrderId: `e2e-burst-${i}` } }).then(ok),
    );
    await Promise.all(burst);
    await expect.poll(() => page.locator('#kpi-fill-detail').textContent(), { timeout: 30_000 }).toMatch(/ 0 open$/);
    expect(await page.locator('#blotter-body tr').count()).toBeLessThanOrEqual(150);
    expect(await page.locator('#blotter-count').textContent()).toMatch(/of 203/);
    // The main thread is free: a round trip into the page is quick.
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await page.locator('#kpi-fill').textContent()).toMatch(/%$/);
    expect(await page.locator('#venue-bars li').count()).toBeGreaterThanOrEqual(1); // the router picks the venues
  }, 60_000);

  it('saves a screenshot', async () => {
    await page.getByLabel('Amount').fill('1200'); // large enough to split across both venues
    await page.locator('#quote [data-venue="METEORA"]').waitFor();
    await page.waitForTimeout(400); // let the charts take a frame
    await mkdir(join(process.cwd(), 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: ARTIFACT, fullPage: true });
    if (UPDATE_DOCS_SCREENSHOT) {
      await mkdir(join(process.cwd(), 'docs'), { recursive: true });
      await copyFile(ARTIFACT, DOCS_SCREENSHOT);
    }
  });

  it('lays out on a narrow window without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 400, height: 900 });
    await page.waitForTimeout(100);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1440, height: 1100 });
  });

  it('reconnects on its own after a server restart and resumes live updates', async () => {
    const port = Number(new URL(url).port);
    const stoppedAt = problems.length;
    await app.stop();
    await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('reconnecting');
    await startApp(port);
    await expect.poll(() => page.locator('#connection').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    // The browser itself reports the refused connections while the server was down; they are not ours.
    const ours = problems.splice(stoppedAt).filter((p) => !/WebSocket connection to .* failed/.test(p.text));
    problems.push(...ours);

    await page.getByLabel('Amount').fill('0.4321');
    await page.getByLabel('Amount').press('Enter');
    const row = rowFor('0.4321');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('CONFIRMED');
    // The pools subscription came back with the socket (each connection subscribes again) and is live.
    const poolSubscribes = sentFrames.filter((f) => f.includes('"type":"subscribe"') && f.includes('subscription PoolUpdates'));
    expect(poolSubscribes.length).toBeGreaterThanOrEqual(2);
    const prices = page.locator('[data-pair="WSOL/USDC"] [data-pool-price]');
    const before = await prices.allTextContents();
    await movePools('e2e-pools-move-after-restart');
    await expect.poll(() => prices.allTextContents(), { timeout: 10_000 }).not.toEqual(before);
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});
