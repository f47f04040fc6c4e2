/** Execution-quality figures over the orders the page knows (pure, so it is easy to reason about). */
import { routeVenues, type OrderInfo } from './model.js';

export interface QualityStats {
  readonly total: number;
  readonly open: number;
  readonly confirmed: number;
  readonly failed: number;
  /** confirmed / (confirmed + failed), undefined before any order finished. */
  readonly fillRate: number | undefined;
  readonly avgSlippageBps: number | undefined;
  readonly avgPriceImpactBps: number | undefined;
  readonly avgSavingsBps: number | undefined;
  /** Confirmed orders whose route used each venue (a split order counts for each venue it used). */
  readonly byVenue: ReadonlyMap<string, number>;
  readonly failuresByCode: ReadonlyMap<string, number>;
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

export function qualityStats(orders: readonly OrderInfo[]): QualityStats {
  let confirmed = 0;
  let failed = 0;
  const slippage: number[] = [];
  const impact: number[] = [];
  const savings: number[] = [];
  const byVenue = new Map<string, number>();
  const failuresByCode = new Map<string, number>();
  for (const o of orders) {
    if (o.status === 'FAILED') {
      failed++;
      const code = o.failureCode ?? 'UNKNOWN';
      failuresByCode.set(code, (failuresByCode.get(code) ?? 0) + 1);
    }
    if (o.status !== 'CONFIRMED') continue;
    confirmed++;
    if (o.executedSlippageBps !== null) slippage.push(o.executedSlippageBps);
    if (o.priceImpactBps !== null) impact.push(o.priceImpactBps);
    if (o.savingsBps !== null) savings.push(o.savingsBps);
    for (const v of routeVenues(o.route)) byVenue.set(v, (byVenue.get(v) ?? 0) + 1);
  }
  const finished = confirmed + failed;
  return {
    total: orders.length,
    open: orders.length - finished,
    confirmed,
    failed,
    fillRate: finished === 0 ? undefined : confirmed / finished,
    avgSlippageBps: mean(slippage),
    avgPriceImpactBps: mean(impact),
    avgSavingsBps: mean(savings),
    byVenue,
    failuresByCode,
  };
}
