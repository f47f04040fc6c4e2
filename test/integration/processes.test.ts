/**
 * `npm run api` and `npm run worker` as separate processes: one API and two workers share one Redis
 * (one key prefix) and one SQLite file. Every order is filled exactly once, by one of the workers,
 * and both workers take part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { OrderDocument, SubmitMarketOrderDocument } from '../../src/client/graphql.js';
import { gql, ok } from '../helpers/gql.js';
import { freePort, keyForProcesses, spawnMain, waitForHealth, type MainProcess } from '../helpers/processes.js';
import { TEST_REDIS_URL, deleteKeysByPrefix, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('processes');
const dir = mkdtempSync(join(tmpdir(), 'oee-processes-'));
const dbPath = join(dir, 'orders.sqlite');
const ORDERS = 24;

afterAll(async () => {
  await deleteKeysByPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

/** orderIds of the "order filled" lines in a process's pino output. */
function filledBy(p: MainProcess): string[] {
  return p
    .output()
    .split('\n')
    .filter((line) => line.includes('"order filled"'))
    .map((line) => (JSON.parse(line) as { orderId: string }).orderId);
}

describe('API and two workers as separate processes', () => {
  it('fills every order exactly once, spread over both workers', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: prefix,
      DATABASE_PATH: dbPath,
      // Each order holds a worker slot ~60 ms, so with 4 slots per worker both must pick up orders.
      QUOTE_LATENCY_MS: '5',
      BUILD_LATENCY_MS: '5',
      SUBMIT_LATENCY_MS: '20',
      CONFIRM_LATENCY_MS: '30',
      LATENCY_JITTER_MS: '0',
      TRANSIENT_FAILURE_RATE: '0',
      MOTION_INTERVAL_MS: '0',
      WORKER_CONCURRENCY: '4',
      LOG_LEVEL: 'info',
    };
    const api = spawnMain('api', { ...env, PORT: String(port) });
    const workers: MainProcess[] = [];
    try {
      await waitForHealth(url, 30_000);
      await keyForProcesses(url, env);
      // The API runs the migrations; the workers open the migrated file.
      workers.push(spawnMain('worker', env), spawnMain('worker', env));
      await Promise.all(
        workers.map(async (w) => {
          for (const until = Date.now() + 30_000; !w.output().includes('"worker started"'); ) {
            if (Date.now() > until || w.child.exitCode !== null) throw new Error(`worker did not start:\n${w.output()}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        }),
      );

      const ids = await Promise.all(
        Array.from({ length: ORDERS }, async (_, i) => {
          const input = { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: `${10 + i}`, slippageBps: 300, clientOrderId: `${prefix}-${i}` };
          return ok(await gql(url, SubmitMarketOrderDocument, { input })).submitMarketOrder.id;
        }),
      );
      for (const until = Date.now() + 30_000; ; ) {
        const statuses = await Promise.all(ids.map(async (id) => ok(await gql(url, OrderDocument, { id })).order?.status));
        if (statuses.every((s) => s === 'CONFIRMED' || s === 'FAILED')) {
          expect(statuses.every((s) => s === 'CONFIRMED')).toBe(true);
          break;
        }
        if (Date.now() > until) throw new Error(`orders not all terminal: ${statuses.join(',')}`);
        await new Promise((r) => setTimeout(r, 50));
      }

      // A worker logs "order filled" after the commit and the publish, and its output reaches us
      // through a pipe: wait for the lines rather than race them.
      for (const until = Date.now() + 10_000; workers.flatMap(filledBy).length < ORDERS && Date.now() < until; ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const [a, b] = workers.map(filledBy) as [string[], string[]];
      expect(a.length, 'worker 1 filled nothing').toBeGreaterThan(0);
      expect(b.length, 'worker 2 filled nothing').toBeGreaterThan(0);
      expect([...a, ...b].sort()).toEqual([...ids].sort());
      expect(filledBy(api)).toEqual([]);
    } finally {
      for (const p of [api, ...workers]) p.child.kill('SIGTERM');
      await Promise.all([api, ...workers].map((p) => p.exited));
    }

    const db = new Database(dbPath, { readonly: true });
    try {
      const events = db.prepare(`SELECT order_id AS id, COUNT(*) AS n FROM order_events WHERE status = 'CONFIRMED' GROUP BY order_id`).all() as { id: string; n: number }[];
      expect(events).toHaveLength(ORDERS);
      expect(events.every((e) => e.n === 1)).toBe(true);
    } finally {
      db.close();
    }
  }, 90_000);
});
