/**
 * Execution reports for the API: an account's own orders only (the account is part of every query,
 * never a filter the caller chooses). The filter is checked whole before any query runs: a bad
 * field is a coded error naming it. The figures are aggregated in the database
 * (db/execution-report.ts) and rolled up into the backtest report's shape here
 * (domain/execution-report.ts); the export pages through the rows by keyset.
 */
import type { ReportFilter, ReportRepository, ReportRow } from '../db/execution-report.js';
import { REPORT_METRICS, rollUpReport, type BucketCount, type LiveExecutionReport, type ReportMetric } from '../domain/execution-report.js';
import { ORDER_STATUSES, ORDER_TYPES } from '../domain/order-status.js';
import type { Token } from '../domain/tokens.js';
import { InputError } from './errors.js';
import type { AccountRef } from './types.js';

export type { ReportRow } from '../db/execution-report.js';
export type { LiveExecutionReport } from '../domain/execution-report.js';

const HOUR_MS = 3_600_000;

export const REPORT_VENUES = ['RAYDIUM', 'METEORA'] as const;

/** The filter as the API takes it (times in ms since epoch, inclusive). */
export interface ReportFilterInput {
  readonly from?: number | null;
  readonly to?: number | null;
  /** "SOL/USDC": tokenIn/tokenOut symbols. */
  readonly pair?: string | null;
  readonly venue?: string | null;
  readonly orderType?: string | null;
  readonly status?: string | null;
}

export interface AccountReports {
  report(filter: ReportFilterInput): Promise<LiveExecutionReport>;
  /** The filter's orders oldest first, a page at a time (memory: one page). */
  rows(filter: ReportFilterInput, pageSize?: number): AsyncGenerator<ReportRow>;
}

export interface ReportService {
  forAccount(account: AccountRef): AccountReports;
  /** Checks a filter without running it (the HTTP export answers a bad one before streaming). */
  check(account: AccountRef, filter: ReportFilterInput): void;
}

export interface ReportServiceDeps {
  readonly reports: ReportRepository;
  /** The tokens the market knows now (launched ones included). */
  readonly tokens: () => readonly Token[];
}

const has = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

export function createReportService(deps: ReportServiceDeps): ReportService {
  const known = (symbol: string) => deps.tokens().some((t) => t.symbol === symbol);
  const toFilter = (accountId: string, f: ReportFilterInput, prefix = 'filter'): ReportFilter => {
    const field = (name: string) => `${prefix}.${name}`;
    if (f.from != null && f.to != null && f.from > f.to) throw new InputError('RANGE_INVERTED', field('from'), 'from is after to');
    let tokenIn: string | undefined;
    let tokenOut: string | undefined;
    if (f.pair != null) {
      const parts = f.pair.split('/');
      if (parts.length !== 2 || !known(parts[0]!) || !known(parts[1]!) || parts[0] === parts[1]) {
        throw new InputError('UNKNOWN_PAIR', field('pair'), `no pair ${f.pair.slice(0, 40)}: give TOKENIN/TOKENOUT symbols, e.g. SOL/USDC`);
      }
      [tokenIn, tokenOut] = parts as [string, string];
    }
    if (f.venue != null && !has(REPORT_VENUES, f.venue)) throw new InputError('UNKNOWN_VENUE', field('venue'), `venue is one of ${REPORT_VENUES.join(', ')}`);
    if (f.orderType != null && !has(ORDER_TYPES, f.orderType)) throw new InputError('UNKNOWN_ORDER_TYPE', field('orderType'), `orderType is one of ${ORDER_TYPES.join(', ')}`);
    if (f.status != null && !has(ORDER_STATUSES, f.status)) throw new InputError('UNKNOWN_STATUS', field('status'), `status is one of ${ORDER_STATUSES.join(', ')}`);
    return {
      accountId,
      ...(f.from != null ? { from: f.from } : {}),
      ...(f.to != null ? { to: f.to } : {}),
      ...(tokenIn !== undefined ? { tokenIn, tokenOut } : {}),
      ...(f.venue != null ? { venue: f.venue } : {}),
      ...(f.orderType != null ? { type: f.orderType } : {}),
      ...(f.status != null ? { status: f.status } : {}),
    };
  };
  return {
    check: (account, f) => void toFilter(account.accountId, f),
    forAccount(account) {
      return {
        async report(input) {
          const filter = toFilter(account.accountId, input);
          const cells = [...(await deps.reports.cells(filter, 'key')), ...(await deps.reports.cells(filter, 'hour'))];
          const buckets = new Map<ReportMetric, BucketCount[]>();
          for (const m of REPORT_METRICS) buckets.set(m, [...(await deps.reports.histogram(filter, m, 'key')), ...(await deps.reports.histogram(filter, m, 'hour'))]);
          return rollUpReport(cells, buckets, (hour) => new Date(hour * HOUR_MS).toISOString());
        },
        async *rows(input, pageSize = 1000) {
          const filter = toFilter(account.accountId, input);
          let after: { createdAt: number; id: string } | undefined;
          for (;;) {
            const page = await deps.reports.rows(filter, pageSize, after);
            yield* page;
            if (page.length < pageSize) return;
            const last = page.at(-1)!;
            after = { createdAt: last.createdAt, id: last.id };
          }
        },
      };
    },
  };
}
