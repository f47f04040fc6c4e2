/**
 * The rate limits' edges in one process: what a refused operation counts (aliases and fragments
 * cannot hide a quote), and what happens when Redis cannot answer (the same limits, counted in
 * this process, with a warning and a metric; never an internal error).
 */
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LimitError } from '../../src/services/errors.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { LEASE_MAX, leaseSize } from '../../src/services/rate-leases.js';
import { createRateLimits } from '../../src/services/rate-limits.js';
import { startTestApp, type LogRecord, type TestApp } from '../helpers/app.js';
import { gqlRaw } from '../helpers/gql.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('rate-limits-service', { config: { rateLimits: true, quotesPerSecond: 2, quoteBurst: 3, anonPerSecond: 100, anonBurst: 100 } });
});
afterAll(async () => {
  await t.stop();
});

const quote = (alias: string): string => `${alias}: quote(input: { tokenIn: "SOL", tokenOut: "USDC", amountIn: "1", slippageBps: 100 }) { amountOut }`;

describe('what an operation costs', () => {
  it('counts every quote field of a document, aliased or inside fragments, and refuses the whole operation', async () => {
    const query = `query { ${quote('a')} ...F ... on Query { ${quote('c')} } } fragment F on Query { ${quote('b')} ${quote('d')} }`;
    const r = await gqlRaw<Record<string, unknown>>(t.url, { query });
    // Four quotes against a burst of three: nothing runs.
    expect(r.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(r.data ?? null).toBeNull();
    expect(r.status).toBe(429);
  });

  it('leaves fields other than quote and submitMarketOrder of a keyed caller alone', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await gqlRaw<{ viewer: unknown }>(t.url, { query: '{ viewer { key { name } } tokens { symbol } }' });
      expect(r.errors).toBeUndefined();
    }
  });
});

describe('when Redis cannot answer', () => {
  const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  dead.on('error', () => {});
  afterAll(() => dead.disconnect());

  it('counts the same limits in this process, warns once, and counts the store errors', async () => {
    const logs: LogRecord[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogRecord) });
    const metrics = createMetrics({ role: 'api', engine: 'sqlite', processMetrics: false });
    const limits = createRateLimits({ redis: dead, keyPrefix: 'unused', settings: { ordersPerSecond: 2, orderBurst: 3, quotesPerSecond: 1, quoteBurst: 1, anonPerSecond: 1, anonBurst: 1 }, logger, metrics });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => Promise.resolve(limits.consume('orders', 'key-1', 1)).then(() => 'ok', (e: unknown) => e)));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3);
    const refused = outcomes.filter((o) => o !== 'ok');
    expect(refused.every((e) => e instanceof LimitError && e.code === 'RATE_LIMITED' && (e.retryAfterMs ?? 0) > 0)).toBe(true);
    expect(logs.filter((l) => /Redis did not answer/.test(l.msg ?? ''))).toHaveLength(1);
    expect(await metrics.registry.getSingleMetricAsString('oee_rate_limit_store_errors_total')).toMatch(/ 6$/m);
  });
});

describe('leases: a busy subject does not pay a Redis round trip per call', () => {
  const settings = { ordersPerSecond: 50, orderBurst: 100, quotesPerSecond: 50, quoteBurst: 100, anonPerSecond: 50, anonBurst: 100 };
  const make = (keyPrefix: string) =>
    createRateLimits({ redis: t.runtime.pubsub.redis, keyPrefix, settings, logger: pino({ level: 'silent' }), metrics: createMetrics({ role: 'api', engine: 'sqlite', processMetrics: false }) });
  const outcome = (r: Promise<void> | undefined): Promise<unknown> => Promise.resolve(r).then(() => 'ok', (e: unknown) => e);

  it('spends a tenth of the per-second limit here, synchronously, after one reservation', async () => {
    expect(leaseSize(50)).toBe(5);
    expect(leaseSize(19)).toBe(0);
    expect(leaseSize(1e6)).toBe(LEASE_MAX);
    const limits = make(`${t.env.prefix}:lease-sync`);
    await limits.consume('quotes', 'key-a', 1);
    // The reservation took 1 + 5: the next five calls are answered without awaiting anything.
    for (let i = 0; i < 5; i++) expect(limits.consume('quotes', 'key-a', 1)).toBeUndefined();
    expect(limits.consume('quotes', 'key-a', 1)).toBeInstanceOf(Promise);
  });

  it('alone on its key, a subject gets exactly its burst, as without leases', async () => {
    const limits = make(`${t.env.prefix}:lease-exact`);
    const started = performance.now();
    const outcomes = await Promise.all(Array.from({ length: 101 }, () => outcome(limits.consume('orders', 'key-b', 1))));
    // Exactly the burst within one window; a slow machine crossing into the next window admits that window's 50 too.
    const restarts = Math.floor((performance.now() - started) / 1000);
    const accepted = outcomes.filter((o) => o === 'ok').length;
    if (restarts === 0) expect(accepted).toBe(100);
    else expect(accepted).toBeLessThanOrEqual(Math.min(101, 100 + 50 * restarts));
    for (const o of outcomes) if (o !== 'ok') expect(o).toBeInstanceOf(LimitError);
  });

  it("two processes together never pass the limit, and each refuses early by at most the other process's lease", async () => {
    const prefix = `${t.env.prefix}:lease-shared`;
    const [a, b] = [make(prefix), make(prefix)];
    let accepted = 0;
    const started = performance.now();
    for (let i = 0; i < 150; i++) {
      if ((await outcome((i % 2 === 0 ? a : b).consume('orders', 'key-c', 1))) === 'ok') accepted++;
    }
    // The per-second window restarts each second: on a slow machine a later window admits its own 50.
    const restarts = Math.floor((performance.now() - started) / 1000);
    expect(accepted).toBeLessThanOrEqual(100 + 50 * restarts);
    expect(accepted).toBeGreaterThanOrEqual(100 - 2 * leaseSize(50));
  });
});
