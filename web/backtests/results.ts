/**
 * Reads a DONE backtest's stored JSON (report, series) into what the view shows. The server's JSON
 * scalar is untyped on the page's side, so every field is checked here and a missing one reads as
 * absent rather than breaking the view. Chart values become Numbers: they are pixels, not amounts.
 */

export interface Distribution {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface ReportFigures {
  readonly orders: number;
  readonly filled: number;
  readonly failed: number;
  readonly open: number;
  readonly fillRate: number;
  readonly slippage: Distribution | undefined;
  readonly impact: Distribution | undefined;
  readonly savingsMeanBps: number | undefined;
  /** Atoms by mint, as the server wrote them. */
  readonly feesByMint: Readonly<Record<string, string>>;
  readonly savingsAtomsByMint: Readonly<Record<string, string>>;
  readonly failuresByCode: Readonly<Record<string, number>>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const strings = (v: unknown): Record<string, string> => (isObj(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {});
const counts = (v: unknown): Record<string, number> => (isObj(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number')) : {});

function distribution(v: unknown): Distribution | undefined {
  if (!isObj(v) || num(v['count']) === 0) return undefined;
  return { count: num(v['count']), mean: num(v['mean']), p50: num(v['p50']), p95: num(v['p95']), p99: num(v['p99']), max: num(v['max']) };
}

/** The report's `all` group. */
export function reportFigures(report: unknown): ReportFigures | undefined {
  const all = isObj(report) ? report['all'] : undefined;
  if (!isObj(all)) return undefined;
  const savings = isObj(all['savings']) ? all['savings'] : {};
  return {
    orders: num(all['orders']),
    filled: num(all['filled']),
    failed: num(all['failed']),
    open: num(all['open']),
    fillRate: num(all['fillRate']),
    slippage: distribution(all['slippageBps']),
    impact: distribution(all['priceImpactBps']),
    savingsMeanBps: num(savings['fillsCompared']) > 0 ? num(savings['meanBps']) : undefined,
    feesByMint: strings(all['feesByMint']),
    savingsAtomsByMint: strings(savings['atomsByMint']),
    failuresByCode: counts(all['failuresByCode']),
  };
}

export interface SeriesCharts {
  /** Seconds since the run's start. */
  readonly t: number[];
  /** The most-sampled pair's price per pool (e.g. SOL/USDC on each venue). */
  readonly pair: string | undefined;
  readonly pools: readonly { readonly label: string; readonly venue: string; readonly price: (number | null)[] }[];
  readonly fills: number[];
}

/** Price per pool of one pair, and fills, over the run. */
export function seriesCharts(series: unknown): SeriesCharts {
  const samples = Array.isArray(series) ? series.filter(isObj) : [];
  const t0 = num(samples[0]?.['atMs']);
  const t = samples.map((s) => (num(s['atMs']) - t0) / 1000);
  // The pair with the most pools in the first sample: the one both venues trade.
  const byPair = new Map<string, { poolId: string; venue: string }[]>();
  const first = Array.isArray(samples[0]?.['pools']) ? (samples[0]!['pools'] as unknown[]).filter(isObj) : [];
  for (const p of first) {
    const pair = String(p['pair']);
    byPair.set(pair, [...(byPair.get(pair) ?? []), { poolId: String(p['poolId']), venue: String(p['venue']) }]);
  }
  let pair: string | undefined;
  for (const [name, list] of byPair) if (pair === undefined || list.length > (byPair.get(pair)?.length ?? 0) || name === 'SOL/USDC') pair = name;
  const pools = (pair === undefined ? [] : byPair.get(pair)!).map(({ poolId, venue }) => ({
    label: `${venue} ${pair}`,
    venue,
    price: samples.map((s) => {
      const found = Array.isArray(s['pools']) ? (s['pools'] as unknown[]).filter(isObj).find((p) => p['poolId'] === poolId) : undefined;
      const v = found === undefined ? Number.NaN : Number(found['price']);
      return Number.isFinite(v) ? v : null;
    }),
  }));
  return { t, pair, pools, fills: samples.map((s) => num(s['fills'])) };
}

/** "2 m 05 s" from ms, for an ETA. */
export function formatEta(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s left`;
  return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s left`;
}
