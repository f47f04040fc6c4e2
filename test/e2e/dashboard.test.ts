/**
 * The dashboard in a real browser against the real server: runtime (Redis, SQLite, BullMQ worker,
 * market motion) and HTTP/graphql-ws app, with small but non-zero chain latencies so the lifecycle
 * is visible. Any console error, warning or uncaught exception on the page fails the run.
 *
 * Nothing here waits on time: the page is polled until it shows what is expected, orders that must
 * stay open are held by the chain (support/held-chain.ts) and released by the test, and the page's
 * own traffic is read off the wire (support/frames.ts).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { buildApp, type App } from '../../src/app.js';
import { ExecutionReportDocument, SubmitMarketOrderDocument, type SubmitMarketOrderInput } from '../../src/client/graphql.js';
import { createRng } from '../../src/domain/rng.js';
import type { Runtime } from '../../src/runtime.js';
import { formatAmount, formatBps } from '../../web/format.js';
import { launchBrowser, openPage, UPDATE_DOCS_SCREENSHOT, type ConsoleProblem } from '../helpers/browser.js';
import { gql, ok, useKeyFor } from '../helpers/gql.js';
import { ordersFor, testEnv, waitTerminal, type TestEnv } from '../helpers/runtime.js';
import { apiOrder, apiOrders, apiQuality, parseBps } from './support/api-orders.js';
import { addPoolAfterFirstEmission, EXTRA_POOL } from './support/extra-pool.js';
import { orderQueries, recordWire, type Wire } from './support/frames.js';
import { heldChain, type HeldChain } from './support/held-chain.js';

/** Orders of these sizes are made to fail: every attempt's transaction is dropped. */
const DOOMED_AMOUNT = '0.777';
/** SOL: a price impact far above 5%; doomed too, so confirming it never moves the market. */
const HUGE_AMOUNT = '20000';
const DOOMED_ATOMS = new Set([777_000_000n, 20_000_000_000_000n]);
const BURST = 1000;
const ROW_CAP = 150;
/**
 * RAY's only pool. The router takes large SOL/USDC orders through USDT too, so no stablecoin pair is
 * left alone by the burst; RAY, with one pool, cannot be a hop between two others.
 */
const RAY_SOL_POOL = 'raydium-cpmm-ray-sol';
const ARTIFACT = join(process.cwd(), 'test-artifacts', 'dashboard.png');
const DOCS_SCREENSHOT = join(process.cwd(), 'docs', 'dashboard.png');

let env: TestEnv;
let runtime: Runtime;
/** The account of the page's key. */
let pageAccount: string;
let held: HeldChain;
let app: App;
let url: string;
/** The page's API key (read, trade), given in the link's fragment; test requests carry it too. */
let key: string;
const KEY_NAME = 'e2e-dashboard';
let browser: Browser;
let page: Page;
let problems: ConsoleProblem[];
let wire: Wire;
/** Orders/Order queries the page had sent when each connection's catch-up had finished. */
let orderQueriesWhenLive = 0;

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

/** Submits `count` orders over HTTP, a bounded number at a time; resolves with their ids. */
async function submitMany(count: number, order: (i: number) => Omit<SubmitMarketOrderInput, 'clientOrderId' | 'slippageBps'>, label: string): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const input = { ...order(i), slippageBps: 100, clientOrderId: `${label}-${i}` };
      ids[i] = ok(await gql(url, SubmitMarketOrderDocument, { input })).submitMarketOrder.id;
    }
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  return ids;
}

/** A SOL → USDC order large enough to move both venues' SOL/USDC prices (it splits across them). */
async function movePools(clientOrderId: string): Promise<void> {
  ok(await gql(url, SubmitMarketOrderDocument, { input: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1200', slippageBps: 100, clientOrderId } }));
}

/** The blotter row of an order the page submitted (the newest row carrying that amount). */
function rowFor(amount: string, pair = 'SOL → USDC') {
  return page.locator('#blotter-body tr', { hasText: `${amount} ${pair}` }).first();
}

const amountField = () => page.getByLabel('Amount');
const quoteBox = () => page.locator('#quote');
const answered = async () => Number((await quoteBox().getAttribute('data-answered')) ?? '0');
const liveState = () => page.locator('#connection').getAttribute('data-state');

/** The quote answers the current inputs: whatever was asked after `since` came back. */
async function quoteAnswered(since: number): Promise<void> {
  await expect.poll(answered, { timeout: 15_000 }).toBeGreaterThan(since);
}

/** WCAG relative-luminance contrast of two "rgb(r, g, b)" colours. */
function contrast(a: string, b: string): number {
  const lum = (css: string): number => {
    const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
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
  held = heldChain({
    latencies: env.config.latencies,
    latencyScale: env.config.latencyScale,
    failureRate: env.config.transientFailureRate,
    rng: createRng(7),
    seed: env.config.rngSeed,
    failurePlan: ({ order }) => (DOOMED_ATOMS.has(order.amountIn) ? 'TX_DROPPED' : undefined),
  });
  runtime = await env.start({ clock: Date.now, chain: held.chain }); // the page shows wall-clock times
  await startApp(0);
  const created = await runtime.auth.createKey({ name: KEY_NAME, scopes: ['read', 'trade'] });
  key = created.key;
  pageAccount = created.view.accountId; // the orders placed behind the page's back are its account's
  useKeyFor(url, key); // the port stays across the restart below, and so does the URL
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, `${url}/#key=${key}`, undefined, (p) => void (wire = recordWire(p))));
});

afterAll(async () => {
  if (url !== undefined) useKeyFor(url, undefined);
  await browser?.close();
  await app?.stop();
  await env?.cleanup(); // closes the runtime, deletes the Redis prefix and the temp database
});

describe('dashboard', () => {
  it('connects over graphql-ws, catches up, and shows the connection as live', async () => {
    await expect.poll(liveState).toBe('live');
    await expect.poll(() => page.locator('#connection').textContent()).toContain('Live');
    orderQueriesWhenLive = orderQueries(wire).length;
    expect(orderQueriesWhenLive).toBeGreaterThanOrEqual(1); // the (empty) first page of orders
  });

  it('takes the key from the link: out of the address bar and the history at once, kept for this origin, presented at connection_init, and says who it is', async () => {
    expect(await page.evaluate(() => location.hash)).toBe('');
    expect(page.url()).toBe(`${url}/`);
    // The browser's own record of the tab's history (CDP): no entry holds the key.
    const cdp = await page.context().newCDPSession(page);
    try {
      const { entries, currentIndex } = await cdp.send('Page.getNavigationHistory');
      expect(entries.filter((e) => e.url.includes('#') || e.url.includes(key))).toEqual([]);
      expect(entries[currentIndex]?.url).toBe(`${url}/`);
    } finally {
      await cdp.detach();
    }
    expect(await page.evaluate(() => localStorage.getItem('oee.apiKey'))).toBe(key);
    expect(wire.inits).toEqual([{ websocket: 1, authorization: `Bearer ${key}` }]);
    // Over the socket only: the page needs no HTTP request to use a key from a link.
    expect(await wire.http()).toEqual([]);

    await expect.poll(() => page.locator('[data-who="account"]').textContent()).toBe(KEY_NAME);
    expect(await page.locator('[data-who="key"]').textContent()).toBe(KEY_NAME);
    expect(await page.locator('[data-who="prefix"]').textContent()).toBe(key.slice(0, 12));
    expect(await page.locator('[data-who="scopes"]').textContent()).toBe('read, trade');
    expect(await page.locator('#whoami').textContent()).not.toContain(key.slice(12)); // the secret part is never shown
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(await page.locator('#key-form').isVisible()).toBe(false);
  });

  it('quotes as you type, with both venues side by side, fees in the token sold, and a short live summary', async () => {
    await page.getByLabel('You pay').selectOption('SOL');
    await page.getByLabel('You receive').selectOption('USDC');
    await amountField().fill('2.5');
    const quote = quoteBox();
    await quote.locator('[data-venue="RAYDIUM"]').waitFor();
    await quote.locator('[data-venue="METEORA"]').waitFor();
    for (const venue of ['RAYDIUM', 'METEORA']) {
      await expect.poll(() => quote.locator(`[data-venue="${venue}"] .venue-out`).textContent()).toMatch(/^[\d,]+(\.\d+)? USDC$/);
    }
    expect(await quote.locator('[data-figure="quote-min"]').textContent()).toMatch(/USDC$/);
    expect(await quote.locator('[data-figure="quote-impact"]').textContent()).toMatch(/bps$/);
    expect(await quote.locator('.route-text').textContent()).not.toBe('');
    // The trader sold SOL: the fee is theirs in SOL, not in the WSOL the pools hold.
    await expect.poll(() => quote.locator('[data-figure="quote-fees"]').textContent()).toMatch(/^[\d,]+(\.\d+)? SOL$/);
    // Only the one-line summary is live, so a screen reader hears the result, not every figure.
    expect(await quote.getAttribute('aria-live')).toBeNull();
    expect(await page.locator('#quote-summary').getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => page.locator('#quote-summary').textContent()).toMatch(/^2\.5 SOL → ≈ [\d,.]+ USDC via /);
    expect(await page.locator('#slippage-hint').textContent()).toBe('50 bps = 0.50%');
  });

  it('rejects a bad slippage next to the field, never quotes or submits it, and the hint follows the value', async () => {
    const slippage = page.getByLabel('Slippage (bps)');
    const submitsBefore = wire.named('SubmitMarketOrder').length;
    const rejects = async (bad: string): Promise<void> => {
      await slippage.fill(bad);
      await expect.poll(() => page.locator('#err-slippageBps').textContent()).toMatch(/slippage/i);
      expect(await slippage.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#slippage-hint').textContent()).toBe('0–5000 bps (0–50.00%)');
    };
    // Counted from the page showing the first bad value: until then a market move may rightly
    // re-quote the valid 50 bps (the count read before the first fill raced those re-quotes).
    await rejects('abc');
    const quotesBefore = wire.named('Quote').length;
    for (const bad of ['12.5', '5001', '-1', '']) await rejects(bad);
    await amountField().press('Enter');
    await expect.poll(() => page.locator('#ticket-status').textContent()).toMatch(/Not submitted: fix the slippage/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('slippageBps');
    expect(await quoteBox().textContent()).toContain('Enter a valid slippage');

    await slippage.fill('120');
    expect(await page.locator('#slippage-hint').textContent()).toBe('120 bps = 1.20%');
    await expect.poll(() => page.locator('#err-slippageBps').textContent()).toBe('');
    await expect.poll(() => wire.named('Quote').length).toBeGreaterThan(quotesBefore);
    // Everything the page asked while the field was invalid: nothing, then the valid value.
    const sent = wire.named('Quote').slice(quotesBefore).map((q) => (q.variables['input'] as { slippageBps: unknown }).slippageBps);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(new Set(sent)).toEqual(new Set([120]));
    expect(wire.named('SubmitMarketOrder').length).toBe(submitsBefore);
    await slippage.fill('50');
    await expect.poll(() => page.locator('#slippage-hint').textContent()).toBe('50 bps = 0.50%');
  });

  it('tells "no direct pool" apart from a pool that cannot fill this size', async () => {
    const quote = quoteBox();
    await page.getByLabel('You pay').selectOption('USDC');
    await page.getByLabel('You receive').selectOption('USDT');
    await amountField().fill('10');
    const raydium = quote.locator('[data-venue="RAYDIUM"]');
    await expect.poll(() => raydium.getAttribute('data-availability'), { timeout: 10_000 }).toBe('no-pool');
    expect(await raydium.locator('.venue-out').textContent()).toBe('No direct pool');
    expect(await quote.locator('[data-venue="METEORA"]').getAttribute('data-availability')).toBe('ok');

    await page.getByLabel('You pay').selectOption('SOL');
    await page.getByLabel('You receive').selectOption('USDC');
    await amountField().fill('6000'); // beyond the Meteora DLMM's USDC bins; Raydium's CPMM still fills
    const meteora = quote.locator('[data-venue="METEORA"]');
    await expect.poll(() => meteora.getAttribute('data-availability'), { timeout: 10_000 }).toBe('insufficient');
    expect(await meteora.locator('.venue-out').textContent()).toBe('Cannot fill this size');
    expect(await meteora.locator('.venue-diff').textContent()).toBe('not enough liquidity');
    expect(await quote.locator('[data-venue="RAYDIUM"]').getAttribute('data-availability')).toBe('ok');
  });

  it('clears or marks the quote outdated the moment the pair or amount changes', async () => {
    await amountField().fill('2');
    await expect.poll(() => quoteBox().locator('[data-figure="quote-out"]').textContent()).toMatch(/USDC$/);
    // Read in the same task as the change: nothing can have answered yet.
    const onPairChange = await page.evaluate(() => {
      const out = document.getElementById('tokenOut') as HTMLSelectElement;
      out.value = 'USDT';
      out.dispatchEvent(new Event('input', { bubbles: true }));
      const q = document.getElementById('quote')!;
      return { text: q.textContent, busy: q.getAttribute('aria-busy') };
    });
    expect(onPairChange).toEqual({ text: 'Quoting SOL → USDT…', busy: 'true' });
    await expect.poll(() => quoteBox().locator('[data-figure="quote-out"]').textContent(), { timeout: 10_000 }).toMatch(/USDT$/);

    const onAmountChange = await page.evaluate(() => {
      const amount = document.getElementById('amountIn') as HTMLInputElement;
      amount.value = '3';
      amount.dispatchEvent(new Event('input', { bubbles: true }));
      return document.getElementById('quote')!.dataset['stale'];
    });
    expect(onAmountChange).toBe('true');
    await expect.poll(() => quoteBox().getAttribute('data-stale'), { timeout: 10_000 }).toBeNull();
    await expect.poll(() => page.locator('#quote-summary').textContent()).toMatch(/^3 SOL → ≈ [\d,.]+ USDT/);
    await page.getByLabel('You receive').selectOption('USDC');
  });

  it('shows live pool prices from the poolUpdates subscription, never by polling', async () => {
    const prices = page.locator('[data-pair="WSOL/USDC"] [data-pool-price]');
    await expect.poll(() => prices.first().textContent()).toMatch(/^[\d,]+(\.\d+)?$/);
    const before = await prices.allTextContents();
    await movePools('e2e-pools-move');
    await expect.poll(() => prices.allTextContents(), { timeout: 10_000 }).not.toEqual(before);
    expect(wire.named('PoolUpdates').length).toBeGreaterThanOrEqual(1);
    expect(wire.named('Pools')).toEqual([]);
  });

  it('shows an API error next to the field it names, and a re-quote of the same input does not announce it again', async () => {
    await amountField().fill('1.0000000001'); // SOL has 9 decimals
    await expect.poll(() => page.locator('#err-amountIn').textContent(), { timeout: 5000 }).not.toBe('');
    expect(await amountField().getAttribute('aria-invalid')).toBe('true');

    // Watch the alert slot and the live summary, then have the page ask again for the same input.
    await page.evaluate(() => {
      const w = window as unknown as { liveMutations: number };
      w.liveMutations = 0;
      const observer = new MutationObserver((records) => (w.liveMutations += records.length));
      for (const id of ['err-amountIn', 'quote-summary']) observer.observe(document.getElementById(id)!, { childList: true, characterData: true, subtree: true });
    });
    const since = await answered();
    await page.evaluate(() => document.getElementById('amountIn')!.dispatchEvent(new Event('input', { bubbles: true })));
    await quoteAnswered(since);
    expect(await page.evaluate(() => (window as unknown as { liveMutations: number }).liveMutations)).toBe(0);

    await amountField().fill('1.25');
    await expect.poll(() => page.locator('#err-amountIn').textContent()).toBe('');
  });

  it('submits with Enter: the order is seen SUBMITTED, then CONFIRMED, with the API\'s figures and reachable stage times', async () => {
    const release = held.hold(1_250_000_000n); // 1.25 SOL waits at its confirmation until released
    await amountField().fill('1.25');
    await amountField().press('Enter');
    const row = rowFor('1.25');
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('SUBMITTED');
    expect(await row.locator('.seg[data-state="done"]').count()).toBe(3); // PENDING, ROUTING, BUILDING
    expect(await row.locator('.seg[data-state="active"]').count()).toBe(1);
    const status = page.locator('#ticket-status');
    expect(await status.textContent()).toMatch(/submitted: 1\.25 SOL → USDC$/);

    const since = await answered();
    release();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('CONFIRMED');
    // The fill moved SOL/USDC, so the quote was asked again; the submit status outlives that answer.
    await quoteAnswered(since);
    expect(await status.textContent()).toMatch(/submitted: 1\.25 SOL → USDC$/);

    const tx = row.locator('code.tx');
    expect(await tx.getAttribute('title')).toMatch(/^[1-9A-HJ-NP-Za-km-z]{80,90}$/); // base58, 64 bytes
    expect(await tx.textContent()).toContain('…');
    expect(await row.locator('.seg[data-state="done"]').count()).toBe(5);

    // Quoted, executed and slippage exactly as the API has them.
    const order = await apiOrder(url, (await row.getAttribute('data-order-id')) ?? '');
    const cells = row.locator('td');
    expect(await cells.nth(4).textContent()).toBe(`${formatAmount(order.quotedAmountOut)} USDC`);
    expect(await cells.nth(5).textContent()).toBe(`${formatAmount(order.executedAmountOut)} USDC`);
    expect(await cells.nth(6).textContent()).toBe(formatBps(order.executedSlippageBps, true));

    // Stage times: a keyboard-reachable disclosure, one line per stage with its time.
    const stages = row.locator('details.stages');
    await stages.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => stages.getAttribute('open')).not.toBeNull();
    const lines = await stages.locator('.stage-times li').allTextContents();
    expect(lines.map((l) => /^[A-Z]+/.exec(l)?.[0])).toEqual(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED']);
    for (const line of lines) expect(line).toMatch(/\d\d:\d\d:\d\d\.\d{3}/);

    // An edit is what clears the last submit's status.
    await amountField().fill('1.3');
    await expect.poll(() => status.textContent()).toBe('');
  });

  it('shows a failed order with its reason', async () => {
    await amountField().fill(DOOMED_AMOUNT);
    await page.getByRole('button', { name: 'Submit market order' }).click();
    const row = rowFor(DOOMED_AMOUNT);
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('FAILED');
    expect(await row.locator('.failure').textContent()).toContain('NETWORK_ERROR');
    expect(await row.locator('.seg[data-state="failed"]').count()).toBe(1);
    expect(await row.locator('.stage-times li').last().textContent()).toMatch(/^FAILED\d\d:/);
  });

  it('asks for confirmation before submitting an order with a very large price impact', async () => {
    await amountField().fill(HUGE_AMOUNT);
    const warning = page.locator('#impact-warning');
    await expect.poll(() => warning.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('#impact-text').textContent()).toMatch(/^High price impact: \d+\.\d\d% /);
    const submitsBefore = wire.named('SubmitMarketOrder').length;

    await page.getByRole('button', { name: 'Submit market order' }).click();
    await expect.poll(() => page.locator('#err-impact').textContent()).toMatch(/accept this price impact/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('impact-ack');
    expect(wire.named('SubmitMarketOrder').length).toBe(submitsBefore);

    await page.getByLabel('I accept this price impact').check();
    await page.getByRole('button', { name: 'Submit market order' }).click();
    await expect.poll(() => page.locator('#ticket-status').textContent()).toMatch(/submitted: 20000 SOL → USDC$/);
    expect(wire.named('SubmitMarketOrder').length).toBe(submitsBefore + 1);
    expect(await page.getByLabel('I accept this price impact').isChecked()).toBe(false); // one order per tick
    await expect.poll(() => rowFor('20,000').getAttribute('data-status'), { timeout: 15_000 }).toBe('FAILED');
    await amountField().fill('1');
    await expect.poll(() => warning.isVisible()).toBe(false);
  });

  it('stays responsive through a burst of 1,000 orders, caps the rendered rows, and re-quotes only for moves that matter', async () => {
    // Moves are counted from before the pair is chosen: a move may re-quote well after it arrived
    // (the throttle's trailing run), so moves counted only once the quote showed could miss the
    // move behind a re-quote counted below.
    const movesBefore = wire.poolPriceChanges(RAY_SOL_POOL);
    // A pair none of the burst's orders trades or routes through: fills elsewhere must not re-quote it.
    await page.getByLabel('You pay').selectOption('RAY');
    await page.getByLabel('You receive').selectOption('SOL');
    await amountField().fill('10');
    await expect.poll(() => page.locator('#quote-summary').textContent(), { timeout: 10_000 }).toMatch(/^10 RAY → ≈ /);
    const quotesBefore = wire.named('Quote').length;

    const submitting = submitMany(BURST, burstOrder, 'e2e-burst');
    // During the burst (hundreds of orders in), the page still answers input with a quote.
    await expect.poll(async () => Number(/of ([\d,]+)/.exec((await page.locator('#blotter-count').textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0), { timeout: 60_000 }).toBeGreaterThan(400);
    await amountField().fill('3.21');
    await expect.poll(() => page.locator('#quote-summary').textContent(), { timeout: 30_000 }).toMatch(/^3\.21 RAY → ≈ /);
    await submitting;
    await expect.poll(() => page.locator('#kpi-fill-detail').textContent(), { timeout: 90_000 }).toMatch(/ 0 open$/);

    // One quote for the typed amount, plus at most one per move of the pair's own pool.
    const asked = wire.named('Quote').slice(quotesBefore);
    const moves = wire.poolPriceChanges(RAY_SOL_POOL) - movesBefore;
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.length, JSON.stringify(asked.map((q) => q.variables))).toBeLessThanOrEqual(1 + moves);

    // After the burst too.
    await amountField().fill('4.5');
    await expect.poll(() => page.locator('#quote-summary').textContent(), { timeout: 10_000 }).toMatch(/^4\.5 RAY → ≈ /);

    const total = (await apiOrders(url)).length;
    expect(await page.locator('#blotter-body tr').count()).toBe(ROW_CAP);
    expect(await page.locator('#blotter-count').textContent()).toBe(`newest ${ROW_CAP} of ${total.toLocaleString('en-US')}`);
    expect(await page.locator('#kpi-fill').textContent()).toMatch(/%$/);
    expect(await page.locator('#venue-bars li').count()).toBeGreaterThanOrEqual(1); // the router picks the venues
    // The subscription carried all of it: no orders query since the first catch-up.
    expect(orderQueries(wire).length).toBe(orderQueriesWhenLive);

    await page.getByLabel('You pay').selectOption('SOL');
    await page.getByLabel('You receive').selectOption('USDC');
  }, 180_000);

  it('shows execution-quality figures equal to the API\'s orders, live and after a reload', async () => {
    const orders = await apiOrders(url);
    // Counts over every order of the account (the page holds only its newest); the means are the
    // executionReport's (exact slippage and the fill-time savings, not the page's per-order figures).
    const counts = apiQuality(orders);
    const report = ok(await gql(url, ExecutionReportDocument, {})).executionReport;
    const all = (report.report as { all: { priceImpactBps: { mean: number | null } } }).all;
    const want = { ...counts, avgSlippageBps: report.meanSlippageBps ?? undefined, avgPriceImpactBps: all.priceImpactBps.mean ?? undefined, avgSavingsBps: report.meanSavingsBps };
    expect(report.orders).toBe(orders.length);
    const check = async (p: Page): Promise<void> => {
      await expect.poll(() => p.locator('#kpi-fill-detail').textContent(), { timeout: 30_000 }).toBe(`${want.confirmed} filled · ${want.failed} failed · ${want.open} open`);
      for (const [id, value] of [
        ['#kpi-slippage', want.avgSlippageBps],
        ['#kpi-impact', want.avgPriceImpactBps],
        ['#kpi-savings', want.avgSavingsBps],
      ] as const) {
        const shown = parseBps(await p.locator(id).textContent());
        expect(Math.abs(shown - (value ?? NaN)), `${id}: page ${shown}, API ${value}`).toBeLessThanOrEqual(0.05 + 1e-9); // shown to 0.1 bps
      }
    };
    await check(page);

    // A fresh page learns every order from the orders connection, page by page (100 at most each).
    let freshWire!: Wire;
    const fresh = await openPage(browser, `${url}/#key=${key}`, undefined, (p) => void (freshWire = recordWire(p)));
    try {
      await expect.poll(() => fresh.page.locator('#connection').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
      await check(fresh.page);
      expect(await fresh.page.locator('#blotter-count').textContent()).toBe(`newest ${ROW_CAP} of ${orders.length.toLocaleString('en-US')}`);
      const pages = freshWire.named('Orders').length;
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(orders.length / 100));
      expect(pages).toBeLessThanOrEqual(Math.ceil(orders.length / 100) + 1); // an empty last page at most
      // History-loaded failures: the stage they failed in is unknown, and still drawn at 3:1.
      await fresh.page.locator('#blotter-filter').selectOption('FAILED');
      await fresh.page.locator('.seg[data-state="failed-unknown"]').first().waitFor();
      expect(fresh.problems).toEqual([]);
    } finally {
      await fresh.page.context().close();
    }
  }, 60_000);

  it('keeps five minutes of pool history by time, and shows a pool that appears later', async () => {
    const pools = await openPage(browser, `${url}/`, undefined, async (p) => {
      await p.clock.install(); // time flows normally until the test jumps it forward
      await addPoolAfterFirstEmission(p);
    });
    try {
      /** The page's time (ms) of the last emission it applied; 0 before the first. */
      const appliedAt = async (): Promise<number> => Date.parse((await pools.page.locator('#pools-updated').getAttribute('datetime')) ?? '') || 0;
      const card = pools.page.locator('[data-pair="USDC/USDT"]');
      // The market moves by itself only now and then: after the first emission (the pools as they
      // are), a fill makes the second, which lists the extra pool.
      await expect.poll(appliedAt, { timeout: 15_000 }).toBeGreaterThan(0);
      await movePools('e2e-history-listed');
      await expect.poll(() => card.locator(`[data-pool-price="${EXTRA_POOL.id}"]`).count(), { timeout: 15_000 }).toBe(1);
      expect(await card.locator('tbody tr').count()).toBe(2);
      const chart = card.locator('.chart');
      await expect.poll(() => chart.getAttribute('data-series')).toBe('2');

      // Eight minutes in four jumps, a point taken after each: only the last five minutes stay.
      for (let jump = 0; jump < 4; jump++) {
        await pools.page.clock.fastForward('02:00');
        const jumpedTo = await pools.page.evaluate(() => Date.now());
        await movePools(`e2e-history-${jump}`);
        await expect.poll(appliedAt, { timeout: 15_000 }).toBeGreaterThanOrEqual(jumpedTo);
      }
      await expect.poll(async () => Number(await chart.getAttribute('data-span-s')), { timeout: 10_000 }).toBeGreaterThanOrEqual(200);
      const span = Number(await chart.getAttribute('data-span-s'));
      expect(span).toBeLessThanOrEqual(300);
      expect(Number(await chart.getAttribute('data-points'))).toBeLessThanOrEqual(300);
      expect(await pools.page.locator('#pools-title').textContent()).toContain('last 5 min');
      expect(pools.problems).toEqual([]);
    } finally {
      await pools.page.context().close();
    }
  }, 60_000);

  it('draws unreached and failed progress segments at 3:1 contrast or more', async () => {
    await page.locator('#blotter-filter').selectOption('FAILED');
    await page.locator('#blotter-body tr .seg[data-state="todo"]').first().waitFor();
    const colours = await page.evaluate(() => {
      const panel = getComputedStyle(document.querySelector('.blotter-panel')!).backgroundColor;
      const edge = (sel: string) => getComputedStyle(document.querySelector(sel)!).borderTopColor;
      return { panel, todo: edge('.seg[data-state="todo"]'), done: edge('tr[data-status="FAILED"] .seg[data-state="done"]'), failed: edge('.seg[data-state="failed"]') };
    });
    for (const part of ['todo', 'done', 'failed'] as const) expect(contrast(colours[part], colours.panel), part).toBeGreaterThanOrEqual(3);
    await page.locator('#blotter-filter').selectOption('ALL');
  });

  it('saves a screenshot', async () => {
    await amountField().fill('1200'); // large enough to split across both venues
    await quoteBox().locator('[data-venue="METEORA"]').waitFor();
    await expect.poll(() => quoteBox().getAttribute('data-stale')).toBeNull();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))); // the charts draw
    // At desktop width the whole blotter row is visible, latency column included.
    expect(await page.locator('.table-wrap').evaluate((w) => w.scrollWidth - w.clientWidth)).toBeLessThanOrEqual(0);
    await mkdir(join(process.cwd(), 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: ARTIFACT, fullPage: true });
    if (UPDATE_DOCS_SCREENSHOT) {
      await mkdir(join(process.cwd(), 'docs'), { recursive: true });
      await copyFile(ARTIFACT, DOCS_SCREENSHOT);
    }
  });

  it('lays out at 375 and 320 px wide without horizontal scrolling', async () => {
    for (const width of [375, 320]) {
      await page.setViewportSize({ width, height: 900 });
      await expect.poll(() => page.evaluate(() => document.documentElement.clientWidth)).toBe(width);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const { overflow, culprits } = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        // What sticks out, for the failure message (the blotter's scroller may be wider inside).
        culprits: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && e.closest('.table-wrap') === null)
          .filter((e) => e.parentElement === null || e.parentElement.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5)
          .slice(0, 8)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)}`),
      }));
      expect(overflow, `${width} px: ${culprits.join(', ')}`).toBeLessThanOrEqual(0);
      // Every panel fits; only the blotter's own scroller may be wider inside.
      const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.panel, .pair-card, .venue-card, .kpi')].map((e) => e.getBoundingClientRect().right)));
      expect(widest, `${width} px`).toBeLessThanOrEqual(width);
    }
    await page.setViewportSize({ width: 1440, height: 1100 });
  });

  it('reconnects after a server restart and catches up on orders that were submitted or finished meanwhile', async () => {
    // An order the page sees open, 120 newer ones it sees settle, then the outage.
    const releaseOpen = held.hold(432_100_000n);
    await amountField().fill('0.4321');
    await amountField().press('Enter');
    const open = rowFor('0.4321');
    await expect.poll(() => page.locator('#ticket-status').textContent()).toMatch(/submitted: 0\.4321 SOL → USDC$/);
    await expect.poll(() => open.getAttribute('data-status'), { timeout: 15_000 }).toBe('SUBMITTED');
    const openId = (await open.getAttribute('data-order-id')) ?? '';
    await submitMany(120, (i) => ({ tokenIn: 'USDC', tokenOut: 'SOL', amountIn: `${10 + i}` }), 'e2e-before-outage');
    await expect.poll(() => page.locator('#kpi-fill-detail').textContent(), { timeout: 30_000 }).toMatch(/ 1 open$/);

    const port = Number(new URL(url).port);
    const stoppedAt = problems.length;
    await app.stop();
    await expect.poll(liveState).toBe('reconnecting');
    // While the page is away: the open order finishes, 30 more are submitted and finish.
    releaseOpen();
    await waitTerminal(runtime, openId);
    const during = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ordersFor(runtime, pageAccount).submitMarketOrder({ tokenIn: 'SOL', tokenOut: 'USDC', amountIn: `0.0${i + 10}`, slippageBps: 100, clientOrderId: `e2e-outage-${i}` })),
    );
    const settled = await Promise.all(during.map((o) => waitTerminal(runtime, o.id)));

    await startApp(port);
    await expect.poll(liveState, { timeout: 15_000 }).toBe('live');
    // The reconnect presented the stored key again (the address bar has not held it since the start).
    expect(wire.inits.map((i) => i.authorization)).toEqual([`Bearer ${key}`, `Bearer ${key}`]);
    expect(await page.locator('[data-who="account"]').textContent()).toBe(KEY_NAME);
    // The browser itself reports the refused connections while the server was down; they are not ours.
    const ours = problems.splice(stoppedAt).filter((p) => !/WebSocket connection to .* failed/.test(p.text));
    problems.push(...ours);

    // Orders from the outage are in the blotter, settled; the open one, 150 orders back (beyond the
    // page of orders the catch-up needed), was re-fetched by id and is settled too.
    for (const o of settled) await expect.poll(() => page.locator(`#blotter-body tr[data-order-id="${o.id}"]`).getAttribute('data-status')).toBe(o.status);
    await expect.poll(() => page.locator('#kpi-fill-detail').textContent()).toMatch(/ 0 open$/);
    const refetched = wire.named('Order').filter((q) => q.variables['id'] === openId);
    expect(refetched.map((q) => q.socket)).toEqual([2]);
    const pages = wire.named('Orders').filter((q) => q.socket === 2);
    expect(pages.map((q) => q.variables), 'the first page reaches known, settled orders').toEqual([{ first: 100, after: null }]);
    const total = (await apiOrders(url)).length;
    expect(await page.locator('#blotter-count').textContent()).toBe(`newest ${ROW_CAP} of ${total.toLocaleString('en-US')}`);
    orderQueriesWhenLive = orderQueries(wire).length;

    await amountField().fill('0.4322');
    await amountField().press('Enter');
    await expect.poll(() => rowFor('0.4322').getAttribute('data-status'), { timeout: 15_000 }).toBe('CONFIRMED');
    // The pools subscription came back with the socket (each connection subscribes again) and is live.
    expect(wire.named('PoolUpdates').map((q) => q.socket)).toEqual([1, 2]);
    const prices = page.locator('[data-pair="WSOL/USDC"] [data-pool-price]');
    const before = await prices.allTextContents();
    await movePools('e2e-pools-move-after-restart');
    await expect.poll(() => prices.allTextContents(), { timeout: 10_000 }).not.toEqual(before);
  }, 90_000);

  it('opens signed in from the stored key in another tab of the origin, with no key in its link', async () => {
    const tab = await page.context().newPage();
    const tabProblems: string[] = [];
    tab.on('console', (msg) => void (['error', 'warning'].includes(msg.type()) && tabProblems.push(msg.text())));
    tab.on('pageerror', (err) => void tabProblems.push(err.message));
    try {
      await tab.goto(`${url}/`, { waitUntil: 'load' });
      await expect.poll(() => tab.locator('[data-who="account"]').textContent(), { timeout: 15_000 }).toBe(KEY_NAME);
      await expect.poll(() => tab.locator('#connection').getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
      await expect.poll(() => tab.locator('#blotter-body tr').count()).toBe(ROW_CAP);
      expect(tabProblems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('queried orders only while catching up after each connect, never on a timer', () => {
    expect(orderQueries(wire).length).toBe(orderQueriesWhenLive);
    expect([...new Set(orderQueries(wire).map((q) => q.socket))]).toEqual([1, 2]);
  });

  it('talked only to its own origin', () => {
    const origin = new URL(url);
    const foreign = wire.urls.filter((u) => {
      const parsed = new URL(u);
      if (parsed.protocol === 'data:') return false;
      return parsed.host !== origin.host || !['http:', 'ws:'].includes(parsed.protocol);
    });
    expect(wire.urls.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
  });

  it('logged no console errors or warnings', () => {
    expect(problems).toEqual([]);
  });
});
