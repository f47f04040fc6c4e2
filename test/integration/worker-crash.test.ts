/**
 * Worker crashes, for real: worker processes SIGKILLed while an order waits for its confirmation.
 * After one crash BullMQ hands the stalled job to another worker, which fills the order exactly
 * once. After a second crash BullMQ gives the job up, and the reconciler records the order FAILED
 * (INTERNAL_ERROR): it still ends, once.
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

const prefix = uniquePrefix('crash');
const dir = mkdtempSync(join(tmpdir(), 'oee-crash-'));
const dbPath = join(dir, 'orders.sqlite');
const running: MainProcess[] = [];

afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await Promise.all(running.map((p) => p.exited));
  await deleteKeysByPrefix(prefix);
  rmSync(dir, { recursive: true, force: true });
});

const base = {
  REDIS_URL: TEST_REDIS_URL,
  KEY_PREFIX: prefix,
  DATABASE_PATH: dbPath,
  QUOTE_LATENCY_MS: '0',
  BUILD_LATENCY_MS: '0',
  SUBMIT_LATENCY_MS: '0',
  LATENCY_JITTER_MS: '0',
  TRANSIENT_FAILURE_RATE: '0',
  MOTION_INTERVAL_MS: '0',
  // A dead worker's job is back in the queue about a second later.
  STALLED_INTERVAL_MS: '1000',
  RECONCILE_INTERVAL_MS: '200',
  RECONCILE_GRACE_MS: '500',
  LOG_LEVEL: 'info',
};
/** Confirmation never comes in time: the order sits in SUBMITTED until the process is killed. */
const STUCK = { CONFIRM_LATENCY_MS: '600000' };
const FAST = { CONFIRM_LATENCY_MS: '0' };

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  for (const end = Date.now() + ms; ; ) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function start(role: 'api' | 'worker', env: Record<string, string>): MainProcess {
  const p = spawnMain(role, { ...base, ...env });
  running.push(p);
  return p;
}

async function started(w: MainProcess): Promise<void> {
  await until('worker start', () => (w.output().includes('"worker started"') ? true : w.child.exitCode !== null ? Promise.reject(new Error(w.output())) : undefined));
}

async function kill(p: MainProcess): Promise<void> {
  p.child.kill('SIGKILL');
  await p.exited;
}

function events(orderId: string): { seq: number; status: string }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT seq, status FROM order_events WHERE order_id = ? ORDER BY seq').all(orderId) as { seq: number; status: string }[];
  } finally {
    db.close();
  }
}

describe('worker processes killed mid-order', () => {
  it('one crash: another worker takes the stalled job over and fills it once; two crashes: FAILED once', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    start('api', { ...FAST, PORT: String(port) });
    await waitForHealth(url, 30_000);
    await keyForProcesses(url, base);
    const status = async (id: string) => ok(await gql(url, OrderDocument, { id })).order?.status;
    const submit = async (clientOrderId: string) =>
      ok(await gql(url, SubmitMarketOrderDocument, { input: { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1', slippageBps: 300, clientOrderId } }))
        .submitMarketOrder.id;

    // One crash.
    const w1 = start('worker', STUCK);
    await started(w1);
    const once = await submit(`${prefix}-once`);
    await until('SUBMITTED', async () => ((await status(once)) === 'SUBMITTED' ? true : undefined));
    await kill(w1);
    const w2 = start('worker', FAST);
    await until('CONFIRMED after the takeover', async () => ((await status(once)) === 'CONFIRMED' ? true : undefined));
    expect(events(once)).toEqual(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'CONFIRMED'].map((s, i) => ({ seq: i + 1, status: s })));
    await kill(w2);

    // Two crashes: the second stall makes BullMQ fail the job; a third worker's reconciler ends it.
    const w3 = start('worker', STUCK);
    await started(w3);
    const twice = await submit(`${prefix}-twice`);
    await until('SUBMITTED', async () => ((await status(twice)) === 'SUBMITTED' ? true : undefined));
    await kill(w3);
    const w4 = start('worker', STUCK);
    // It has taken the stalled job over once it logs its route for the order.
    await until('the takeover', () => (w4.output().split('\n').some((l) => l.includes(twice) && l.includes('route chosen')) ? true : undefined));
    await kill(w4);
    const w5 = start('worker', STUCK);
    await until('FAILED', async () => ((await status(twice)) === 'FAILED' ? true : undefined));
    const failed = ok(await gql(url, OrderDocument, { id: twice })).order;
    expect(failed).toMatchObject({ status: 'FAILED', failureCode: 'INTERNAL_ERROR' });
    expect(failed?.failureMessage).toMatch(/stopped twice/);
    expect(events(twice).map((e) => e.status)).toEqual(['PENDING', 'ROUTING', 'BUILDING', 'SUBMITTED', 'FAILED']);
    // The reconciler logs after its commit, and the line crosses a pipe: the API can show FAILED
    // before this process has read the line, so wait for it rather than expect it already here.
    await until('the reconciler log line', () => (w5.output().includes('recorded FAILED') ? true : undefined));
  }, 120_000);
});
