/**
 * /metrics: Prometheus text with the order lifecycle (transitions, stage latencies, outcomes), fills
 * per venue and slippage, commit latency, pub/sub delivery lag, queue depths and open orders read at
 * scrape time, and GraphQL operations; a worker-only process serves it on METRICS_PORT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderInput, startTestApp, submit, type TestApp } from '../helpers/app.js';
import { freePort, spawnMain, type MainProcess } from '../helpers/processes.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { waitTerminal, ordersFor } from '../helpers/runtime.js';
import { sample } from '../helpers/metrics.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('metrics');
});
afterAll(async () => {
  await t?.stop();
});

describe('/metrics', () => {
  it('counts the lifecycle, fills, commits, deliveries, queue and open orders, and GraphQL operations', async () => {
    const held = await ordersFor(t.runtime).orderUpdates(undefined)[Symbol.asyncIterator](); // a listener: messages get decoded
    const pendingNext = held.next();
    const order = await submit(t, orderInput({ clientOrderId: 'metrics-1' }));
    await waitTerminal(t.runtime, order.id);
    await pendingNext;
    await held.return?.();

    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const status of ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED']) {
      expect(sample(text, 'oee_order_transitions_total', { status }), status).toBeGreaterThanOrEqual(1);
    }
    expect(sample(text, 'oee_orders_terminal_total', { status: 'CONFIRMED' })).toBeGreaterThanOrEqual(1);
    for (const stage of ['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED']) {
      expect(sample(text, 'oee_order_stage_seconds_count', { stage }), stage).toBeGreaterThanOrEqual(1);
    }
    expect(sample(text, 'oee_order_duration_seconds_count', { status: 'CONFIRMED' })).toBeGreaterThanOrEqual(1);
    expect((sample(text, 'oee_fill_legs_total', { venue: 'METEORA' }) ?? 0) + (sample(text, 'oee_fill_legs_total', { venue: 'RAYDIUM' }) ?? 0)).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'oee_fill_slippage_bps_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'oee_db_commit_seconds_count', { engine: t.env.engine })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'oee_pubsub_delivery_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'oee_queue_jobs', { state: 'waiting' })).toBe(0);
    expect(sample(text, 'oee_orders_open', { status: 'PENDING' })).toBe(0);
    expect(sample(text, 'graphql_envelop_request_duration_count', { operationName: 'SubmitMarketOrder' })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('oee_process_cpu_seconds_total');
    // Bounded labels only: no order id, no client order id.
    expect(text).not.toContain(order.id);
    expect(text).not.toContain('metrics-1');
  });
});

describe('a worker-only process', () => {
  it('serves /metrics on METRICS_PORT', async () => {
    const port = await freePort();
    const worker: MainProcess = spawnMain('worker', {
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: t.env.prefix,
      DATABASE_PATH: t.env.config.databasePath,
      ...(t.env.config.databaseUrl ? { DATABASE_URL: t.env.config.databaseUrl } : {}),
      METRICS_PORT: String(port),
      MOTION_INTERVAL_MS: '0',
      LOG_LEVEL: 'info',
    });
    try {
      for (let i = 0; i < 600 && !worker.output().includes('metrics listening'); i++) await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('oee_queue_jobs');
      expect(text).toContain('role="worker"');
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  }, 90_000);
});
