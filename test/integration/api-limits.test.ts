/**
 * Abuse limits (graphql-armor + body size) on both transports, no field suggestions, and masking of
 * unexpected errors. Limits are the defaults from src/graphql/limits.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OrdersDocument, ViewerDocument } from '../../src/client/graphql.js';
import { DEFAULT_LIMITS } from '../../src/graphql/limits.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlRaw, ok } from '../helpers/gql.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('api-limits');
});
afterAll(async () => {
  await t?.stop();
});

function nested(depth: number): string {
  return `{ ${'a { '.repeat(depth - 1)}b${' }'.repeat(depth - 1)} }`;
}

function aliases(n: number): string {
  return `{ ${Array.from({ length: n }, (_, i) => `t${i}: tokens { symbol }`).join(' ')} }`;
}

async function expectRejected(query: string, code: string): Promise<void> {
  const result = await gqlRaw(t.url, { query });
  expect(result.status).toBe(400);
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
}

describe('query limits over HTTP', () => {
  it(`rejects depth above ${DEFAULT_LIMITS.maxDepth}, counting through fragments`, async () => {
    await expectRejected(nested(DEFAULT_LIMITS.maxDepth + 1), 'QUERY_TOO_DEEP');
    const viaFragments = `query { ...F0 } ${Array.from({ length: DEFAULT_LIMITS.maxDepth + 1 }, (_, i) => `fragment F${i} on Query { a { ${i === DEFAULT_LIMITS.maxDepth ? 'b' : `...F${i + 1}`} } }`).join(' ')}`;
    await expectRejected(viaFragments, 'QUERY_TOO_DEEP');
  });

  it(`rejects more than ${DEFAULT_LIMITS.maxAliases} aliases and accepts exactly that many`, async () => {
    await expectRejected(aliases(DEFAULT_LIMITS.maxAliases + 1), 'TOO_MANY_ALIASES');
    const atLimit = await gqlRaw<Record<string, unknown>>(t.url, { query: aliases(DEFAULT_LIMITS.maxAliases) });
    expect(atLimit.errors).toBeUndefined();
    expect(Object.keys(atLimit.data ?? {})).toHaveLength(DEFAULT_LIMITS.maxAliases);
  });

  it(`rejects a cost above ${DEFAULT_LIMITS.maxCost} (a literal page size multiplies its subtree)`, async () => {
    const costly = `{ orders(first: 100) { edges { node { id status amountIn tokenIn { symbol } tokenOut { symbol } quotedRoute { legs { venue amountIn amountOut } } } } } }`;
    await expectRejected(costly, 'QUERY_TOO_COSTLY');
  });

  it(`rejects more than ${DEFAULT_LIMITS.maxTokens} tokens before parsing them all`, async () => {
    await expectRejected(`{ tokens { ${'symbol '.repeat(DEFAULT_LIMITS.maxTokens)} } }`, 'QUERY_TOO_LARGE');
  });

  it(`answers 413 to a body above ${DEFAULT_LIMITS.maxBodyBytes} bytes, with or without Content-Length`, async () => {
    const body = JSON.stringify({ query: '{ tokens { symbol } }', variables: { pad: 'x'.repeat(DEFAULT_LIMITS.maxBodyBytes) } });
    const sized = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(sized.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    const chunked = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("lets the clients' own heaviest document through (Orders, 100 per page)", async () => {
    const { orders } = ok(await gql(t.url, OrdersDocument, { first: 100 }));
    expect(orders.edges).toBeInstanceOf(Array);
  });

  it('hides field suggestions', async () => {
    const result = await gqlRaw(t.url, { query: '{ tokns { symbol } }' });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).not.toMatch(/did you mean/i);
  });

  it('keeps GraphQL syntax errors as GRAPHQL_PARSE_FAILED', async () => {
    const result = await gqlRaw(t.url, { query: '{ tokens { symbol ' });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('the same limits over graphql-ws', () => {
  it('rejects a too-deep subscription with the same code', async () => {
    const rejected = await new Promise<unknown>((resolve) => {
      t.ws.subscribe({ query: `subscription ${nested(DEFAULT_LIMITS.maxDepth + 1)}` }, {
        next: () => undefined,
        error: resolve,
        complete: () => resolve(undefined),
      });
    });
    expect(JSON.stringify(rejected)).toContain('QUERY_TOO_DEEP');
  });

  it('closes a socket that sends a message above the size limit (1009)', async () => {
    const socket = new WebSocket(`${t.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(DEFAULT_LIMITS.maxBodyBytes + 1) } }));
    expect(await closed).toBe(1009);
  });
});

describe('unexpected errors', () => {
  it('are masked as "Unexpected error." with no stack, and logged with the operation and the account (never the key)', async () => {
    const broken = await startTestApp('api-limits-broken');
    try {
      // The key is checked (and cached) first; then a real fault: the database closes under a
      // running API, and the query itself meets it.
      ok(await gql(broken.url, ViewerDocument, {}));
      await broken.runtime.close();
      const result = await gql(broken.url, OrdersDocument, { first: 5 });
      expect(result.data ?? null).toBeNull();
      expect(result.errors).toEqual([
        expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: ['orders'] }),
      ]);
      expect(JSON.stringify(result)).not.toMatch(/stack|database|\.ts:\d+|node_modules/i);

      const logged = broken.logs.find((l) => l.msg === 'unexpected error in GraphQL operation');
      expect(logged).toMatchObject({ level: 50, operationName: 'Orders', variables: { first: 5 }, path: 'orders', accountId: expect.any(String) });
      expect(JSON.stringify(logged)).not.toContain(broken.key);
      expect((logged?.['err'] as { stack?: string } | undefined)?.stack).toMatch(/\n\s+at /);
    } finally {
      await broken.stop();
    }
  });
});
