/**
 * The limits hold across API processes: two `npm run api` processes share one Redis (one key
 * prefix) and one SQLite file, and a client alternating between them gets one allowance, not two.
 * Small limits come in through the environment. No assertion on time: bursts are counted (with one
 * window's slack, in case a burst straddles a per-second window), and recovery waits retryAfterMs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersDocument, QuoteDocument, SubmitMarketOrderDocument, TokensDocument } from '../../src/client/graphql.js';
import { gqlAs, ok, type GqlResult } from '../helpers/gql.js';
import { freePort, keyForProcesses, spawnMain, waitForHealth, type MainProcess } from '../helpers/processes.js';
import { rawSocket } from '../helpers/raw-ws.js';
import { TEST_REDIS_URL, deleteKeysByPrefix, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('limits-processes');
const dir = mkdtempSync(join(tmpdir(), 'oee-limits-processes-'));
const LIMITS = { ORDERS_PER_SECOND: 2, ORDER_BURST: 4, QUOTES_PER_SECOND: 3, QUOTE_BURST: 6, ANON_PER_SECOND: 2, ANON_BURST: 4, WS_MAX_SOCKETS_PER_KEY: 2, WS_MAX_SUBSCRIPTIONS_PER_SOCKET: 2 };
const env: Record<string, string> = {
  REDIS_URL: TEST_REDIS_URL,
  KEY_PREFIX: prefix,
  DATABASE_PATH: join(dir, 'orders.sqlite'),
  LATENCY_SCALE: '0',
  MOTION_INTERVAL_MS: '0',
  LOG_LEVEL: 'info',
  ...Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, String(v)])),
};

const processes: MainProcess[] = [];
let a: string;
let b: string;
let key: string;

beforeAll(async () => {
  const [pa, pb] = [await freePort(), await freePort()];
  a = `http://127.0.0.1:${pa}`;
  b = `http://127.0.0.1:${pb}`;
  // The first runs the migrations; the second opens the migrated file.
  processes.push(spawnMain('api', { ...env, PORT: String(pa) }));
  await waitForHealth(a, 60_000);
  processes.push(spawnMain('api', { ...env, PORT: String(pb) }));
  await waitForHealth(b, 60_000);
  key = await keyForProcesses(a, env);
}, 120_000);

afterAll(async () => {
  for (const p of processes) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
  await deleteKeysByPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

function isRateLimited(r: GqlResult<unknown>): boolean {
  return r.errors?.[0]?.extensions?.code === 'RATE_LIMITED';
}

/** Every refusal is a RATE_LIMITED with a positive integer retryAfterMs and no data. */
function expectRefusals(results: readonly GqlResult<unknown>[]): number {
  const refused = results.filter(isRateLimited);
  for (const r of refused) {
    const retry = r.errors?.[0]?.extensions?.['retryAfterMs'];
    expect(Number.isInteger(retry) && (retry as number) > 0, `retryAfterMs ${String(retry)}`).toBe(true);
    expect(r.data ?? null).toBeNull();
    expect(r.status).toBe(429);
  }
  return refused.length;
}

const maxRetry = (results: readonly GqlResult<unknown>[]): number =>
  Math.max(...results.filter(isRateLimited).map((r) => r.errors?.[0]?.extensions?.['retryAfterMs'] as number));

const quoteInput = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', slippageBps: 100 };

describe('rate limits shared by two API processes', () => {
  it('gives a key one orders allowance across both, persists nothing it refuses, and lets it through again after retryAfterMs', async () => {
    const burst = Array.from({ length: 12 }, (_, i) => {
      const input = { ...quoteInput, clientOrderId: `${prefix}-o${i}` };
      return gqlAs(i % 2 === 0 ? a : b, key, SubmitMarketOrderDocument, { input });
    });
    const results = await Promise.all(burst);
    const refused = expectRefusals(results);
    const accepted = results.filter((r) => r.data?.submitMarketOrder).length;
    expect(accepted + refused).toBe(12);
    // Two separate allowances would accept 8; one accepts the burst, plus at most one second's worth.
    expect(accepted).toBeGreaterThanOrEqual(LIMITS.ORDER_BURST);
    expect(accepted).toBeLessThanOrEqual(LIMITS.ORDER_BURST + LIMITS.ORDERS_PER_SECOND);
    // Listing orders is not limited: exactly the accepted ones exist.
    const listed = ok(await gqlAs(a, key, OrdersDocument, { first: 100 })).orders.edges;
    expect(listed).toHaveLength(accepted);

    await new Promise((r) => setTimeout(r, maxRetry(results)));
    const again = await gqlAs(b, key, SubmitMarketOrderDocument, { input: { ...quoteInput, clientOrderId: `${prefix}-after` } });
    expect(again.errors).toBeUndefined();
    expect(again.data?.submitMarketOrder.status).toBe('PENDING');
  });

  it('gives a key one quotes allowance across both', async () => {
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => gqlAs(i % 2 === 0 ? a : b, key, QuoteDocument, { input: quoteInput })));
    const refused = expectRefusals(results);
    const accepted = results.filter((r) => r.data?.quote).length;
    expect(accepted + refused).toBe(16);
    expect(accepted).toBeGreaterThanOrEqual(LIMITS.QUOTE_BURST);
    expect(accepted).toBeLessThanOrEqual(LIMITS.QUOTE_BURST + LIMITS.QUOTES_PER_SECOND);
  });

  it('counts calls without a key per client IP, each operation once', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => gqlAs(i % 2 === 0 ? a : b, null, TokensDocument)));
    const refused = expectRefusals(results);
    const accepted = results.filter((r) => r.data?.tokens).length;
    expect(accepted + refused).toBe(12);
    expect(accepted).toBeGreaterThanOrEqual(LIMITS.ANON_BURST);
    expect(accepted).toBeLessThanOrEqual(LIMITS.ANON_BURST + LIMITS.ANON_PER_SECOND);
  });

  it('applies the same limits over graphql-ws', async () => {
    // A key of its own: the quotes test above has spent the first key's burst reserve.
    const wsKey = await keyForProcesses(a, env, 'ws-quotes');
    const sockets = [rawSocket(a, wsKey), rawSocket(b, wsKey)];
    try {
      expect(await Promise.all(sockets.map((s) => s.acked))).toEqual([true, true]);
      const query = '{ quote(input: { tokenIn: "SOL", tokenOut: "USDC", amountIn: "1", slippageBps: 100 }) { amountOut } }';
      // Two operations at a time per socket (its cap), 8 rounds: 16 quotes over both processes.
      const answers: { code: string | undefined; retryAfterMs: unknown }[] = [];
      for (let round = 0; round < 8; round++) {
        const ids = sockets.map((s, i) => {
          const id = `q${round}-${i}`;
          s.subscribe(id, query);
          return id;
        });
        const got = await Promise.all(sockets.map((s, i) => s.next((m) => m.id === ids[i] && (m.type === 'next' || m.type === 'error'))));
        for (const m of got) {
          const errors = (m.payload as { errors?: { extensions?: { code?: string; retryAfterMs?: unknown } }[] }).errors;
          answers.push({ code: errors?.[0]?.extensions?.code, retryAfterMs: errors?.[0]?.extensions?.retryAfterMs });
        }
        await Promise.all(sockets.map((s, i) => s.next((m) => m.id === ids[i] && m.type === 'complete')));
      }
      const refused = answers.filter((x) => x.code === 'RATE_LIMITED');
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(Number.isInteger(r.retryAfterMs) && (r.retryAfterMs as number) > 0).toBe(true);
      expect(answers.filter((x) => x.code === undefined).length).toBeLessThanOrEqual(LIMITS.QUOTE_BURST + 2 * LIMITS.QUOTES_PER_SECOND);
    } finally {
      for (const s of sockets) s.ws.close();
      await Promise.all(sockets.map((s) => s.closed));
    }
  });
});

describe('graphql-ws caps', () => {
  it("closes a key's socket beyond its cap across processes with 4429, and frees the slot when one closes", async () => {
    const key = await keyForProcesses(a, env, 'socket-cap');
    const first = rawSocket(a, key);
    const second = rawSocket(b, key);
    expect(await Promise.all([first.acked, second.acked])).toEqual([true, true]);
    const third = rawSocket(a, key);
    expect(await third.acked).toBe(false);
    const closed = await third.closed;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/Too many open sockets/);

    first.ws.close();
    await first.closed;
    // The slot is given back when the socket closes (the release is on its way to Redis: retry).
    let fourth = rawSocket(b, key);
    for (let i = 0; i < 50 && !(await fourth.acked); i++) {
      await new Promise((r) => setTimeout(r, 20));
      fourth = rawSocket(b, key);
    }
    expect(await fourth.acked).toBe(true);
    for (const s of [second, fourth]) s.ws.close();
    await Promise.all([second.closed, fourth.closed]);
  });

  it('refuses an operation beyond the per-socket cap with TOO_MANY_SUBSCRIPTIONS, and takes one again once one completes', async () => {
    const s = rawSocket(a, key);
    try {
      expect(await s.acked).toBe(true);
      const query = 'subscription { poolUpdates { venue } }';
      s.subscribe('1', query);
      s.subscribe('2', query);
      await Promise.all(['1', '2'].map((id) => s.next((m) => m.id === id && m.type === 'next')));
      s.subscribe('3', query);
      const refused = await s.next((m) => m.id === '3');
      expect(refused.type).toBe('error');
      expect((refused.payload as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');

      s.send({ id: '1', type: 'complete' });
      s.subscribe('4', query);
      expect((await s.next((m) => m.id === '4')).type).toBe('next');
    } finally {
      s.ws.close();
      await s.closed;
    }
  });
});
