import type { LiveExecutionReport } from '../../services/execution-report.js';
import { builder } from '../builder.js';
import { reportsOf } from '../context.js';
import { DateTime, JSONScalar } from './scalars.js';

/**
 * The live execution report over the caller's account's orders, computed in the database. `report`
 * has the backtest report's shape (Backtest.report: all, byPair, byVenue, byType, byHour groups)
 * so the two compare field by field, plus per group `inFlight` and `stageMs`; the headline figures
 * are typed fields beside it, as on Backtest. Per-order rows: /reports/orders.csv (and .json) with
 * the same filter as query parameters and the same Bearer key.
 */

const ReportFilterInput = builder.inputType('ExecutionReportFilter', {
  fields: (t) => ({
    from: t.field({ type: DateTime, description: 'Orders created at or after this.' }),
    to: t.field({ type: DateTime, description: 'Orders created at or before this (RANGE_INVERTED when before from).' }),
    pair: t.string({ description: 'TOKENIN/TOKENOUT symbols, e.g. "SOL/USDC" (directed).' }),
    venue: t.string({ description: 'RAYDIUM or METEORA: fills that used that venue, alone or in a split.' }),
    orderType: t.string({ description: 'MARKET, LIMIT, STOP or SNIPER.' }),
    status: t.string({ description: 'An order status, e.g. CONFIRMED.' }),
  }),
});

export const ExecutionReport = builder.objectRef<LiveExecutionReport>('ExecutionReport').implement({
  description: "Execution quality over the caller's account's orders in the filter.",
  fields: (t) => ({
    report: t.field({
      type: JSONScalar,
      description:
        'Groups all, byPair, byVenue, byType, byHour (UTC hour of creation): counts, fill rate, slippage vs quote and price impact distributions (bps), savings vs the best single venue (mean bps, atoms per mint), fees per mint (atoms), failures by code, stage times (ms, p50/p99).',
      resolve: (r) => r,
    }),
    orders: t.int({ resolve: (r) => r.all.orders }),
    filled: t.int({ resolve: (r) => r.all.filled }),
    failed: t.int({ resolve: (r) => r.all.failed }),
    fillRate: t.float({ description: 'filled / (filled + failed).', resolve: (r) => r.all.fillRate }),
    meanSlippageBps: t.float({ nullable: true, resolve: (r) => r.all.slippageBps.mean }),
    p99SlippageBps: t.float({ nullable: true, resolve: (r) => r.all.slippageBps.p99 }),
    meanSavingsBps: t.float({ description: 'Against the best single venue, mean over fills.', resolve: (r) => r.all.savings.meanBps }),
    percentileMethod: t.exposeString('percentileMethod'),
  }),
});

builder.queryField('executionReport', (t) =>
  t.field({
    type: ExecutionReport,
    authScopes: { read: true },
    args: { filter: t.arg({ type: ReportFilterInput }) },
    resolve: (_root, { filter }, ctx) => {
      const f = filter ?? {};
      return reportsOf(ctx).report({
        from: f.from == null ? null : Number(f.from),
        to: f.to == null ? null : Number(f.to),
        pair: f.pair ?? null,
        venue: f.venue ?? null,
        orderType: f.orderType ?? null,
        status: f.status ?? null,
      });
    },
  }),
);
