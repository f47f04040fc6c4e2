import type { BacktestComparison as ComparisonModel } from '../../services/backtests.js';
import type { Delta as DeltaModel } from '../../services/backtest-compare.js';
import { builder } from '../builder.js';
import { backtestsOf } from '../context.js';
import { Backtest } from './backtest.js';

const Delta = builder.objectRef<DeltaModel>('BacktestDelta').implement({
  description: "One figure of two backtests' reports: a, b and b − a.",
  fields: (t) => ({ a: t.exposeFloat('a'), b: t.exposeFloat('b'), delta: t.exposeFloat('delta') }),
});

const BacktestComparison = builder.objectRef<ComparisonModel>('BacktestComparison').implement({
  description: 'Two DONE backtests of one scenario (they differ in router mode at most), figure by figure.',
  fields: (t) => ({
    a: t.field({ type: Backtest, resolve: (c) => c.a }),
    b: t.field({ type: Backtest, resolve: (c) => c.b }),
    fillRate: t.field({ type: Delta, resolve: (c) => c.deltas.fillRate }),
    filled: t.field({ type: Delta, resolve: (c) => c.deltas.filled }),
    meanSlippageBps: t.field({ type: Delta, resolve: (c) => c.deltas.meanSlippageBps }),
    p95SlippageBps: t.field({ type: Delta, resolve: (c) => c.deltas.p95SlippageBps }),
    worstSlippageBps: t.field({ type: Delta, resolve: (c) => c.deltas.worstSlippageBps }),
    meanPriceImpactBps: t.field({ type: Delta, resolve: (c) => c.deltas.meanPriceImpactBps }),
    meanSavingsBps: t.field({ type: Delta, description: 'Savings against the best single venue, mean bps over fills.', resolve: (c) => c.deltas.meanSavingsBps }),
  }),
});

builder.queryField('compareBacktests', (t) =>
  t.field({
    type: BacktestComparison,
    description: 'Report deltas (b − a) of two DONE backtests of one scenario, e.g. SMART against BEST_SINGLE_VENUE.',
    authScopes: { read: true },
    args: { a: t.arg.id({ required: true }), b: t.arg.id({ required: true }) },
    resolve: (_root, { a, b }, ctx) => backtestsOf(ctx).compare(String(a), String(b)),
  }),
);
