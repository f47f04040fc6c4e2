/**
 * Starts real runtimes for tests: real Redis under a fresh prefix, a real SQLite file migrated by
 * the real migrations in a temp dir, latencies 0, motion off, a deterministic clock and RNG.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../../src/config.js';
import { isTerminal } from '../../src/domain/order.js';
import { createRng, type Clock } from '../../src/domain/rng.js';
import { createLogger } from '../../src/logger.js';
import { ensureAccount } from '../../src/db/accounts.js';
import { newId } from '../../src/db/ids.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';
import type { AccountOrders } from '../../src/services/types.js';
import type { OrderUpdate, OrderView } from '../../src/domain/order-view.js';
import { createDatabase, databaseName, databaseUrl, dropDatabase, TEST_ENGINE, type TestEngine } from './database.js';
import { deleteKeysByPrefix, TEST_REDIS_URL, uniquePrefix } from './redis.js';

/** Starts at a fixed instant and advances 1 ms per reading, so ordering by time is stable. */
export function steppingClock(start = Date.UTC(2025, 5, 1)): Clock {
  let t = start;
  return () => (t += 1);
}

export interface TestEnv {
  readonly prefix: string;
  readonly dir: string;
  /** The engine this file runs on (TEST_ENGINE; see database.ts). */
  readonly engine: TestEngine;
  readonly config: Readonly<Config>;
  /**
   * Makes sure this env's database exists (a fresh PostgreSQL database is created on first use;
   * SQLite creates its file on open). `start` does it; call it first when opening storage directly.
   */
  prepare(): Promise<void>;
  /** Opens a runtime on this env's Redis prefix and database (several may coexist). */
  start(opts?: RuntimeOptions): Promise<Runtime>;
  /** Closes every runtime started here, deletes the prefix's keys, the database and the temp dir. */
  cleanup(): Promise<void>;
}

/** The account test orders belong to (also the account of startTestApp's key, named the same). */
export const TEST_ACCOUNT_NAME = 'test';
const testAccounts = new WeakMap<Runtime, string>();

/** The id of the test account on `rt`. */
export function testAccountOf(rt: Runtime): string {
  const id = testAccounts.get(rt);
  if (id === undefined) throw new Error('testAccountOf: this runtime was not started by testEnv');
  return id;
}

/** The test account's orders on `rt` (the service scoped as an API key of that account would be). */
export function ordersFor(rt: Runtime, accountId?: string): AccountOrders {
  const id = accountId ?? testAccounts.get(rt);
  if (id === undefined) throw new Error('ordersFor: this runtime was not started by testEnv');
  return rt.service.forAccount({ accountId: id });
}

/**
 * One per test file: a unique prefix and database on the file's engine; `start` as many runtimes
 * as the test needs. `engine` forces one (a test of the SQLite engine itself).
 */
export function testEnv(name: string, overrides: Parameters<typeof defaultConfig>[0] = {}, engine: TestEngine = TEST_ENGINE): TestEnv {
  const prefix = uniquePrefix(name);
  const dir = mkdtempSync(join(tmpdir(), `oee-${name}-`));
  const dbName = databaseName(prefix);
  const config = defaultConfig({
    redisUrl: TEST_REDIS_URL,
    keyPrefix: prefix,
    databasePath: join(dir, 'orders.sqlite'),
    databaseUrl: engine === 'postgres' ? databaseUrl(dbName) : undefined,
    latencyScale: 0,
    motionIntervalMs: 0,
    // The default market launches KITE a minute in: tests that want it turn this on with their own clock.
    launchCheckIntervalMs: 0,
    transientFailureRate: 0,
    backoffMs: 5,
    logLevel: 'silent',
    // Tests about other things send bursts of requests; limit tests turn them on with small numbers.
    rateLimits: false,
    ...overrides,
  });
  const runtimes: Runtime[] = [];
  let created: Promise<void> | undefined;
  const prepare = (): Promise<void> => (created ??= engine === 'postgres' && config.databaseUrl !== undefined ? createDatabase(dbName) : Promise.resolve());
  return {
    prefix,
    dir,
    engine,
    config,
    prepare,
    async start(opts = {}) {
      await prepare();
      const rt = await createRuntime(config, {
        clock: steppingClock(),
        rng: createRng(7),
        logger: createLogger('silent'),
        ...opts,
      });
      runtimes.push(rt);
      const account = await ensureAccount(rt.storage.kysely, TEST_ACCOUNT_NAME, newId(Date.now()), Date.now());
      testAccounts.set(rt, account.id);
      return rt;
    },
    async cleanup() {
      await Promise.all(runtimes.map((r) => r.close()));
      await deleteKeysByPrefix(prefix);
      if (created !== undefined && engine === 'postgres') await dropDatabase(dbName);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until the order is CONFIRMED or FAILED. */
export async function waitTerminal(rt: Runtime, orderId: string, timeoutMs = 10_000): Promise<OrderView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const o = await rt.storage.orders.find(orderId); // any account's: a test helper, not a client
    if (o && isTerminal(o.status)) return o;
    if (Date.now() > deadline) throw new Error(`order ${orderId} still ${o?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Reads a stream to its end (or until `timeoutMs`). */
export async function collect(stream: AsyncIterable<OrderUpdate>, timeoutMs = 10_000): Promise<OrderUpdate[]> {
  const out: OrderUpdate[] = [];
  const it = stream[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    const r = await Promise.race([
      it.next(),
      new Promise<'timeout'>((resolve) => setTimeout(resolve, Math.max(0, left), 'timeout')),
    ]);
    if (r === 'timeout') {
      await it.return?.();
      throw new Error(`stream did not end within ${timeoutMs} ms; got ${out.map((u) => `${u.seq}:${u.status}`).join(' ')}`);
    }
    if (r.done) return out;
    out.push(r.value);
  }
}

/** Every update published on the all-orders channel, recorded from now on. */
export async function recordPublished(rt: Runtime): Promise<{ updates: OrderUpdate[]; stop(): void }> {
  const updates: OrderUpdate[] = [];
  const stop = await rt.events.subscribe(rt.events.topics.orders, (u) => updates.push(u));
  return { updates, stop };
}

/** The persisted events of one order, in seq order. */
export async function persistedEvents(rt: Runtime, orderId: string): Promise<{ seq: number; status: string; detail: string | null }[]> {
  const events = await rt.storage.orders.eventsBetween(orderId, 0);
  return events.map((u) => ({ seq: u.seq, status: u.status, detail: u.detail ?? null }));
}
