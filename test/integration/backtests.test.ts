/**
 * Backtests end to end on the file's engine (TEST_ENGINE): the repository's compare-and-set states,
 * and the API over real HTTP and graphql-ws: run → progress → DONE with the report, series and CSV;
 * two router modes of one scenario compared in one query; a bad scenario refused with a coded
 * error naming the field and nothing stored; another account can neither read, list, compare,
 * subscribe to nor download a backtest; a late subscriber sees the current state, then the end; a
 * scenario that fails in the worker ends FAILED with its public reason.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BacktestDocument, BacktestsDocument, BacktestUpdatesDocument, CompareBacktestsDocument, RunBacktestDocument } from '../../src/client/graphql.js';
import { newId } from '../../src/db/ids.js';
import { BACKTEST_ATTEMPTS, RUN_BACKTEST_JOB } from '../../src/jobs/backtest-queue.js';
import { processBacktest, sweepBacktests } from '../../src/jobs/backtest-worker.js';
import { createLogger } from '../../src/logger.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { gqlAs, ok, subscribe, wsClient } from '../helpers/gql.js';

const example = JSON.parse(readFileSync(new URL('../../examples/scenarios/order-list.json', import.meta.url), 'utf8')) as Record<string, unknown>;
// A shorter copy of the order-list example: the same orders' first 40, over 10 simulated minutes.
const { orders: allOrders, routerMode: _mode, ...scenario } = { ...example, duration: '10m' } as unknown as Record<string, unknown> & { orders: { at: string }[] };
const orders = allOrders.slice(0, 40);

let t: TestApp;
let alice: string;
let bob: string;
beforeAll(async () => {
  t = await startTestApp('backtests', { runtime: { backtestProgressMs: 0 } });
  alice = (await t.runtime.auth.createKey({ name: 'bt-alice', scopes: ['read', 'trade'] })).key;
  bob = (await t.runtime.auth.createKey({ name: 'bt-bob', scopes: ['read', 'trade'] })).key;
});
afterAll(async () => {
  await t?.stop();
});

const run = async (key: string, routerMode: 'SMART' | 'BEST_SINGLE_VENUE') =>
  ok(await gqlAs(t.url, key, RunBacktestDocument, { input: { scenario, orders, routerMode } })).runBacktest;

async function untilDone(key: string, id: string) {
  const sub = subscribe(wsClient(t.url, key), BacktestUpdatesDocument, { id });
  await sub.done;
  return sub.events.map((e) => e.backtestUpdates);
}

describe('the repository', () => {
  it('moves a backtest QUEUED → RUNNING → DONE once, stores the results with it, and refuses to move an ended one', async () => {
    const repo = t.runtime.storage.backtests;
    const accountId = (await t.runtime.auth.listKeys()).find((k) => k.name === 'bt-alice')!.accountId;
    const id = newId(Date.now());
    const queued = await repo.insert({ id, accountId, scenario: '{}', routerMode: 'SMART', createdAt: 1 });
    expect(queued).toMatchObject({ status: 'QUEUED', progress: 0, attempts: 0, failure: undefined });
    expect((await repo.start(id, 2))?.status).toBe('RUNNING');
    expect(await repo.progress(id, 0.5, 7)).toBe(true);
    expect(await repo.finish(id, 3, '{"orders":7}', 7, { report: '{"r":1}', series: '[]', ordersCsv: 'a\n' })).toBe(true);
    expect(await repo.finish(id, 4, '{}', 0, { report: '{}', series: '[]', ordersCsv: '' })).toBe(false);
    expect(await repo.fail(id, 5, { code: 'X', message: 'm', field: undefined })).toBe(false);
    expect(await repo.start(id, 6)).toBeUndefined();
    expect(await repo.find(id)).toMatchObject({ status: 'DONE', progress: 1, ordersDone: 7, summary: '{"orders":7}', startedAt: 2, finishedAt: 3 });
    expect(await repo.results(id)).toEqual({ report: '{"r":1}', series: '[]', ordersCsv: 'a\n' });
  });
});

describe('runBacktest over HTTP and graphql-ws', () => {
  let smart: string;
  let single: string;

  it('runs a backtest to DONE, with progress, and gives its report, series and per-order CSV', async () => {
    const queued = await run(alice, 'SMART');
    expect(queued.status).toBe('QUEUED');
    smart = queued.id;
    const updates = await untilDone(alice, smart);
    expect(updates.at(-1)).toMatchObject({ status: 'DONE', percent: 100, ordersDone: 40 });
    const percents = updates.map((u) => u.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    const b = ok(await gqlAs(t.url, alice, BacktestDocument, { id: smart })).backtest!;
    expect(b).toMatchObject({ status: 'DONE', routerMode: 'SMART', ordersDone: 40, fillRate: 1 });
    expect((b.report as { all: { orders: number } }).all.orders).toBe(40);
    expect((b.series as unknown[]).length).toBeGreaterThan(5);
    const csv = await fetch(`${t.url}${b.ordersCsvPath}`, { headers: { authorization: `Bearer ${alice}` } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines).toHaveLength(41);
    expect(lines[0]).toMatch(/^clientOrderId,type,status/);
  });

  it('compares SMART with BEST_SINGLE_VENUE on one scenario in one query', async () => {
    single = (await run(alice, 'BEST_SINGLE_VENUE')).id;
    await untilDone(alice, single);
    const c = ok(await gqlAs(t.url, alice, CompareBacktestsDocument, { a: single, b: smart })).compareBacktests;
    expect(c.a.routerMode).toBe('BEST_SINGLE_VENUE');
    expect(c.b.routerMode).toBe('SMART');
    expect(c.meanSavingsBps.delta).toBeCloseTo(c.meanSavingsBps.b - c.meanSavingsBps.a, 6);
    // Smart routing never does worse than the best single venue against that same benchmark.
    expect(c.meanSavingsBps.b).toBeGreaterThanOrEqual(c.meanSavingsBps.a);
  });

  it('lists backtests newest first as a connection', async () => {
    const page = ok(await gqlAs(t.url, alice, BacktestsDocument, { first: 1 })).backtests;
    expect(page.edges.map((e) => e.node.id)).toEqual([single]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = ok(await gqlAs(t.url, alice, BacktestsDocument, { first: 5, after: page.pageInfo.endCursor })).backtests;
    // Then SMART, then the repository test's row (created at 1 ms).
    expect(next.edges.map((e) => e.node.id)).toEqual([smart, expect.any(String)]);
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('hides a backtest from another account on every path', async () => {
    expect(ok(await gqlAs(t.url, bob, BacktestDocument, { id: smart })).backtest).toBeNull();
    expect(ok(await gqlAs(t.url, bob, BacktestsDocument, { first: 10 })).backtests.edges).toEqual([]);
    const compared = await gqlAs(t.url, bob, CompareBacktestsDocument, { a: single, b: smart });
    expect(compared.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const sub = subscribe(wsClient(t.url, bob), BacktestUpdatesDocument, { id: smart });
    await sub.done.catch(() => undefined);
    expect(sub.events).toEqual([]);
    expect(JSON.stringify(sub.errors)).toContain('NOT_FOUND');
    const csv = await fetch(`${t.url}/backtests/${smart}/orders.csv`, { headers: { authorization: `Bearer ${bob}` } });
    expect(csv.status).toBe(404);
    expect((await fetch(`${t.url}/backtests/${smart}/orders.csv`)).status).toBe(401);
  });

  it('a late subscriber gets the current state first, then the end', async () => {
    const updates = await untilDone(alice, smart);
    expect(updates).toEqual([expect.objectContaining({ status: 'DONE', percent: 100, ordersDone: 40 })]);
  });

  it('refuses a bad scenario with a coded error naming the field, and stores nothing', async () => {
    const before = ok(await gqlAs(t.url, alice, BacktestsDocument, { first: 100 })).backtests.edges.length;
    const cases: [Record<string, unknown>, unknown[] | undefined, string, string][] = [
      [{ ...scenario, seed: -1 }, orders, 'SEED_INVALID', 'input.scenario.seed'],
      [{ ...scenario, duration: '90d' }, orders, 'DURATION_OUT_OF_RANGE', 'input.scenario.duration'],
      [scenario, [{ ...orders[0], tokenIn: 'NOPE' }], 'UNKNOWN_TOKEN', 'input.orders[0].tokenIn'],
    ];
    for (const [sc, list, code, field] of cases) {
      const r = await gqlAs(t.url, alice, RunBacktestDocument, { input: { scenario: sc, orders: list, routerMode: 'SMART' } });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code, field });
    }
    const strategy = await gqlAs(t.url, alice, RunBacktestDocument, { input: { scenario, strategy: { name: 'TWAP', params: { tokenIn: 'SOL', tokenOut: 'USDC', totalAmount: '1', slices: 0, duration: '1m' } }, routerMode: 'SMART' } });
    expect(strategy.errors?.[0]?.extensions).toMatchObject({ code: 'STRATEGY_PARAM_OUT_OF_RANGE', field: 'input.strategy.params.slices' });
    expect(ok(await gqlAs(t.url, alice, BacktestsDocument, { first: 100 })).backtests.edges.length).toBe(before);
    expect(await t.runtime.backtestQueue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 });
  });

  it('a scenario that fails in the worker ends FAILED with its public reason', async () => {
    const accountId = (await t.runtime.auth.listKeys()).find((k) => k.name === 'bt-alice')!.accountId;
    const id = newId(Date.now());
    // Stored past the API's checks (as an older version could have): the worker meets the bad seed.
    await t.runtime.storage.backtests.insert({ id, accountId, scenario: JSON.stringify({ ...scenario, seed: 'x', orders }), routerMode: 'SMART', createdAt: Date.now() });
    const sub = subscribe(wsClient(t.url, alice), BacktestUpdatesDocument, { id });
    await sub.until((events) => events.length >= 1);
    await t.runtime.backtestQueue.add(RUN_BACKTEST_JOB, { backtestId: id }, { jobId: id });
    await sub.done;
    expect(sub.events.at(-1)?.backtestUpdates).toMatchObject({ status: 'FAILED', failure: { code: 'SEED_INVALID', field: 'scenario.seed' } });
    expect(ok(await gqlAs(t.url, alice, BacktestDocument, { id })).backtest).toMatchObject({ status: 'FAILED', failure: { code: 'SEED_INVALID' } });
  });

  it('a run whose worker died is never left RUNNING: restarted once, then FAILED; one whose job vanished is swept FAILED', async () => {
    const repo = t.runtime.storage.backtests;
    const accountId = (await t.runtime.auth.listKeys()).find((k) => k.name === 'bt-alice')!.accountId;
    const deps = { backtests: repo, pubsub: t.runtime.pubsub, clock: Date.now, logger: createLogger('silent') };
    const body = JSON.stringify({ ...scenario, orders: orders.slice(0, 3), routerMode: 'SMART' });
    // Started as many times as a job may run (each start a worker that died): the next delivery ends it.
    const crashed = newId(Date.now());
    await repo.insert({ id: crashed, accountId, scenario: body, routerMode: 'SMART', createdAt: Date.now() });
    for (let i = 0; i < BACKTEST_ATTEMPTS; i++) await repo.start(crashed, Date.now());
    await processBacktest(deps, crashed);
    expect(await repo.find(crashed)).toMatchObject({ status: 'FAILED', failure: { code: 'INTERRUPTED' } });
    // Restarted once after a crash: it runs again from the start and ends DONE.
    const retried = newId(Date.now());
    await repo.insert({ id: retried, accountId, scenario: body, routerMode: 'SMART', createdAt: Date.now() });
    await repo.start(retried, Date.now());
    await processBacktest(deps, retried);
    expect(await repo.find(retried)).toMatchObject({ status: 'DONE', attempts: 2, ordersDone: 3 });
    // RUNNING with no job in Redis (lost with its data): the start-up sweep ends it.
    const orphan = newId(Date.now());
    await repo.insert({ id: orphan, accountId, scenario: body, routerMode: 'SMART', createdAt: 1 });
    await repo.start(orphan, 2);
    expect(await sweepBacktests(deps, t.runtime.backtestQueue)).toBeGreaterThanOrEqual(1);
    expect(await repo.find(orphan)).toMatchObject({ status: 'FAILED', failure: { code: 'INTERRUPTED' } });
  });
});
