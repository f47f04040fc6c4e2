/**
 * A bounded-memory histogram of signed values (bps), for percentiles over millions of orders.
 *
 * Buckets: 0 exactly; |v| < 1 in linear steps of 0.01; |v| ≥ 1 in geometric steps of 1% (ratio
 * 1.01) up to 10^7, beyond which values share the last bucket. Percentiles are nearest-rank (the
 * smallest value with at least p% of the values at or below it) over the buckets, reported as the
 * bucket's midpoint (geometric above 1) clamped to the exact min and max seen. Error bound: at most
 * 0.005 bps below 1 bps in magnitude, at most 0.5% of the value above (up to 10^7). Count, sum (so
 * the mean), min and max are exact (the sum is a float sum of exact-to-10^-12 values).
 */

const LINEAR = 100;
const RATIO = Math.log(1.01);
const LOG_BUCKETS = Math.ceil(Math.log(1e7) / RATIO);

/** Bucket index of v: 0 for 0, then ±(1 … LINEAR) linear, ±(LINEAR + 1 …) geometric. */
export function bucketOf(v: number): number {
  if (v === 0) return 0;
  const a = Math.abs(v);
  let k: number;
  if (a < 1) k = 1 + Math.min(LINEAR - 1, Math.floor(a * LINEAR));
  else k = 1 + LINEAR + Math.min(LOG_BUCKETS, Math.floor(Math.log(a) / RATIO));
  return v < 0 ? -k : k;
}

/** The value a bucket stands for. */
export function representative(bucket: number): number {
  if (bucket === 0) return 0;
  const k = Math.abs(bucket);
  const mag = k <= LINEAR ? (k - 1 + 0.5) / LINEAR : Math.exp((k - 1 - LINEAR + 0.5) * RATIO);
  return bucket < 0 ? -mag : mag;
}

export interface Distribution {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

export class Histogram {
  private readonly counts = new Map<number, number>();
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  add(v: number): void {
    const b = bucketOf(v);
    this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** Nearest-rank percentile, p in (0, 100]. NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    const buckets = [...this.counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const b of buckets) {
      seen += this.counts.get(b)!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, representative(b)));
    }
    return this.max;
  }

  summary(): Distribution {
    const round = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);
    return {
      count: this.count,
      mean: round(this.count > 0 ? this.sum / this.count : Number.NaN),
      p50: round(this.percentile(50)),
      p95: round(this.percentile(95)),
      p99: round(this.percentile(99)),
      min: round(this.count > 0 ? this.min : Number.NaN),
      max: round(this.count > 0 ? this.max : Number.NaN),
    };
  }
}
