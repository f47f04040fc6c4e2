/**
 * Graceful shutdown of the real entry point: SIGTERM while orders are in flight must let them
 * finish (or hand them back to the queue), then exit 0. Runs `src/main.ts` as a child process with
 * real latencies long enough that the signal lands mid-execution.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderDocument, SubmitMarketOrderDocument } from '../../src/client/graphql.js';
import { gql, ok } from '../helpers/gql.js';
import { freePort, spawnMain, keyForProcesses, waitForHealth, type MainProcess } from '../helpers/processes.js';
import { TEST_REDIS_URL, deleteKeysByPrefix, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('shutdown');
const dir = mkdtempSync(join(tmpdir(), 'oee-shutdown-'));
const dbPath = join(dir, 'orders.sqlite');

function start(port: number): MainProcess {
  return spawnMain('all', {
    PORT: String(port),
    REDIS_URL: TEST_REDIS_URL,
    KEY_PREFIX: prefix,
    DATABASE_PATH: dbPath,
    // ~1 s per order, all of it after SUBMITTED: the signal arrives while every order is in flight.
    QUOTE_LATENCY_MS: '20',
    BUILD_LATENCY_MS: '20',
    SUBMIT_LATENCY_MS: '300',
    CONFIRM_LATENCY_MS: '700',
    LATENCY_JITTER_MS: '0',
    TRANSIENT_FAILURE_RATE: '0',
    MOTION_INTERVAL_MS: '0',
    LOG_LEVEL: 'warn',
  });
}

afterAll(async () => {
  await deleteKeysByPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGTERM with orders in flight', () => {
  it('finishes every in-flight order, then exits 0', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { child, exited } = start(port);
    const ids: string[] = [];
    try {
      await waitForHealth(url, 30_000);
      await keyForProcesses(url, { DATABASE_PATH: dbPath });
      for (let i = 0; i < 3; i++) {
        const input = { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: `0.${i + 1}`, slippageBps: 100, clientOrderId: `${prefix}-${i}` };
        ids.push(ok(await gql(url, SubmitMarketOrderDocument, { input })).submitMarketOrder.id);
      }
      // Wait until every order has been picked up (the state a worker must not abandon).
      const until = Date.now() + 10_000;
      for (;;) {
        const statuses = await Promise.all(ids.map(async (id) => ok(await gql(url, OrderDocument, { id })).order?.status));
        if (statuses.every((s) => s === 'SUBMITTED')) break;
        expect(statuses.some((s) => s === 'CONFIRMED' || s === 'FAILED'), 'orders finished before the signal: latencies too short').toBe(false);
        if (Date.now() > until) throw new Error(`orders never all reached SUBMITTED: ${statuses.join(',')}`);
        await new Promise((r) => setTimeout(r, 25));
      }

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }

    const db = new Database(dbPath, { readonly: true });
    try {
      const rows = db.prepare(`SELECT id, status FROM orders WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { id: string; status: string }[];
      expect(rows.map((r) => r.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CONFIRMED']);
      const events = db.prepare(`SELECT COUNT(*) AS n FROM order_events WHERE status = 'CONFIRMED' AND order_id IN (${ids.map(() => '?').join(',')})`).get(...ids) as { n: number };
      expect(events.n).toBe(3);
    } finally {
      db.close();
    }
  }, 60_000);
});
