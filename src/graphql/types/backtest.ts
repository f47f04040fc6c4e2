import type { BacktestResultFiles as BacktestResults, BacktestView as BacktestRecord } from '../../services/backtests.js';
import { ROUTER_MODES } from '../../domain/router-mode.js';
import { InputError } from '../../services/errors.js';
import { builder } from '../builder.js';
import { backtestsOf, type GraphQLContext } from '../context.js';
import { DateTime, JSONScalar } from './scalars.js';

/**
 * Backtests: a scenario run on the domain simulator by the backtest worker. The report keeps the
 * domain report's shape (JSON: all, byPair, byVenue, byType, byHour groups); the headline figures
 * are typed fields beside it. Per-order results are CSV over HTTP at `ordersCsvPath` (the same
 * Bearer key).
 */

export const RouterMode = builder.enumType('RouterMode', {
  values: Object.fromEntries(ROUTER_MODES.map((m) => [m, {}])) as Record<(typeof ROUTER_MODES)[number], object>,
  description: 'SMART: the router over every venue; BEST_SINGLE_VENUE: the better of each venue alone; VENUE_*: one venue only.',
});

export const BacktestStatus = builder.enumType('BacktestStatus', {
  values: {
    QUEUED: { description: 'Stored and waiting for the backtest worker.' },
    RUNNING: { description: 'Being simulated; see progress.' },
    DONE: { description: 'Finished; results stored. Terminal.' },
    FAILED: { description: 'Stopped; see failure. Terminal.' },
  },
});

export const BacktestFailure = builder.objectRef<NonNullable<BacktestRecord['failure']>>('BacktestFailure').implement({
  description: 'Why a backtest failed: a stable code, a public message, the scenario field at fault when one was.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    field: t.string({ nullable: true, resolve: (f) => f.field ?? null }),
  }),
});

// One results read per backtest per request, however many result fields the query selects.
const loaded = new WeakMap<BacktestRecord, Promise<BacktestResults | undefined>>();
function resultsOf(b: BacktestRecord, ctx: GraphQLContext): Promise<BacktestResults | undefined> {
  let p = loaded.get(b);
  if (p === undefined) loaded.set(b, (p = b.status === 'DONE' ? backtestsOf(ctx).results(b.id) : Promise.resolve(undefined)));
  return p;
}
async function reportOf(b: BacktestRecord, ctx: GraphQLContext): Promise<Record<string, any> | undefined> {
  const r = await resultsOf(b, ctx);
  return r && (JSON.parse(r.report) as Record<string, any>);
}

export const Backtest = builder.objectRef<BacktestRecord>('Backtest').implement({
  description: 'A backtest run by this account.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: BacktestStatus, resolve: (b) => b.status }),
    routerMode: t.field({ type: RouterMode, resolve: (b) => b.routerMode as (typeof ROUTER_MODES)[number] }),
    percent: t.float({ description: 'Simulated time done, 0..100 (at the last progress write).', resolve: (b) => Math.round(b.progress * 10_000) / 100 }),
    ordersDone: t.exposeInt('ordersDone'),
    createdAt: t.field({ type: DateTime, resolve: (b) => b.createdAt }),
    startedAt: t.field({ type: DateTime, nullable: true, resolve: (b) => b.startedAt ?? null }),
    finishedAt: t.field({ type: DateTime, nullable: true, resolve: (b) => b.finishedAt ?? null }),
    failure: t.field({ type: BacktestFailure, nullable: true, resolve: (b) => b.failure ?? null }),
    scenario: t.field({ type: JSONScalar, description: 'The scenario as run (router mode, orders or strategy included).', resolve: (b) => JSON.parse(b.scenario) }),
    summary: t.field({
      type: JSONScalar,
      nullable: true,
      description: 'Once DONE: orders, filled, events, startMs, endMs, openAtEnd.',
      resolve: (b) => (b.summary === undefined ? null : JSON.parse(b.summary)),
    }),
    report: t.field({
      type: JSONScalar,
      nullable: true,
      description: 'Once DONE: the execution report (groups all, byPair, byVenue, byType, byHour; counts, fill rate, slippage and price impact distributions, savings, fees, failures).',
      resolve: async (b, _a, ctx) => (await reportOf(b, ctx)) ?? null,
    }),
    series: t.field({
      type: JSONScalar,
      nullable: true,
      description: 'Once DONE: time series samples (atMs, pool prices, reference USD prices, orders done, fills, cumulative savings in atoms per mint).',
      resolve: async (b, _a, ctx) => {
        const r = await resultsOf(b, ctx);
        return r ? JSON.parse(r.series) : null;
      },
    }),
    fillRate: t.float({ nullable: true, description: 'Once DONE: filled / (filled + failed).', resolve: async (b, _a, ctx) => (await reportOf(b, ctx))?.['all'].fillRate ?? null }),
    meanSlippageBps: t.float({ nullable: true, resolve: async (b, _a, ctx) => (await reportOf(b, ctx))?.['all'].slippageBps.mean ?? null }),
    meanSavingsBps: t.float({
      nullable: true,
      description: 'Against the best single venue, mean over fills.',
      resolve: async (b, _a, ctx) => (await reportOf(b, ctx))?.['all'].savings.meanBps ?? null,
    }),
    ordersCsvPath: t.string({ description: 'Per-order results as CSV (once DONE), with the same Bearer key.', resolve: (b) => `/backtests/${b.id}/orders.csv` }),
  }),
});

const StrategyInput = builder.inputType('BacktestStrategyInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'TWAP, ICEBERG or MEAN_REVERSION.' }),
    params: t.field({ type: JSONScalar, description: "The strategy's parameters (an object)." }),
  }),
});

export const RunBacktestInput = builder.inputType('RunBacktestInput', {
  fields: (t) => ({
    scenario: t.field({
      type: JSONScalar,
      required: true,
      description: 'market ("default" or a spec), seed, duration, motion, launches, latency, sampleInterval; see examples/scenarios.',
    }),
    orders: t.field({ type: [JSONScalar], description: 'The orders to replay (or give a strategy): { at, type, tokenIn, tokenOut, amountIn, … }.' }),
    strategy: t.field({ type: StrategyInput }),
    routerMode: t.field({ type: RouterMode, required: true, defaultValue: 'SMART' }),
  }),
});

builder.queryField('backtest', (t) =>
  t.field({
    type: Backtest,
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => (await backtestsOf(ctx).get(String(id))) ?? null,
  }),
);

builder.mutationField('runBacktest', (t) =>
  t.field({
    type: Backtest,
    description: 'Checks the scenario whole (a bad one is a coded error naming the field, and nothing is stored), stores the backtest QUEUED and queues it.',
    authScopes: { trade: true },
    args: { input: t.arg({ type: RunBacktestInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      if (input.strategy != null && input.orders != null) throw new InputError('SCENARIO_INVALID', 'input.orders', 'give either orders or a strategy');
      return backtestsOf(ctx).run({
        scenario: input.scenario,
        orders: input.orders ?? null,
        strategy: input.strategy ? { name: input.strategy.name, params: input.strategy.params ?? {} } : null,
        routerMode: input.routerMode,
      });
    },
  }),
);
