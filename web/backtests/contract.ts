/** What the Backtests view needs from the server, in the page's own shapes (backend.ts implements it). */
import type { RouterModeName } from './examples.js';

export type BacktestStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';

export interface BacktestFailureInfo {
  readonly code: string;
  readonly message: string;
  readonly field: string | null;
}

export interface BacktestRow {
  readonly id: string;
  readonly status: BacktestStatus;
  readonly routerMode: string;
  readonly percent: number;
  readonly ordersDone: number;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly failure: BacktestFailureInfo | null;
  readonly ordersCsvPath: string;
  /** Estimated ms left, from the progress stream (while RUNNING). */
  readonly etaMs?: number | null;
}

/** A DONE run's results as the server stores them (JSON: report, series, summary). */
export interface BacktestDetail extends BacktestRow {
  readonly report: unknown;
  readonly series: unknown;
  readonly summary: unknown;
  readonly fillRate: number | null;
  readonly meanSlippageBps: number | null;
  readonly meanSavingsBps: number | null;
}

export interface Delta {
  readonly a: number;
  readonly b: number;
  readonly delta: number;
}

export interface Comparison {
  readonly a: { readonly id: string; readonly routerMode: string };
  readonly b: { readonly id: string; readonly routerMode: string };
  readonly rows: readonly (readonly [label: string, delta: Delta, unit: 'pct' | 'bps' | 'count'])[];
}

export interface BacktestProgress {
  readonly backtestId: string;
  readonly status: BacktestStatus;
  readonly percent: number;
  readonly ordersDone: number;
  readonly etaMs: number | null;
  readonly failure: BacktestFailureInfo | null;
}

export interface BacktestsBackend {
  run(scenario: unknown, routerMode: RouterModeName): Promise<BacktestRow>;
  list(first: number): Promise<BacktestRow[]>;
  detail(id: string): Promise<BacktestDetail | null>;
  compare(a: string, b: string): Promise<Comparison>;
  /** The run's current state first, then its progress until DONE or FAILED. */
  updates(id: string, onProgress: (p: BacktestProgress) => void, onError: (err: unknown) => void): () => void;
}
