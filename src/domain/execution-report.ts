/**
 * Rolls the database's report cells (db/execution-report.ts: per pair × venue mix × type × hour ×
 * status …, counts, sums, min, max and histogram bucket counts) up into the report's groups, in the
 * backtest report's shape (backtest/report.ts) so a live report and a backtest's compare field by
 * field. The work here is bounded by the number of cells and buckets, never by the orders.
 *
 * Live-only additions per group: `inFlight` (orders still PENDING…SUBMITTED) and `stageMs` (time
 * in each lifecycle stage: pending = accepted or triggered → ROUTING, routing → BUILDING, building
 * → SUBMITTED, submitted → ended). Live orders are never REJECTED (a refused order is not stored),
 * so `rejected` is 0. byHour keys name the hour of creation (the service: its UTC start, ISO),
 * where a backtest's are hours since its start.
 */
import { representative, type Distribution } from './backtest/histogram.js';
import type { GroupReport } from './backtest/report.js';

export const REPORT_STAGES = ['pending', 'routing', 'building', 'submitted'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];
export const REPORT_METRICS = ['slippage', 'impact', ...REPORT_STAGES] as const;
export type ReportMetric = (typeof REPORT_METRICS)[number];

export interface MetricAgg {
  readonly count: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
}

/** The grouping keys of a cell and of a histogram row. */
/** The grouping keys of a cell: pair, venue mix and type (hour null), or the hour alone (the rest null). */
export interface CellKey {
  readonly tokenIn: string | null;
  readonly tokenOut: string | null;
  readonly venues: string | null;
  readonly type: string | null;
  /** Hours since the epoch of the orders' creation. */
  readonly hour: number | null;
}

export interface Cell extends CellKey {
  readonly mintOut: string;
  readonly status: string;
  readonly failureCode: string | null;
  readonly orders: number;
  readonly slippage: MetricAgg;
  readonly impact: MetricAgg;
  readonly savingsBps: MetricAgg;
  readonly savingsAtoms: bigint;
  readonly fees: readonly { readonly mint: string; readonly atoms: bigint }[];
  readonly stages: Readonly<Record<ReportStage, MetricAgg>>;
}

export interface BucketCount extends CellKey {
  readonly bucket: number;
  readonly count: number;
}

export interface StageTimes {
  readonly count: number;
  readonly meanMs: number | null;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

export interface LiveGroupReport extends Omit<GroupReport, 'slippageBps' | 'priceImpactBps'> {
  readonly inFlight: number;
  readonly slippageBps: NullableDistribution;
  readonly priceImpactBps: NullableDistribution;
  readonly stageMs: Readonly<Record<ReportStage, StageTimes>>;
}

/** A Distribution whose figures are null when it is empty (JSON has no NaN). */
export type NullableDistribution = { readonly [K in keyof Distribution]: K extends 'count' ? number : number | null };

export interface LiveExecutionReport {
  readonly all: LiveGroupReport;
  readonly byPair: Readonly<Record<string, LiveGroupReport>>;
  readonly byVenue: Readonly<Record<string, LiveGroupReport>>;
  readonly byType: Readonly<Record<string, LiveGroupReport>>;
  readonly byHour: Readonly<Record<string, LiveGroupReport>>;
  readonly percentileMethod: string;
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

class Acc {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  readonly buckets = new Map<number, number>();
  add(a: MetricAgg): void {
    if (a.count === 0) return;
    this.count += a.count;
    this.sum += a.sum;
    if (a.min !== null && a.min < this.min) this.min = a.min;
    if (a.max !== null && a.max > this.max) this.max = a.max;
  }
  /** Nearest rank over the buckets, the bucket's value clamped to the exact min and max (histogram.ts). */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b)!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, representative(b)));
    }
    return this.max;
  }
  distribution(): NullableDistribution {
    const r = (x: number | null) => (x === null ? null : round4(x));
    const empty = this.count === 0;
    return {
      count: this.count,
      mean: empty ? null : r(this.sum / this.count),
      p50: r(this.percentile(50)),
      p95: r(this.percentile(95)),
      p99: r(this.percentile(99)),
      min: empty ? null : r(this.min),
      max: empty ? null : r(this.max),
    };
  }
  stage(): StageTimes {
    const r = (x: number | null) => (x === null ? null : round4(x));
    return { count: this.count, meanMs: this.count === 0 ? null : r(this.sum / this.count), p50Ms: r(this.percentile(50)), p99Ms: r(this.percentile(99)) };
  }
}

const sumInto = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);

class Group {
  readonly counts = new Map<string, number>();
  orders = 0;
  readonly metrics = new Map<ReportMetric, Acc>(REPORT_METRICS.map((m) => [m, new Acc()]));
  savingsBpsSum = 0;
  savingsCount = 0;
  readonly savingsAtoms = new Map<string, bigint>();
  readonly fees = new Map<string, bigint>();
  readonly failures = new Map<string, number>();

  add(c: Cell): void {
    this.orders += c.orders;
    this.counts.set(c.status, (this.counts.get(c.status) ?? 0) + c.orders);
    if (c.status === 'FAILED') this.failures.set(c.failureCode ?? 'UNKNOWN', (this.failures.get(c.failureCode ?? 'UNKNOWN') ?? 0) + c.orders);
    this.metrics.get('slippage')!.add(c.slippage);
    this.metrics.get('impact')!.add(c.impact);
    for (const s of REPORT_STAGES) this.metrics.get(s)!.add(c.stages[s]);
    if (c.savingsBps.count > 0) {
      this.savingsBpsSum += c.savingsBps.sum;
      this.savingsCount += c.savingsBps.count;
      sumInto(this.savingsAtoms, c.mintOut, c.savingsAtoms);
    }
    for (const f of c.fees) sumInto(this.fees, f.mint, f.atoms);
  }

  addBucket(metric: ReportMetric, bucket: number, count: number): void {
    const b = this.metrics.get(metric)!.buckets;
    b.set(bucket, (b.get(bucket) ?? 0) + count);
  }

  report(): LiveGroupReport {
    const n = (s: string) => this.counts.get(s) ?? 0;
    const filled = n('CONFIRMED');
    const failed = n('FAILED');
    const reached = filled + failed;
    const sorted = <V, R>(m: Map<string, V>, f: (v: V) => R) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, f(v)]));
    return {
      orders: this.orders,
      filled,
      failed,
      rejected: 0,
      expired: n('EXPIRED'),
      cancelled: n('CANCELLED'),
      open: n('OPEN'),
      inFlight: n('PENDING') + n('ROUTING') + n('BUILDING') + n('SUBMITTED'),
      fillRate: reached > 0 ? Math.round((filled / reached) * 1e6) / 1e6 : 0,
      slippageBps: this.metrics.get('slippage')!.distribution(),
      priceImpactBps: this.metrics.get('impact')!.distribution(),
      savings: {
        meanBps: this.savingsCount > 0 ? round4(this.savingsBpsSum / this.savingsCount) : 0,
        fillsCompared: this.savingsCount,
        atomsByMint: sorted(this.savingsAtoms, (v) => v.toString()),
      },
      feesByMint: sorted(this.fees, (v) => v.toString()),
      failuresByCode: sorted(this.failures, (v) => v),
      stageMs: Object.fromEntries(REPORT_STAGES.map((s) => [s, this.metrics.get(s)!.stage()])) as Record<ReportStage, StageTimes>,
    };
  }
}

/** The keys of the groups a cell belongs to: its hour's, or all and its pair's, venue mix's and type's. */
function keysOf(k: CellKey): { all: string | null; pair: string | null; venue: string | null; type: string | null; hour: string | null } {
  if (k.hour !== null) return { all: null, pair: null, venue: null, type: null, hour: String(k.hour) };
  return { all: '', pair: `${k.tokenIn}/${k.tokenOut}`, venue: k.venues, type: k.type, hour: null };
}

export const PERCENTILE_METHOD =
  'histogram in SQL with the backtest report\'s fixed buckets (0.01 wide below 1, 1% geometric above), nearest rank over the bucket counts, the bucket\'s value clamped to the exact min and max; error ≤ 0.005 below 1, ≤ 0.5% of the value above; count, mean, min and max exact';

/**
 * The report of `cells` with the percentiles of `buckets` (per metric): the cells and buckets by
 * pair, venue mix and type make all, byPair, byVenue and byType; those by hour make byHour.
 */
export function rollUpReport(
  cells: readonly Cell[],
  buckets: ReadonlyMap<ReportMetric, readonly BucketCount[]>,
  /** byHour's key for hours since the epoch (the caller formats dates; default: the number). */
  hourName: (hour: number) => string = String,
): LiveExecutionReport {
  const all = new Group();
  const maps = { pair: new Map<string, Group>(), venue: new Map<string, Group>(), type: new Map<string, Group>(), hour: new Map<string, Group>() };
  const groupsOf = (k: CellKey): Group[] => {
    const keys = keysOf(k);
    const out = keys.all === null ? [] : [all];
    for (const dim of ['pair', 'venue', 'type', 'hour'] as const) {
      const key = keys[dim];
      if (key === null) continue;
      let g = maps[dim].get(key);
      if (g === undefined) maps[dim].set(key, (g = new Group()));
      out.push(g);
    }
    return out;
  };
  for (const c of cells) for (const g of groupsOf(c)) g.add(c);
  for (const [metric, rows] of buckets) for (const r of rows) for (const g of groupsOf(r)) g.addBucket(metric, r.bucket, r.count);
  const out = (m: Map<string, Group>, key: (k: string) => string = (k) => k) =>
    Object.fromEntries([...m.keys()].sort(m === maps.hour ? (a, b) => Number(a) - Number(b) : undefined).map((k) => [key(k), m.get(k)!.report()]));
  return { all: all.report(), byPair: out(maps.pair), byVenue: out(maps.venue), byType: out(maps.type), byHour: out(maps.hour, (k) => hourName(Number(k))), percentileMethod: PERCENTILE_METHOD };
}
