import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderDocument, OrdersDocument, PoolsDocument, QuoteDocument, TokensDocument } from '../../src/client/graphql.js';
import { orderInput, startTestApp, submit, type TestApp } from '../helpers/app.js';
import { gql, ok } from '../helpers/gql.js';
import { startPrivateRedis } from '../helpers/redis.js';
import { waitTerminal } from '../helpers/runtime.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('api-http');
});
afterAll(async () => {
  await t?.stop();
});

describe('HTTP endpoints', () => {
  it('/healthz answers 200 {status:"ok"}', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 with Redis and the database reachable', async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { redis: 'ok', database: 'ok' } });
  });

  it('serves static/index.html at / as uncached-but-revalidatable HTML', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toMatch(/<html/i);
    const again = await fetch(`${t.url}/index.html`, { headers: { 'if-none-match': res.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  it('refuses paths outside static/ and unknown files', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/.git/config', '/nope.js']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBe(404);
    }
  });

  it('serves GraphiQL on GET /graphql for browsers, with subscriptions over WebSocket', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/graphiql/i);
    expect(html).toContain('"subscriptionsProtocol":"WS"');
  });
});

describe('queries through the typed documents', () => {
  it('tokens lists every token with decimals and the native flag', async () => {
    const { tokens } = ok(await gql(t.url, TokensDocument));
    const bySymbol = new Map(tokens.map((x) => [x.symbol, x]));
    expect(bySymbol.get('SOL')).toMatchObject({ decimals: 9, native: true });
    expect(bySymbol.get('WSOL')).toMatchObject({ decimals: 9, native: false, mint: bySymbol.get('SOL')?.mint });
    expect(bySymbol.get('USDC')).toMatchObject({ decimals: 6, native: false });
  });

  it('pools shows both venues with price, reserves and fee', async () => {
    const { pools } = ok(await gql(t.url, PoolsDocument));
    expect(new Set(pools.map((p) => p.venue))).toEqual(new Set(['RAYDIUM', 'METEORA']));
    for (const p of pools) {
      expect(p.pair).toBe(`${p.tokenX.symbol}/${p.tokenY.symbol}`);
      expect(Number(p.price)).toBeGreaterThan(0);
      expect(p.reserveX).toMatch(/^\d+(\.\d+)?$/);
      expect(p.reserveY).toMatch(/^\d+(\.\d+)?$/);
      expect(p.feeBps).toBeGreaterThan(0);
      expect(Date.parse(p.updatedAt)).not.toBeNaN();
    }
  });

  it('quote returns the route, the per-venue alternatives, min out, impact, fees and savings', async () => {
    const { quote } = ok(await gql(t.url, QuoteDocument, { input: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '10', slippageBps: 100 } }));
    expect(quote.tokenIn.symbol).toBe('SOL');
    expect(quote.amountIn).toBe('10');
    expect(quote.route.steps).toContain('WRAP_SOL');
    expect(quote.route.legs.length).toBeGreaterThan(0);
    expect(quote.route.alternatives.map((a) => a.venue).sort()).toEqual(['METEORA', 'RAYDIUM']);
    const out = Number(quote.amountOut);
    expect(out).toBeGreaterThan(0);
    // minAmountOut = amountOut less 100 bps (floored to USDC's 6 decimals).
    expect(Number(quote.minAmountOut)).toBeCloseTo(out * 0.99, 5);
    expect(quote.priceImpactBps).toBeGreaterThanOrEqual(0);
    expect(quote.savingsBps).toBeGreaterThanOrEqual(0);
    expect(quote.fees.length).toBeGreaterThan(0);
    expect(Number(quote.price)).toBeCloseTo(out / 10, 6);
    expect(Date.parse(quote.quotedAt)).not.toBeNaN();
    for (const leg of quote.route.legs) expect(leg.shareBps).toBeGreaterThan(0);
  });

  it('orders pages newest first with cursors, filters by status, and order(id) finds one', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(t, orderInput())).id);
    await Promise.all(ids.map((id) => waitTerminal(t.runtime, id)));

    const first = ok(await gql(t.url, OrdersDocument, { first: 2 })).orders;
    expect(first.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.pageInfo.endCursor).toBe(first.edges[1]?.cursor);
    const next = ok(await gql(t.url, OrdersDocument, { first: 2, after: first.pageInfo.endCursor })).orders;
    expect(next.edges[0]?.node.id).toBe(ids[0]);
    // Any edge's cursor resumes right after that edge.
    const fromEdge = ok(await gql(t.url, OrdersDocument, { first: 1, after: first.edges[0]?.cursor })).orders;
    expect(fromEdge.edges[0]?.node.id).toBe(ids[1]);

    const confirmed = ok(await gql(t.url, OrdersDocument, { first: 100, status: 'CONFIRMED' })).orders;
    expect(confirmed.edges.every((e) => e.node.status === 'CONFIRMED')).toBe(true);
    expect(confirmed.edges.map((e) => e.node.id)).toEqual(expect.arrayContaining(ids));

    const { order } = ok(await gql(t.url, OrderDocument, { id: ids[0]! }));
    expect(order?.id).toBe(ids[0]);
    expect(ok(await gql(t.url, OrderDocument, { id: 'no-such-order' })).order).toBeNull();
  });
});

describe('/readyz against a Redis that may evict keys', () => {
  it('fails with the reason: BullMQ needs maxmemory-policy noeviction', async () => {
    const redis = await startPrivateRedis(['--maxmemory-policy', 'allkeys-lru']);
    const evicting = await startTestApp('readyz-policy', { config: { redisUrl: redis.url } });
    try {
      const res = await fetch(`${evicting.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; checks: Record<string, string>; reasons: string[] };
      expect(body).toMatchObject({ status: 'unavailable', checks: { redis: 'failed', database: 'ok' } });
      expect(body.reasons).toEqual([expect.stringContaining("maxmemory-policy is 'allkeys-lru'; BullMQ needs 'noeviction'")]);
    } finally {
      await evicting.stop();
      await redis.stop();
    }
  });
});
