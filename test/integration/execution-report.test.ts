/**
 * executionReport and the per-order export on the file's engine (TEST_ENGINE): known orders written
 * through the real storage port (insert, then each transition with its fill or failure, as the
 * worker writes them) give exact counts, fill rate, slippage figures, savings, fees, stage times and
 * failure codes; each filter narrows; another account's orders never show (query and export); a
 * filter with from after to is a coded error and nothing else; the CSV streams the right rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionReportDocument } from '../../src/client/graphql.js';
import { Histogram } from '../../src/domain/backtest/histogram.js';
import type { OrderFill, OrderView } from '../../src/domain/order-view.js';
import type { Route, RouteLeg } from '../../src/domain/route.js';
import { requireToken, type Token } from '../../src/domain/tokens.js';
import type { VenueId } from '../../src/domain/venues/pool.js';
import { orderInput, startTestApp, submit, type TestApp } from '../helpers/app.js';
import { gqlAs, ok } from '../helpers/gql.js';
import { waitTerminal } from '../helpers/runtime.js';

const SOL = requireToken('SOL');
const USDC = requireToken('USDC');
const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const HOUR = 3_600_000;

let t: TestApp;
let alice: string;
let bob: string;
let aliceAccount: string;
let bobAccount: string;

const route = (tokenIn: Token, tokenOut: Token, amountIn: bigint, amountOut: bigint): Route => ({
  kind: 'DIRECT',
  tokenIn: tokenIn.symbol,
  tokenOut: tokenOut.symbol,
  amountIn,
  amountOut,
  legs: [],
  steps: [],
  priceImpactPpm: 0,
  alternatives: [],
  bestSingleVenueOut: undefined,
  savingsBps: 0,
});

const leg = (venue: VenueId, tokenIn: Token, tokenOut: Token): RouteLeg => ({
  venue,
  poolId: `${venue}-pool`,
  hop: 0,
  mintIn: tokenIn.mint,
  mintOut: tokenOut.mint,
  amountIn: 1n,
  amountOut: 1n,
  fee: 0n,
  shareBps: 10_000,
});

let n = 0;
interface Spec {
  readonly account: string;
  readonly at: number;
  readonly tokenIn?: Token;
  readonly tokenOut?: Token;
  readonly type?: OrderView['type'];
  readonly quoted: bigint;
  readonly fill?: { readonly out: bigint; readonly best?: bigint; readonly venues: VenueId[]; readonly fee: bigint; readonly impactPpm: number };
  readonly failure?: 'SLIPPAGE_EXCEEDED' | 'NO_ROUTE';
  /** Leave it OPEN (a resting conditional order). */
  readonly open?: boolean;
}

/** Stores an order and walks it as the worker does: ROUTING +5 ms, BUILDING +20, SUBMITTED +40, end +400. */
async function seed(s: Spec): Promise<void> {
  const tokenIn = s.tokenIn ?? SOL;
  const tokenOut = s.tokenOut ?? USDC;
  const id = `01JREPORT${String(++n).padStart(17, '0')}`;
  const view: OrderView = {
    id,
    accountId: s.account,
    clientOrderId: `r-${n}`,
    status: s.open ? 'OPEN' : 'PENDING',
    type: s.type ?? 'MARKET',
    seq: 1,
    tokenIn,
    tokenOut,
    amountIn: 1000n,
    slippageBps: 100,
    quotedAmountOut: s.quoted,
    minAmountOut: (s.quoted * 99n) / 100n,
    quotedRoute: route(tokenIn, tokenOut, 1000n, s.quoted),
    attempts: 0,
    fill: undefined,
    failureCode: undefined,
    failureMessage: undefined,
    createdAt: s.at,
    updatedAt: s.at,
  };
  const orders = t.runtime.storage.orders;
  await orders.insert(view, 'accepted');
  if (s.open) return;
  if (s.failure === 'NO_ROUTE') {
    await orders.transition(id, s.at + 5, () => ({ status: 'FAILED', detail: 'no route', failureCode: 'NO_ROUTE', failureMessage: 'no route' }));
    return;
  }
  for (const [status, dt] of [['ROUTING', 5], ['BUILDING', 20], ['SUBMITTED', 40]] as const) await orders.transition(id, s.at + dt, () => ({ status, detail: status }));
  if (s.failure !== undefined) {
    await orders.transition(id, s.at + 400, () => ({ status: 'FAILED', detail: 'failed', failureCode: s.failure, failureMessage: 'failed' }));
    return;
  }
  const f = s.fill!;
  const fill: OrderFill = {
    amountOut: f.out,
    legs: f.venues.map((v) => leg(v, tokenIn, tokenOut)),
    fees: [{ mint: tokenIn.mint, amount: f.fee }],
    priceImpactPpm: f.impactPpm,
    slippageBps: 0,
    txHash: `tx-${n}`,
    ...(f.best === undefined ? {} : { bestSingleVenueOut: f.best }),
  };
  await orders.transition(id, s.at + 400, () => ({ status: 'CONFIRMED', detail: 'filled', fill }));
}

const report = async (key: string, filter: Record<string, unknown> = {}) => ok(await gqlAs(t.url, key, ExecutionReportDocument, { filter })).executionReport;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  t = await startTestApp('execution-report');
  alice = (await t.runtime.auth.createKey({ name: 'rep-alice', scopes: ['read'] })).key;
  bob = (await t.runtime.auth.createKey({ name: 'rep-bob', scopes: ['read'] })).key;
  const keys = await t.runtime.auth.listKeys();
  aliceAccount = keys.find((k) => k.name === 'rep-alice')!.accountId;
  bobAccount = keys.find((k) => k.name === 'rep-bob')!.accountId;
  const A = aliceAccount;
  // Hour 0: three SOL→USDC fills.
  await seed({ account: A, at: T0, quoted: 10_000n, fill: { out: 9_990n, best: 9_980n, venues: ['RAYDIUM'], fee: 30n, impactPpm: 500 } });
  await seed({ account: A, at: T0 + 1000, quoted: 10_000n, fill: { out: 10_000n, best: 10_000n, venues: ['METEORA'], fee: 20n, impactPpm: 100 } });
  await seed({ account: A, at: T0 + 2000, quoted: 20_000n, fill: { out: 19_900n, venues: ['RAYDIUM', 'METEORA'], fee: 40n, impactPpm: 2000 } });
  // Hour 1: two USDC→SOL failures.
  await seed({ account: A, at: T0 + HOUR, tokenIn: USDC, tokenOut: SOL, quoted: 1000n, failure: 'SLIPPAGE_EXCEEDED' });
  await seed({ account: A, at: T0 + HOUR + 1000, tokenIn: USDC, tokenOut: SOL, quoted: 1000n, failure: 'NO_ROUTE' });
  // Hour 2: a USDC→SOL fill worse than the best single venue, and a resting limit order.
  await seed({ account: A, at: T0 + 2 * HOUR, tokenIn: USDC, tokenOut: SOL, quoted: 1000n, fill: { out: 999n, best: 1000n, venues: ['METEORA'], fee: 7n, impactPpm: 300 } });
  await seed({ account: A, at: T0 + 2 * HOUR + 1000, tokenIn: USDC, tokenOut: SOL, quoted: 1000n, type: 'LIMIT', open: true });
  // Bob's orders, which Alice must never see.
  for (let i = 0; i < 3; i++) await seed({ account: bobAccount, at: T0 + i, quoted: 10_000n, fill: { out: 5_000n, best: 9_000n, venues: ['RAYDIUM'], fee: 999n, impactPpm: 9000 } });
});
afterAll(async () => {
  await t?.stop();
});

describe('executionReport', () => {
  it('gives exact counts, fill rate, slippage, savings, fees, stage times and failures for known orders', async () => {
    const r = await report(alice);
    const all = (r.report as any).all;
    expect(r).toMatchObject({ orders: 7, filled: 4, failed: 2, fillRate: 0.666667, meanSlippageBps: 17.5, p99SlippageBps: 50, meanSavingsBps: expect.any(Number) });
    expect(all).toMatchObject({ orders: 7, filled: 4, failed: 2, rejected: 0, expired: 0, cancelled: 0, open: 1, inFlight: 0 });
    // Slippage over the fills: 10, 0, 50, 10 bps. Mean, min, max exact; percentiles by the
    // backtest histogram's method (the same figure a backtest gives for these values).
    const h = new Histogram();
    for (const v of [10, 0, 50, 10]) h.add(v);
    expect(all.slippageBps).toEqual({ ...h.summary() });
    expect(all.slippageBps).toMatchObject({ count: 4, mean: 17.5, min: 0, max: 50, p99: 50 });
    expect(Math.abs(all.slippageBps.p50 - 10)).toBeLessThanOrEqual(10 * 0.005);
    expect(all.priceImpactBps).toMatchObject({ count: 4, mean: 7.25, min: 1, max: 20 });
    // Savings vs the best single venue: +10 atoms (10.02004008 bps), 0, and −1 atom of SOL (−10 bps); the split fill had none.
    expect(all.savings).toEqual({ meanBps: Math.round(((10.02004008 + 0 - 10) / 3) * 1e4) / 1e4, fillsCompared: 3, atomsByMint: { [SOL.mint]: '-1', [USDC.mint]: '10' } });
    expect(all.feesByMint).toEqual({ [SOL.mint]: '90', [USDC.mint]: '7' });
    expect(all.failuresByCode).toEqual({ NO_ROUTE: 1, SLIPPAGE_EXCEEDED: 1 });
    // Stages: every fill spent 5, 15, 20 and 360 ms; the SLIPPAGE_EXCEEDED failure the same up to SUBMITTED.
    expect(all.stageMs.pending).toEqual({ count: 5, meanMs: 5, p50Ms: 5, p99Ms: 5 });
    expect(all.stageMs.routing).toEqual({ count: 5, meanMs: 15, p50Ms: 15, p99Ms: 15 });
    expect(all.stageMs.building).toEqual({ count: 5, meanMs: 20, p50Ms: 20, p99Ms: 20 });
    expect(all.stageMs.submitted).toEqual({ count: 5, meanMs: 360, p50Ms: 360, p99Ms: 360 });
    // Groups: by pair, venue mix, type and UTC hour of creation.
    const rep = r.report as any;
    expect(Object.keys(rep.byPair)).toEqual(['SOL/USDC', 'USDC/SOL']);
    expect(rep.byPair['SOL/USDC']).toMatchObject({ orders: 3, filled: 3, failed: 0, fillRate: 1 });
    expect(rep.byPair['USDC/SOL']).toMatchObject({ orders: 4, filled: 1, failed: 2, open: 1, fillRate: 0.333333 });
    expect(Object.keys(rep.byVenue)).toEqual(['METEORA', 'RAYDIUM', 'RAYDIUM+METEORA']);
    expect(rep.byVenue.METEORA).toMatchObject({ orders: 2, filled: 2 });
    expect(rep.byType).toMatchObject({ MARKET: { orders: 6 }, LIMIT: { orders: 1, open: 1 } });
    expect(Object.keys(rep.byHour)).toEqual([iso(T0), iso(T0 + HOUR), iso(T0 + 2 * HOUR)]);
    expect(rep.byHour[iso(T0 + HOUR)]).toMatchObject({ orders: 2, failed: 2, failuresByCode: { NO_ROUTE: 1, SLIPPAGE_EXCEEDED: 1 } });
  });

  it('narrows by each filter', async () => {
    expect((await report(alice, { pair: 'USDC/SOL' })).orders).toBe(4);
    expect((await report(alice, { venue: 'RAYDIUM' })).orders).toBe(2);
    expect((await report(alice, { venue: 'METEORA' })).orders).toBe(3);
    expect((await report(alice, { orderType: 'LIMIT' })).orders).toBe(1);
    expect((await report(alice, { status: 'FAILED' })).orders).toBe(2);
    expect((await report(alice, { status: 'CONFIRMED' })).filled).toBe(4);
    expect((await report(alice, { from: iso(T0 + HOUR), to: iso(T0 + HOUR + 1000) })).orders).toBe(2);
    expect((await report(alice, { from: iso(T0 + 2 * HOUR) })).orders).toBe(2);
    expect((await report(alice, { to: iso(T0 + 1000) })).orders).toBe(2);
    const both = await report(alice, { pair: 'SOL/USDC', venue: 'RAYDIUM', status: 'CONFIRMED' });
    expect(both.orders).toBe(2);
  });

  it("never shows another account's orders", async () => {
    const r = await report(bob);
    expect(r.orders).toBe(3);
    expect((r.report as any).all.feesByMint).toEqual({ [SOL.mint]: '2997' });
    expect((await report(alice)).orders).toBe(7);
  });

  it('refuses from after to with RANGE_INVERTED on filter.from, and nothing else', async () => {
    const res = await gqlAs(t.url, alice, ExecutionReportDocument, { filter: { from: iso(T0 + 1), to: iso(T0) } });
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'RANGE_INVERTED', field: 'filter.from' });
  });

  it('codes unknown names in the filter', async () => {
    for (const [filter, code, field] of [
      [{ pair: 'SOL/NOPE' }, 'UNKNOWN_PAIR', 'filter.pair'],
      [{ pair: 'SOLUSDC' }, 'UNKNOWN_PAIR', 'filter.pair'],
      [{ venue: 'ORCA' }, 'UNKNOWN_VENUE', 'filter.venue'],
      [{ orderType: 'ICEBERG' }, 'UNKNOWN_ORDER_TYPE', 'filter.orderType'],
      [{ status: 'DONE' }, 'UNKNOWN_STATUS', 'filter.status'],
    ] as const) {
      const res = await gqlAs(t.url, alice, ExecutionReportDocument, { filter });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code, field });
    }
  });

  it('needs a key', async () => {
    const res = await gqlAs(t.url, null, ExecutionReportDocument, {});
    expect(res.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });
});

describe('an order the worker fills', () => {
  it('lands in the report with its slippage, savings, fees and every stage time (the fill transaction writes them)', async () => {
    const order = await submit(t, orderInput());
    await waitTerminal(t.runtime, order.id);
    const r = await report(t.key);
    const all = (r.report as any).all;
    expect(all).toMatchObject({ orders: 1, filled: 1, failed: 0, fillRate: 1 });
    expect(all.slippageBps.count).toBe(1);
    expect(all.priceImpactBps.count).toBe(1);
    expect(all.savings.fillsCompared).toBe(1);
    expect(Object.keys(all.feesByMint)).toEqual([SOL.mint]);
    for (const stage of ['pending', 'routing', 'building', 'submitted']) expect(all.stageMs[stage].count).toBe(1);
    expect(Object.keys((r.report as any).byVenue)).toHaveLength(1);
  });
});

describe('the export', () => {
  const get = (path: string, key: string | null) => fetch(`${t.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  it("streams the filter's orders as CSV with its header, the caller's only", async () => {
    const res = await get(`/reports/orders.csv?pair=SOL/USDC`, alice);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-length')).toBeNull();
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'id,clientOrderId,type,status,tokenIn,tokenOut,amountIn,quotedAmountOut,amountOut,bestSingleVenueOut,venues,slippageBps,priceImpactBps,savingsBps,failureCode,createdAt,triggeredAt,routingAt,buildingAt,submittedAt,endedAt',
    );
    expect(lines).toHaveLength(4);
    const first = lines[1]!.split(',');
    expect(first.slice(2, 15)).toEqual(['MARKET', 'CONFIRMED', 'SOL', 'USDC', '1000', '10000', '9990', '9980', 'RAYDIUM', '10', '5', '10.02004008', '']);
    expect(first.slice(15)).toEqual([iso(T0), '', iso(T0 + 5), iso(T0 + 20), iso(T0 + 40), iso(T0 + 400)]);
    const all = (await (await get('/reports/orders.csv', alice)).text()).trimEnd().split('\n');
    expect(all).toHaveLength(8);
    const bobs = (await (await get('/reports/orders.csv', bob)).text()).trimEnd().split('\n');
    expect(bobs).toHaveLength(4);
    expect(bobs.slice(1).every((l) => l.includes(',5000,'))).toBe(true);
  });

  it('streams the same rows as a JSON array', async () => {
    const res = await get(`/reports/orders.json?status=FAILED`, alice);
    expect(res.status).toBe(200);
    const rows = (await res.json()) as Record<string, unknown>[];
    expect(rows.map((r) => r['failureCode'])).toEqual(['SLIPPAGE_EXCEEDED', 'NO_ROUTE']);
  });

  it('answers a bad filter, a missing key and a key without read with coded errors', async () => {
    const inverted = await get(`/reports/orders.csv?from=${iso(T0 + 1)}&to=${iso(T0)}`, alice);
    expect(inverted.status).toBe(400);
    expect(((await inverted.json()) as any).errors[0].extensions).toEqual({ code: 'RANGE_INVERTED', field: 'filter.from' });
    const badTime = await get(`/reports/orders.csv?from=yesterday`, alice);
    expect(((await badTime.json()) as any).errors[0].extensions).toEqual({ code: 'INVALID_ARGUMENT', field: 'filter.from' });
    expect((await get('/reports/orders.csv', null)).status).toBe(401);
    const { key: tradeOnly } = await t.runtime.auth.createKey({ name: 'rep-trade', scopes: ['trade'] });
    expect((await get('/reports/orders.csv', tradeOnly)).status).toBe(403);
  });
});
