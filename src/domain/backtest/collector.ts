import { CSV_HEADER, csvLine } from './csv.js';
import { ReportAggregator, type ExecutionReport } from './report.js';
import type { BacktestSinks, BacktestSummary, OrderResult, SeriesSample } from './results.js';

/**
 * The sinks a stored or printed backtest needs, gathered in one place: the report aggregated as
 * results stream (bounded memory), the time series, the per-order CSV, and (optionally) every
 * result kept for a caller that compares them. Pure: no I/O; the caller stores or writes the
 * outcome once the run ends.
 */

/** A time-series point as JSON carries it: atoms as decimal strings. */
export interface SeriesPoint {
  readonly atMs: number;
  readonly pools: SeriesSample['pools'];
  readonly referenceUsd: SeriesSample['referenceUsd'];
  readonly ordersDone: number;
  readonly fills: number;
  readonly cumulativeSavings: readonly { readonly mint: string; readonly symbol: string; readonly atoms: string }[];
}

/** What a finished run hands over. */
export interface CollectedRun {
  readonly summary: { readonly orders: number; readonly filled: number; readonly events: number; readonly startMs: number; readonly endMs: number; readonly openAtEnd: number };
  readonly report: ExecutionReport;
  readonly series: readonly SeriesPoint[];
  /** Header line, then one line per order. */
  readonly ordersCsv: string;
}

export class BacktestCollector {
  private readonly aggregator: ReportAggregator;
  private readonly series: SeriesPoint[] = [];
  private readonly csv: string[] = [CSV_HEADER];

  constructor(
    startMs: number,
    /** Also called with every result (e.g. a test keeping them). */
    private readonly onResult?: (r: OrderResult) => void,
  ) {
    this.aggregator = new ReportAggregator(startMs);
  }

  /** The sinks to give createBacktest; `onProgress` passes through. */
  sinks(onProgress?: BacktestSinks['onProgress']): BacktestSinks {
    return {
      onResult: (r) => {
        this.aggregator.add(r);
        this.csv.push(csvLine(r));
        this.onResult?.(r);
      },
      onSample: (s) => this.series.push(seriesPoint(s)),
      ...(onProgress ? { onProgress } : {}),
    };
  }

  /** The run's outcome (call once it is done). */
  finish(summary: BacktestSummary): CollectedRun {
    const { market: _market, ...rest } = summary;
    return { summary: rest, report: this.aggregator.report(), series: this.series, ordersCsv: this.csv.join('') };
  }
}

export function seriesPoint(s: SeriesSample): SeriesPoint {
  return { ...s, cumulativeSavings: s.cumulativeSavings.map((c) => ({ mint: c.mint, symbol: c.symbol, atoms: c.atoms.toString() })) };
}
