/**
 * Small, dependency-free statistics for the benchmark. Percentiles use the nearest-rank method on a
 * sorted copy: with the sample sizes here (hundreds to millions) interpolation changes nothing that
 * matters, and nearest-rank always returns a value that was actually observed.
 */

/** Nearest-rank percentile (p in [0, 100]) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile p must be within [0, 100], got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return percentileOfSorted(sorted, p);
}

/** Same as percentile() for data that is already sorted ascending (avoids re-sorting big arrays). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest rank: the smallest value with at least p% of the data at or below it.
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  // The true median for even counts: repeated runs are few (3-5), so the midpoint matters.
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p99: percentileOfSorted(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
  };
}

/**
 * ours / baseline. NaN (not 0 or Infinity) when either side is missing or the baseline is zero, so a
 * broken measurement can never pass a goal by accident.
 */
export function ratio(ours: number, baseline: number): number {
  if (!Number.isFinite(ours) || !Number.isFinite(baseline) || baseline <= 0 || ours < 0) return Number.NaN;
  return ours / baseline;
}

/** Rate per second of `count` events over `ms` milliseconds; NaN for an empty or negative window. */
export function perSecond(count: number, ms: number): number {
  if (!(ms > 0) || !Number.isFinite(count)) return Number.NaN;
  return (count * 1000) / ms;
}

export type GoalKind = 'atLeast' | 'atMost';

export interface Goal {
  readonly name: string;
  readonly kind: GoalKind;
  readonly target: number;
  readonly actual: number;
  readonly pass: boolean;
}

/** A goal on a ratio; NaN never passes. */
export function goal(name: string, kind: GoalKind, target: number, actual: number): Goal {
  const pass = Number.isFinite(actual) && (kind === 'atLeast' ? actual >= target : actual <= target);
  return { name, kind, target, actual, pass };
}

/** Rounds for display and JSON: 3 significant decimals for small figures, integers for big ones. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const abs = Math.abs(x);
  if (abs >= 100) return Math.round(x);
  if (abs >= 1) return Math.round(x * 100) / 100;
  return Math.round(x * 1000) / 1000;
}
