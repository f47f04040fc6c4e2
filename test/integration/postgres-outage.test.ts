/**
 * PostgreSQL going away while the API and a worker run, and coming back. The outage is this file's
 * database refusing connections (ALLOW_CONNECTIONS false) with its sessions ended, so the shared
 * server's other databases never notice. While it lasts: readiness fails (and answers), a
 * submission gets UNAVAILABLE with nothing recorded, and an order in flight waits without spending
 * an attempt. Afterwards everything resumes on the same runtime (the pool reconnects).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmitMarketOrderDocument } from '../../src/client/graphql.js';
import { orderInput, startTestApp, submit, uniqueId, type TestApp } from '../helpers/app.js';
import { TEST_DATABASE_URL, TEST_ENGINE } from '../helpers/database.js';
import { gql } from '../helpers/gql.js';
import { persistedEvents, waitTerminal, ordersFor } from '../helpers/runtime.js';

let t: TestApp;
let dbName: string;

async function admin(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

/** The database refuses new sessions and its open ones are ended: what a server going down looks like from here. */
async function takeDown(): Promise<void> {
  await admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}' AND pid <> pg_backend_pid()`);
}

async function bringBack(): Promise<void> {
  await admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
}

async function readyz(): Promise<{ status: number; body: { checks: { database: string } } }> {
  const res = await fetch(new URL('/readyz', t.url));
  return { status: res.status, body: (await res.json()) as { checks: { database: string } } };
}

describe.skipIf(TEST_ENGINE !== 'postgres')('PostgreSQL away and back', () => {
  beforeAll(async () => {
    // Only the confirmation waits (1.5 s): long enough to take the database down under an order in flight.
    t = await startTestApp('pg-outage', { config: { latencyScale: 1, latencies: { quoteMs: 0, buildMs: 0, submitMs: 0, confirmMs: 1_500, jitterMs: 0 } } });
    dbName = new URL(t.env.config.databaseUrl!).pathname.slice(1);
  });
  afterAll(async () => {
    if (dbName) await bringBack();
    await t?.stop();
  });

  it('refuses work with UNAVAILABLE, records nothing, keeps the order in flight, and resumes without a restart', async () => {
    expect(await t.runtime.storage.ready()).toBe(true);
    expect((await readyz()).status).toBe(200);

    // An order in flight: persisted up to SUBMITTED, its worker waiting for the confirmation.
    const inFlight = await submit(t, orderInput({ clientOrderId: uniqueId('in-flight') }));
    await expect.poll(async () => (await t.runtime.storage.orders.find(inFlight.id))?.status, { timeout: 10_000 }).toBe('SUBMITTED');

    await takeDown();
    try {
      expect(await t.runtime.storage.ready()).toBe(false);
      const probe = await readyz();
      expect(probe.status).toBe(503);
      expect(probe.body.checks.database).toBe('failed');

      const refusedId = uniqueId('refused');
      const refused = await gql(t.url, SubmitMarketOrderDocument, { input: orderInput({ clientOrderId: refusedId }) });
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE');
      expect(JSON.stringify(refused.errors)).not.toMatch(/127\.0\.0\.1|oee_|postgres/i);

      // The in-flight order's fill meets the outage: its job is delayed, not failed.
      await expect
        .poll(() => t.runtime.queue.getDelayedCount(), { timeout: 15_000 })
        .toBeGreaterThan(0);

      await bringBack();
      await expect.poll(() => t.runtime.storage.ready(), { timeout: 15_000 }).toBe(true);
      expect((await readyz()).status).toBe(200);
      expect(await ordersFor(t.runtime).listOrders({ first: 100 }).then((p) => p.orders.filter((o) => o.clientOrderId === refusedId))).toEqual([]);
    } finally {
      await bringBack();
    }

    // The order in flight completes once, on its first attempt.
    const done = await waitTerminal(t.runtime, inFlight.id, 20_000);
    expect(done).toMatchObject({ status: 'CONFIRMED', attempts: 1 });
    expect((await persistedEvents(t.runtime, inFlight.id)).map((e) => `${e.seq}:${e.status}`)).toEqual([
      '1:PENDING',
      '2:ROUTING',
      '3:BUILDING',
      '4:SUBMITTED',
      '5:CONFIRMED',
    ]);

    // And new work is taken as before.
    const after = await submit(t, orderInput({ clientOrderId: uniqueId('after') }));
    expect((await waitTerminal(t.runtime, after.id, 20_000)).status).toBe('CONFIRMED');
  }, 90_000);
});
