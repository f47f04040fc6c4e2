/**
 * The HTTP/WebSocket edge over real sockets: CSRF prevention, Origin checks on handshakes and POSTs,
 * security headers, GraphiQL from local assets and the production toggles (the server's limits:
 * api-edge-limits.test.ts). Extra apps with other edge settings share the file's runtime.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App, type AppConfig } from '../../src/app.js';
import { OrdersDocument, TokensDocument } from '../../src/client/graphql.js';
import { loadConfig } from '../../src/config.js';
import { graphiqlPage } from '../../src/http/graphiql.js';
import { orderInput, startTestApp, type TestApp } from '../helpers/app.js';
import { handshake, wsClientFrom, wsOnce } from '../helpers/edge.js';
import { gql, gqlRaw, ok, wsClient } from '../helpers/gql.js';

const SUBMIT = 'mutation Submit($input: SubmitMarketOrderInput!) { submitMarketOrder(input: $input) { id } }';
const INTROSPECT = '{ __schema { queryType { name } } }';

let t: TestApp;
const extras: App[] = [];

beforeAll(async () => {
  t = await startTestApp('api-edge');
});
afterAll(async () => {
  for (const app of extras) await app.stop();
  await t?.stop();
});

/** Another app on the file's runtime, with these edge settings; stopped after the file. */
async function appWith(edge: Omit<AppConfig, 'port' | 'host'>): Promise<string> {
  const app = buildApp({ ...edge, port: 0, host: '127.0.0.1' }, { service: t.runtime.service, auth: t.runtime.auth, logger: t.runtime.logger });
  extras.push(app);
  return (await app.start()).url;
}

async function orderIds(): Promise<string[]> {
  return ok(await gql(t.url, OrdersDocument, { first: 100 })).orders.edges.map((e) => e.node.id);
}

async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code;
}

const post = (url: string, init: RequestInit) => fetch(`${url}/graphql`, { method: 'POST', ...init });
const json = { 'content-type': 'application/json' };

describe('CSRF prevention', () => {
  it('refuses a form-encoded POST mutation (403 CSRF_HEADER_REQUIRED) and persists nothing', async () => {
    const before = await orderIds();
    const body = new URLSearchParams({ query: SUBMIT, variables: JSON.stringify({ input: orderInput() }) });
    const res = await post(t.url, { body });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('CSRF_HEADER_REQUIRED');
    expect(await orderIds()).toEqual(before);
  });

  it('refuses a multipart POST (the upload spec) and persists nothing', async () => {
    const before = await orderIds();
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: SUBMIT, variables: { input: orderInput() } }));
    form.set('map', '{}');
    const res = await post(t.url, { body: form });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('CSRF_HEADER_REQUIRED');
    expect(await orderIds()).toEqual(before);
  });

  it('refuses text/plain and header-less GETs; never runs a mutation over GET', async () => {
    const before = await orderIds();
    const plain = await post(t.url, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: SUBMIT, variables: { input: orderInput() } }) });
    expect(plain.status).toBe(403);
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ tokens { symbol } }')}`);
    expect(get.status).toBe(403);
    expect(await errorCode(get)).toBe('CSRF_HEADER_REQUIRED');
    const variables = encodeURIComponent(JSON.stringify({ input: orderInput() }));
    const mutation = await fetch(`${t.url}/graphql?query=${encodeURIComponent(SUBMIT)}&variables=${variables}`, { headers: { 'x-graphql-csrf': '1' } });
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('allow')).toBe('POST');
    expect(await orderIds()).toEqual(before);
  });

  it('runs JSON and application/graphql POSTs, and a GET or a form that carries the header', async () => {
    expect(ok(await gql(t.url, TokensDocument)).tokens.length).toBeGreaterThan(0);
    const graphql = await post(t.url, { headers: { 'content-type': 'application/graphql' }, body: '{ tokens { symbol } }' });
    expect(graphql.status).toBe(200);
    const get = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ tokens { symbol } }')}`, { headers: { 'x-graphql-csrf': '1' } });
    expect(get.status).toBe(200);
    const form = await post(t.url, { headers: { 'x-graphql-csrf': '1' }, body: new URLSearchParams({ query: '{ tokens { symbol } }' }) });
    expect(form.status).toBe(200);
  });
});

describe('Origin checks', () => {
  it('refuses a graphql-ws handshake from a foreign origin with 403 before upgrading', async () => {
    const refused = await handshake(t.url, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect('body' in refused && JSON.parse(refused.body)).toMatchObject({ errors: [{ extensions: { code: 'ORIGIN_NOT_ALLOWED' } }] });
    // Same host by another name, an opaque origin: not ours either.
    expect((await handshake(t.url, t.url.replace('127.0.0.1', 'localhost'))).status).toBe(403);
    expect((await handshake(t.url, 'null')).status).toBe(403);
  });

  it('admits a handshake from its own origin and one with no Origin, and both run operations', async () => {
    expect(await handshake(t.url, t.url)).toEqual({ status: 101 });
    expect(await handshake(t.url)).toEqual({ status: 101 });
    const own = wsClientFrom(t.url, t.url);
    const none = wsClient(t.url);
    try {
      expect((await wsOnce(own, '{ tokens { symbol } }')).data?.['tokens']).toBeInstanceOf(Array);
      expect((await wsOnce(none, '{ tokens { symbol } }')).data?.['tokens']).toBeInstanceOf(Array);
    } finally {
      await Promise.all([own.dispose(), none.dispose()]);
    }
  });

  it('refuses a POST carrying a foreign Origin (nothing persisted) and runs one from its own', async () => {
    const before = await orderIds();
    const body = JSON.stringify({ query: SUBMIT, variables: { input: orderInput() } });
    const foreign = await post(t.url, { headers: { ...json, origin: 'https://evil.example' }, body });
    expect(foreign.status).toBe(403);
    expect(await errorCode(foreign)).toBe('ORIGIN_NOT_ALLOWED');
    expect(await orderIds()).toEqual(before);
    const own = await post(t.url, { headers: { ...json, origin: t.url }, body: JSON.stringify({ query: '{ tokens { symbol } }' }) });
    expect(own.status).toBe(200);
  });

  it('ALLOWED_ORIGINS admits exactly the origins it lists, with CORS for them only', async () => {
    const listed = ['https://app.example', 'http://localhost:5173'];
    const url = await appWith({ allowedOrigins: listed });
    for (const origin of [...listed, url]) expect((await handshake(url, origin)).status, origin).toBe(101);
    for (const origin of ['https://app.example:8443', 'http://app.example', 'https://evil.example', 'https://app.example.evil.example', 'http://localhost:5174']) {
      expect((await handshake(url, origin)).status, origin).toBe(403);
      expect((await post(url, { headers: { ...json, origin }, body: '{"query":"{ __typename }"}' })).status, origin).toBe(403);
    }
    const allowed = await post(url, { headers: { ...json, origin: 'https://app.example' }, body: '{"query":"{ __typename }"}' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const preflight = (origin: string) =>
      fetch(`${url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
    const ok = await preflight('https://app.example');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    // The default app lists nothing: no CORS for anyone.
    expect(await post(t.url, { headers: { ...json, origin: t.url }, body: '{"query":"{ __typename }"}' }).then((r) => r.headers.get('access-control-allow-origin'))).toBeNull();
  });
});

/** A CSP as a map of directive to its sources. */
function csp(res: Response): Map<string, string[]> {
  const policy = res.headers.get('content-security-policy') ?? '';
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));
}

describe('security headers', () => {
  it('static/ pages get a CSP with no inline script, same-origin connections and no framing', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(200);
      const policy = csp(res);
      expect(policy.get('default-src')).toEqual(["'none'"]);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('style-src')).toEqual(["'self'"]);
      expect(policy.get('connect-src')).toEqual(["'self'"]);
      for (const d of ['frame-ancestors', 'base-uri', 'object-src', 'form-action']) expect(policy.get(d), d).toEqual(["'none'"]);
      expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('every API response is nosniff and never framed: GraphQL (ok and refused), health, metrics, 404', async () => {
    const responses = [
      await post(t.url, { headers: json, body: '{"query":"{ __typename }"}' }),
      await post(t.url, { body: new URLSearchParams({ query: '{ __typename }' }) }),
      await post(t.url, { headers: { ...json, origin: 'https://evil.example' }, body: '{}' }),
      await fetch(`${t.url}/healthz`),
      await fetch(`${t.url}/readyz`),
      await fetch(`${t.url}/metrics`),
      await fetch(`${t.url}/no-such-thing`),
    ];
    for (const res of responses) {
      expect(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), res.url).toBe('DENY');
      expect(csp(res).get('frame-ancestors'), res.url).toEqual(["'none'"]);
      expect(res.headers.get('cross-origin-resource-policy'), res.url).toBe('same-origin');
    }
  });
});

const asBrowser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('GraphiQL', () => {
  it('is served from local assets under a CSP that admits its inline script by hash only', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { ...asBrowser, 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!, 'utf8').digest('base64');
    const policy = csp(res);
    expect(policy.get('script-src')).toEqual([`'sha256-${hash}'`]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('worker-src')).toEqual(['blob:']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('is rendered once and revalidated by ETag, gzipped for clients that take it', async () => {
    expect(await graphiqlPage()).toBe(await graphiqlPage());
    const plain = await fetch(`${t.url}/graphql`, { headers: { ...asBrowser, 'accept-encoding': 'identity' } });
    const etag = plain.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(plain.headers.get('cache-control')).toBe('no-cache');
    await plain.arrayBuffer();
    const again = await fetch(`${t.url}/graphql`, { headers: { ...asBrowser, 'accept-encoding': 'identity', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // fetch decodes gzip; the raw length shows what crossed the wire.
    const gzipped = await fetch(`${t.url}/graphql`, { headers: { ...asBrowser, 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(Number(gzipped.headers.get('content-length'))).toBeLessThan(Number(plain.headers.get('content-length')) / 2);
    expect(gzipped.headers.get('etag')).not.toBe(etag);
    await gzipped.arrayBuffer();
  });
});

/** The edge settings loadConfig derives from this environment. */
function edgeFrom(env: Record<string, string>): Omit<AppConfig, 'port' | 'host'> {
  const { graphiql, introspection } = loadConfig(env);
  return { graphiql, introspection };
}

describe('production toggles', () => {
  it('NODE_ENV=production turns GraphiQL and introspection off, on both transports', async () => {
    const url = await appWith(edgeFrom({ NODE_ENV: 'production' }));
    const page = await fetch(`${url}/graphql`, { headers: asBrowser });
    expect(page.status).toBe(404);
    expect(await errorCode(page)).toBe('GRAPHIQL_DISABLED');
    for (const query of [INTROSPECT, '{ __type(name: "Query") { name } }']) {
      const res = await gqlRaw(url, { query });
      expect(res.status, query).toBe(400);
      expect(res.errors?.map((e) => e.extensions?.code), query).toEqual(['INTROSPECTION_DISABLED']);
    }
    const ws = wsClient(url);
    try {
      const res = await wsOnce(ws, INTROSPECT).catch((errors: unknown) => ({ errors: errors as { extensions?: { code?: string } }[] }));
      expect((res.errors as { extensions?: { code?: string } }[] | undefined)?.map((e) => e.extensions?.code)).toEqual(['INTROSPECTION_DISABLED']);
    } finally {
      await ws.dispose();
    }
    // __typename is not introspection; field suggestions stay blocked.
    expect(ok(await gqlRaw<{ __typename: string }>(url, { query: '{ __typename }' })).__typename).toBe('Query');
    const typo = await gqlRaw(url, { query: '{ token { symbol } }' });
    expect(typo.errors?.[0]?.message).not.toMatch(/did you mean/i);
  });

  it('GRAPHIQL=true and INTROSPECTION=true turn them back on', async () => {
    const url = await appWith(edgeFrom({ NODE_ENV: 'production', GRAPHIQL: 'true', INTROSPECTION: 'true' }));
    const page = await fetch(`${url}/graphql`, { headers: asBrowser });
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    expect(ok(await gqlRaw<{ __schema: { queryType: { name: string } } }>(url, { query: INTROSPECT })).__schema.queryType.name).toBe('Query');
  });
});
