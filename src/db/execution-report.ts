/**
 * The execution report's queries, written once for both engines (SQL both accept: integer
 * division truncating toward zero, ln, floor, CASE). Everything is aggregated in the database:
 *
 * - `cells`: a grouped scan of the account's orders in the filter, by (pair, venue mix, order type)
 *   or by hour of creation, each plus status, failure code and fee mints. Every figure in it
 *   (counts, sums, min, max) rolls up exactly into the report's groups (domain/execution-report.ts),
 *   and there are few cells whatever the number of orders.
 * - `histogram`: per metric, counts per (cell key, bucket) with the fixed buckets of the backtest's
 *   histogram (domain/backtest/histogram.ts: 0.01 wide below 1, 1% geometric above), computed by
 *   the same formula in SQL. Percentiles are nearest rank over those counts, so the live report
 *   and a backtest's give the same figure for the same values, on either engine.
 * - `rows`: the per-order export, a keyset page at a time (created_at, id), so an export streams
 *   without holding the account's orders.
 *
 * Atom sums are taken in two halves (x / 10^9 and x % 10^9, both truncating toward zero, so
 * hi·10^9 + lo = x exactly) so neither SQLite's int64 sum nor anything else can overflow over
 * millions of orders; the caller joins them as bigints.
 */
import { sql, type Compilable, type Expression, type Kysely, type SqlBool } from 'kysely';
import { REPORT_METRICS, REPORT_STAGES, type BucketCount, type Cell, type CellKey, type MetricAgg, type ReportMetric, type ReportStage } from '../domain/execution-report.js';
import type { Database } from './schema.js';

export interface ReportQueryRunner {
  all<R>(query: Compilable<R>): Promise<R[]>;
}

/** What the report reads; every field optional but the account. Times are ms since epoch, inclusive. */
export interface ReportFilter {
  readonly accountId: string;
  readonly from?: number;
  readonly to?: number;
  /** Symbols; a pair is directed (tokenIn/tokenOut), as the backtest's byPair. */
  readonly tokenIn?: string;
  readonly tokenOut?: string;
  /** Fills that used this venue (alone or in a mix). */
  readonly venue?: string;
  readonly type?: string;
  readonly status?: string;
}

export type { MetricAgg } from '../domain/execution-report.js';
export const STAGES = REPORT_STAGES;
type Stage = ReportStage;

/** key: by pair, venue mix and type (the all, byPair, byVenue, byType groups); hour: by hour of creation. */
export type CellGrouping = 'key' | 'hour';

export const HISTOGRAM_METRICS = REPORT_METRICS;
export type HistogramMetric = ReportMetric;

/** One order as the export writes it. */
export interface ReportRow {
  readonly id: string;
  readonly clientOrderId: string;
  readonly type: string;
  readonly status: string;
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly quotedAmountOut: string;
  readonly amountOut: string | null;
  readonly bestSingleVenueOut: string | null;
  readonly venues: string | null;
  readonly slippageBps: number | null;
  readonly priceImpactBps: number | null;
  readonly savingsBps: number | null;
  readonly failureCode: string | null;
  readonly createdAt: number;
  readonly triggeredAt: number | null;
  readonly routingAt: number | null;
  readonly buildingAt: number | null;
  readonly submittedAt: number | null;
  readonly endedAt: number | null;
}

export interface ReportRepository {
  cells(filter: ReportFilter, by: CellGrouping): Promise<Cell[]>;
  histogram(filter: ReportFilter, metric: HistogramMetric, by: CellGrouping): Promise<BucketCount[]>;
  /** Up to `limit` orders in (createdAt, id) order, strictly after `after`. */
  rows(filter: ReportFilter, limit: number, after?: { readonly createdAt: number; readonly id: string }): Promise<ReportRow[]>;
}

const HOUR_MS = 3_600_000;

/** A stage's duration in ms (null until both ends are stamped). */
const STAGE_SQL: Readonly<Record<Stage, string>> = {
  pending: 'routing_at - coalesce(triggered_at, created_at)',
  routing: 'building_at - routing_at',
  building: 'submitted_at - building_at',
  submitted: 'ended_at - submitted_at',
};

const METRIC_SQL: Readonly<Record<HistogramMetric, string>> = { slippage: 'fill_slippage_bps', impact: 'impact_bps', ...STAGE_SQL };

/**
 * histogram.ts's bucketOf in SQL: 0 → 0; |v| < 1 → ±(1 + min(99, floor(|v|·100))); else
 * ±(101 + min(1620, floor(ln|v| / ln 1.01))).
 */
function bucketSql(v: string): string {
  const a = `abs(${v})`;
  const k = `(case when ${a} < 1 then 1 + (case when floor(${a} * 100) > 99 then 99 else floor(${a} * 100) end)
    else 101 + (case when floor(ln(${a}) / ln(1.01)) > 1620 then 1620 else floor(ln(${a}) / ln(1.01)) end) end)`;
  return `cast((case when (${v}) = 0 then 0 when (${v}) < 0 then -${k} else ${k} end) as integer)`;
}

/** The grouping columns of each kind of cell. */
const KEY_COLUMNS = {
  select: 'token_in_symbol as t_in, token_out_symbol as t_out, venues, type',
  group: 'token_in_symbol, token_out_symbol, venues, type',
};
const HOUR_KEY = { select: `created_at / ${HOUR_MS} as hour`, group: `created_at / ${HOUR_MS}` };

function keyOf(r: Record<string, unknown>, by: CellGrouping): CellKey {
  if (by === 'hour') return { tokenIn: null, tokenOut: null, venues: null, type: null, hour: Number(r['hour']) };
  return { tokenIn: String(r['t_in']), tokenOut: String(r['t_out']), venues: (r['venues'] as string | null) ?? null, type: String(r['type']), hour: null };
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** Joins the two halves of a split atom sum. */
const atoms = (hi: unknown, lo: unknown): bigint => BigInt(String(hi ?? 0)) * 1_000_000_000n + BigInt(String(lo ?? 0));

function agg(prefix: string, expr: string): string {
  return `count(${expr}) as ${prefix}_n, coalesce(sum(${expr}), 0) as ${prefix}_sum, min(${expr}) as ${prefix}_min, max(${expr}) as ${prefix}_max`;
}
function readAgg(r: Record<string, unknown>, prefix: string): MetricAgg {
  return { count: num(r[`${prefix}_n`]), sum: num(r[`${prefix}_sum`]), min: numOrNull(r[`${prefix}_min`]), max: numOrNull(r[`${prefix}_max`]) };
}
const split = (prefix: string, col: string) => `sum(${col} / 1000000000) as ${prefix}_hi, sum(${col} % 1000000000) as ${prefix}_lo`;

export function reportRepository(kysely: Kysely<Database>, runner: ReportQueryRunner): ReportRepository {
  /** The account's orders in the filter: each condition matches an index led by account_id. */
  const filtered = (f: ReportFilter) => {
    let q = kysely.selectFrom('orders').where('account_id', '=', f.accountId);
    if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
    if (f.to !== undefined) q = q.where('created_at', '<=', f.to);
    if (f.tokenIn !== undefined) q = q.where('token_in_symbol', '=', f.tokenIn);
    if (f.tokenOut !== undefined) q = q.where('token_out_symbol', '=', f.tokenOut);
    if (f.venue !== undefined) q = q.where('venues', 'in', [f.venue, 'RAYDIUM+METEORA']);
    if (f.type !== undefined) q = q.where('type', '=', f.type);
    if (f.status !== undefined) q = q.where('status', '=', f.status);
    return q;
  };
  return {
    async cells(f, by) {
      // The pair/venue/type keys and the hour are grouped apart: together they would multiply into
      // nearly one cell per order over a long range.
      const keys = by === 'key' ? KEY_COLUMNS : HOUR_KEY;
      const select = [
        `${keys.select}, token_out_mint as m_out, status, failure_code, fee_mint_1, fee_mint_2, fee_mint_3, count(*) as n`,
        agg('slip', 'fill_slippage_bps'),
        agg('imp', 'impact_bps'),
        agg('sav', 'savings_bps'),
        split('sava', 'savings_atoms'),
        split('fee1', 'fee_atoms_1'),
        split('fee2', 'fee_atoms_2'),
        split('fee3', 'fee_atoms_3'),
        ...STAGES.map((s) => agg(`st_${s}`, `(${STAGE_SQL[s]})`)),
      ].join(', ');
      const q = filtered(f)
        .select(sql.raw(select) as never)
        .groupBy(sql.raw(`${keys.group}, token_out_mint, status, failure_code, fee_mint_1, fee_mint_2, fee_mint_3`) as never);
      const rows = (await runner.all(q)) as unknown as Record<string, unknown>[];
      return rows.map((r) => {
        const fees: { mint: string; atoms: bigint }[] = [];
        for (const i of [1, 2, 3]) {
          const mint = r[`fee_mint_${i}`];
          if (typeof mint === 'string') fees.push({ mint, atoms: atoms(r[`fee${i}_hi`], r[`fee${i}_lo`]) });
        }
        return {
          ...keyOf(r, by),
          mintOut: String(r['m_out']),
          status: String(r['status']),
          failureCode: (r['failure_code'] as string | null) ?? null,
          orders: num(r['n']),
          slippage: readAgg(r, 'slip'),
          impact: readAgg(r, 'imp'),
          savingsBps: readAgg(r, 'sav'),
          savingsAtoms: atoms(r['sava_hi'], r['sava_lo']),
          fees,
          stages: Object.fromEntries(STAGES.map((s) => [s, readAgg(r, `st_${s}`)])) as Record<Stage, MetricAgg>,
        };
      });
    },
    async histogram(f, metric, by) {
      const v = `(${METRIC_SQL[metric]})`;
      const b = bucketSql(v);
      const keys = by === 'key' ? KEY_COLUMNS : HOUR_KEY;
      const q = filtered(f)
        .where(sql.raw(`${v} is not null`) as unknown as Expression<SqlBool>)
        .select(sql.raw(`${keys.select}, ${b} as bucket, count(*) as n`) as never)
        .groupBy(sql.raw(`${keys.group}, bucket`) as never);
      const rows = (await runner.all(q)) as unknown as Record<string, unknown>[];
      return rows.map((r) => ({ ...keyOf(r, by), bucket: num(r['bucket']), count: num(r['n']) }));
    },
    async rows(f, limit, after) {
      let q = filtered(f).select([
        'id',
        'client_order_id',
        'type',
        'status',
        'token_in_symbol',
        'token_out_symbol',
        'amount_in',
        'quoted_amount_out',
        'amount_out',
        'best_single_out',
        'venues',
        'fill_slippage_bps',
        'impact_bps',
        'savings_bps',
        'failure_code',
        'created_at',
        'triggered_at',
        'routing_at',
        'building_at',
        'submitted_at',
        'ended_at',
      ]);
      if (after) q = q.where((eb) => eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)])]));
      const rows = await runner.all(q.orderBy('created_at').orderBy('id').limit(limit));
      return rows.map((r) => ({
        id: r.id,
        clientOrderId: r.client_order_id,
        type: r.type,
        status: r.status,
        tokenIn: r.token_in_symbol,
        tokenOut: r.token_out_symbol,
        amountIn: r.amount_in,
        quotedAmountOut: r.quoted_amount_out,
        amountOut: r.amount_out,
        bestSingleVenueOut: r.best_single_out,
        venues: r.venues,
        slippageBps: numOrNull(r.fill_slippage_bps),
        priceImpactBps: numOrNull(r.impact_bps),
        savingsBps: numOrNull(r.savings_bps),
        failureCode: r.failure_code,
        createdAt: num(r.created_at),
        triggeredAt: numOrNull(r.triggered_at),
        routingAt: numOrNull(r.routing_at),
        buildingAt: numOrNull(r.building_at),
        submittedAt: numOrNull(r.submitted_at),
        endedAt: numOrNull(r.ended_at),
      }));
    },
  };
}
