/**
 * GraphiQL in a real browser against the real server, with nothing but our own origin to talk to:
 * the page must render from the assets the server bundles, stay inside its CSP (no violation, no
 * console error), and run operations over HTTP and graphql-ws. Every request the page makes is
 * recorded, and any that would leave the origin is aborted and fails the test.
 */
import type { Browser, Page, Request, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import type { Runtime } from '../../src/runtime.js';
import { launchBrowser, openPage, type ConsoleProblem } from '../helpers/browser.js';
import { testEnv, type TestEnv } from '../helpers/runtime.js';
import { runGraphiQL, setGraphiQLHeaders, setGraphiQLQuery } from './support/graphiql.js';

let env: TestEnv;
let runtime: Runtime;
let app: App;
let url: string;
let origin: string;
let browser: Browser;
let page: Page;
let problems: ConsoleProblem[];
const requests: Request[] = [];
const sockets: WebSocket[] = [];
const foreign: string[] = [];

/** Where a request goes: blob: URLs carry their creator's origin; data: goes nowhere. */
function leavesOrigin(target: string): boolean {
  const parsed = new URL(target);
  if (parsed.protocol === 'data:') return false;
  const destination = parsed.protocol === 'blob:' ? new URL(parsed.pathname).origin : parsed.origin;
  return destination !== origin && destination !== origin.replace(/^http/, 'ws');
}

beforeAll(async () => {
  env = testEnv('e2e-graphiql');
  runtime = await env.start();
  app = buildApp({ port: 0, host: '127.0.0.1' }, runtime);
  ({ url } = await app.start());
  origin = new URL(url).origin;
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, `${url}/graphql`, undefined, async (p) => {
    p.on('request', (r) => void requests.push(r));
    p.on('websocket', (ws) => void sockets.push(ws));
    // As if offline: nothing but our origin answers.
    await p.route('**/*', (route) => {
      if (!leavesOrigin(route.request().url())) return route.continue();
      foreign.push(route.request().url());
      return route.abort('internetdisconnected');
    });
  }));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await env?.cleanup();
});

describe('GraphiQL in the browser', () => {
  it('renders from local assets', async () => {
    await expect.poll(() => page.title()).toBe('Solana order engine');
    await page.getByRole('button', { name: /^Execute query/ }).waitFor();
    // \s: Monaco lays text out with non-breaking spaces.
    await expect.poll(() => page.locator('section[aria-label="Operation Editor"]').innerText()).toMatch(/query\sQuote/);
  });

  it('runs the default quote over HTTP and shows the result', async () => {
    const text = await runGraphiQL(page, 'amountOut');
    expect(text).toMatch(/"kind": "(DIRECT|SPLIT|MULTI_HOP)"/);
  });

  it('sends the headers set in its Headers editor (the hook for an API key)', async () => {
    await setGraphiQLHeaders(page, { 'X-E2E-Probe': 'headers-editor' });
    await setGraphiQLQuery(page, 'query Tokens { tokens { symbol decimals } }');
    const [sent, text] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && (r.postData() ?? '').includes('query Tokens')),
      runGraphiQL(page, 'USDC'),
    ]);
    expect(text).toContain('"decimals": 6');
    expect(sent.headers()['x-e2e-probe']).toBe('headers-editor');
  });

  it('runs a query with an API key put in its Headers editor, as the README shows', async () => {
    const { key } = await runtime.auth.createKey({ name: 'graphiql', scopes: ['read'] });
    await setGraphiQLHeaders(page, { Authorization: `Bearer ${key}` });
    await setGraphiQLQuery(page, 'query Who { viewer { account { name } key { name scopes } } orders(first: 1) { edges { node { id } } } }');
    const [sent, text] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && (r.postData() ?? '').includes('query Who')),
      runGraphiQL(page, '"graphiql"'),
    ]);
    expect(sent.headers()['authorization']).toBe(`Bearer ${key}`);
    expect(text).toContain('"scopes": [');
    expect(text).toContain('"READ"');
    expect(text).not.toContain('UNAUTHENTICATED');
  });

  it('runs a subscription over graphql-ws on the same origin', async () => {
    await setGraphiQLQuery(page, 'subscription Pools { poolUpdates { id price } }');
    await runGraphiQL(page, '"price"');
    expect(sockets.map((s) => new URL(s.url()).origin)).toEqual([origin.replace(/^http/, 'ws')]);
  });

  it('made every request to its own origin, with no CSP violation or console error', () => {
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => leavesOrigin(r.url())).map((r) => r.url())).toEqual([]);
    expect(problems).toEqual([]);
  });
});
