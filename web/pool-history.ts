/**
 * A pair's price history for its chart: the last HISTORY_WINDOW_MS by time, not a count of points,
 * since emissions come as often as the market moves (every ~250 ms when busy, seldom when quiet).
 * Points are downsampled to one per BUCKET_MS, keeping the latest price of each bucket, which bounds
 * the chart at HISTORY_POINTS points whatever the emission rate. Series are per pool and can be
 * added at any time (a pool listed after the page opened starts with gaps).
 */
import type uPlot from 'uplot';

export const HISTORY_WINDOW_MS = 5 * 60_000;
export const HISTORY_POINTS = 300;
const BUCKET_MS = HISTORY_WINDOW_MS / HISTORY_POINTS;

export class PriceHistory {
  private readonly xs: number[] = []; // epoch seconds, uPlot's time unit
  private readonly ys = new Map<string, number[]>();
  private readonly ids: string[] = [];
  private lastBucket = -1;

  /** Pool ids in series order. */
  get poolIds(): readonly string[] {
    return this.ids;
  }

  has(poolId: string): boolean {
    return this.ys.has(poolId);
  }

  addSeries(poolId: string): void {
    if (this.ys.has(poolId)) return;
    this.ids.push(poolId);
    this.ys.set(poolId, this.xs.map(() => NaN));
  }

  /** Records the prices seen at `nowMs`; a pool missing from `prices` keeps a gap. */
  push(nowMs: number, prices: ReadonlyMap<string, number>): void {
    const bucket = Math.floor(nowMs / BUCKET_MS);
    const x = nowMs / 1000;
    if (bucket === this.lastBucket && this.xs.length > 0) {
      const last = this.xs.length - 1;
      this.xs[last] = x;
      for (const [id, series] of this.ys) series[last] = prices.get(id) ?? series[last] ?? NaN;
    } else {
      this.lastBucket = bucket;
      this.xs.push(x);
      for (const [id, series] of this.ys) series.push(prices.get(id) ?? NaN);
    }
    const cutoff = (nowMs - HISTORY_WINDOW_MS) / 1000;
    let drop = 0;
    while (drop < this.xs.length - 1 && (this.xs[drop] ?? Infinity) < cutoff) drop++;
    if (drop > 0) {
      this.xs.splice(0, drop);
      for (const series of this.ys.values()) series.splice(0, drop);
    }
  }

  get length(): number {
    return this.xs.length;
  }

  /** Seconds between the oldest and newest point kept. */
  spanSeconds(): number {
    return this.xs.length < 2 ? 0 : (this.xs[this.xs.length - 1] ?? 0) - (this.xs[0] ?? 0);
  }

  data(): uPlot.AlignedData {
    return [this.xs, ...this.ids.map((id) => this.ys.get(id) ?? [])];
  }
}
