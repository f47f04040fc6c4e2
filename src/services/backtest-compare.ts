/**
 * Two backtests' reports side by side: the figures a trader compares (fill rate, slippage, price
 * impact, savings against the best single venue), each as a, b and b − a.
 */
import type { ExecutionReport } from '../domain/backtest/report.js';

export interface Delta {
  readonly a: number;
  readonly b: number;
  /** b − a */
  readonly delta: number;
}

export interface ReportComparison {
  readonly fillRate: Delta;
  readonly filled: Delta;
  readonly meanSlippageBps: Delta;
  readonly p95SlippageBps: Delta;
  readonly worstSlippageBps: Delta;
  readonly meanPriceImpactBps: Delta;
  readonly meanSavingsBps: Delta;
}

const delta = (a: number, b: number): Delta => ({ a, b, delta: Math.round((b - a) * 1e8) / 1e8 });

export function compareReports(a: ExecutionReport, b: ExecutionReport): ReportComparison {
  return {
    fillRate: delta(a.all.fillRate, b.all.fillRate),
    filled: delta(a.all.filled, b.all.filled),
    meanSlippageBps: delta(a.all.slippageBps.mean, b.all.slippageBps.mean),
    p95SlippageBps: delta(a.all.slippageBps.p95, b.all.slippageBps.p95),
    worstSlippageBps: delta(a.all.slippageBps.max, b.all.slippageBps.max),
    meanPriceImpactBps: delta(a.all.priceImpactBps.mean, b.all.priceImpactBps.mean),
    meanSavingsBps: delta(a.all.savings.meanBps, b.all.savings.meanBps),
  };
}
