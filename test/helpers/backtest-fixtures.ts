import type { BacktestProgress, BacktestSummary, OrderResult, SeriesSample } from '../../src/domain/backtest/results.js';
import { runBacktest } from '../../src/domain/backtest/run.js';


export interface Collected {
  readonly results: OrderResult[];
  readonly samples: SeriesSample[];
  readonly progress: BacktestProgress[];
  readonly summary: BacktestSummary;
}

/** Runs a scenario and keeps everything it streamed (tests only: small runs). */
export function collect(input: Record<string, unknown>): Collected {
  const results: OrderResult[] = [];
  const samples: SeriesSample[] = [];
  const progress: BacktestProgress[] = [];
  const summary = runBacktest(input, { onResult: (r) => results.push(r), onSample: (s) => samples.push(s), onProgress: (p) => progress.push(p) });
  return { results, samples, progress, summary };
}

export const byId = (results: readonly OrderResult[]): Map<string, OrderResult> => new Map(results.map((r) => [r.clientOrderId, r]));

/** JSON with bigints as strings: a byte-for-byte comparable rendering. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Map ? [...v] : v));
}
