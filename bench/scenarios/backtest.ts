/**
 * Scenario 9, backtest: market orders on the default market through the backtester in process
 * (bench/backtest.ts), beside the router's route searches and the bare domain loop measured in the
 * same run, with the peak heap (results stream, so it should not grow with the order count).
 */
import { benchBacktest } from '../backtest.js';
import type { BenchContext } from '../lib/context.js';
import type { ScenarioResult } from '../lib/results.js';
import { goal, ratio } from '../lib/stats.js';

export async function backtestScenario(ctx: BenchContext, result: ScenarioResult): Promise<ScenarioResult> {
  ctx.log(`backtest: ${ctx.sizes.backtestOrders} market orders in process`);
  const r = await benchBacktest({ orders: ctx.sizes.backtestOrders });
  result.figures['backtest'] = r;
  const perSec = r['ordersPerSec'] as number;
  const route = r['routeSearchBaselinePerSec'] as { directSplit: number; twoHop: number };
  const bare = r['bareDomainLoop'] as { perSec: number; orders: number };
  result.rows.push({
    measure: `backtest orders/s (${r['orders'] as number} market orders)`,
    ours: perSec,
    unit: 'orders/s',
    baselineName: 'route searches/s, direct with split (quoters cached)',
    baseline: route.directSplit,
    ratio: ratio(perSec, route.directSplit),
    goal: goal('backtest orders/s in process', 'atLeast', 100_000, perSec),
  });
  result.rows.push({ measure: 'backtest orders/s', ours: perSec, unit: 'orders/s', baselineName: `bare domain loop (quote + fill, ${bare.orders} orders)`, baseline: bare.perSec, ratio: ratio(perSec, bare.perSec) });
  result.rows.push({ measure: 'backtest peak heap', ours: r['peakHeapMB'] as number, unit: 'MB', baselineName: '', baseline: Number.NaN, ratio: Number.NaN });
  result.notes.push(`Backtest: heap in MB at every 10% of the run: ${(r['heapMBAtEvery10Percent'] as number[]).join(', ')} (flat means results stream).`);
  return result;
}
