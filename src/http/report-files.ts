/**
 * The execution report's per-order export: /reports/orders.csv and /reports/orders.json, with the
 * filter as query parameters (from, to as ISO-8601; pair, venue, orderType, status as in
 * executionReport) and the same Bearer key as the API (read scope). Only the caller's account's
 * orders are ever read.
 *
 * Both stream the filter's orders oldest first, a keyset page at a time, writing each page before
 * reading the next and waiting for the socket to drain: memory holds one page whatever the number
 * of orders. The JSON is the same rows as an array of objects (what a trader loads into a
 * notebook); the aggregated report itself is the executionReport query.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { bearerKey } from '../services/api-keys.js';
import type { Auth } from '../services/auth.js';
import { InputError } from '../services/errors.js';
import type { ReportFilterInput, ReportRow, ReportService } from '../services/execution-report.js';
import { requestError } from './health.js';

const PATH = /^\/reports\/orders\.(csv|json)$/;

export function isReportFile(path: string): boolean {
  return PATH.test(path);
}

const COLUMNS = [
  'id',
  'clientOrderId',
  'type',
  'status',
  'tokenIn',
  'tokenOut',
  'amountIn',
  'quotedAmountOut',
  'amountOut',
  'bestSingleVenueOut',
  'venues',
  'slippageBps',
  'priceImpactBps',
  'savingsBps',
  'failureCode',
  'createdAt',
  'triggeredAt',
  'routingAt',
  'buildingAt',
  'submittedAt',
  'endedAt',
] as const satisfies readonly (keyof ReportRow)[];

const TIME_COLUMNS: ReadonlySet<string> = new Set(['createdAt', 'triggeredAt', 'routingAt', 'buildingAt', 'submittedAt', 'endedAt']);

function cell(key: string, v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = TIME_COLUMNS.has(key) ? new Date(Number(v)).toISOString() : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvHeader = (): string => COLUMNS.join(',') + '\n';
export const csvLine = (r: ReportRow): string => COLUMNS.map((c) => cell(c, r[c])).join(',') + '\n';
const jsonOf = (r: ReportRow): string =>
  JSON.stringify(Object.fromEntries(COLUMNS.map((c) => [c, TIME_COLUMNS.has(c) && r[c] !== null ? new Date(Number(r[c])).toISOString() : r[c]])));

/** The filter of the query string; a malformed time is a coded error naming it. */
function filterOf(url: URL): ReportFilterInput {
  const q = url.searchParams;
  const time = (name: string): number | null => {
    const v = q.get(name);
    if (v === null || v === '') return null;
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw new InputError('INVALID_ARGUMENT', `filter.${name}`, `${name} must be an ISO-8601 time`);
    return ms;
  };
  const text = (name: string) => (q.get(name) === '' ? null : q.get(name));
  return { from: time('from'), to: time('to'), pair: text('pair'), venue: text('venue'), orderType: text('orderType'), status: text('status') };
}

/** Writes `chunk`, waiting for the socket to take it when its buffer is full (or false: the client left). */
async function write(res: ServerResponse, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

export async function serveReportFile(req: IncomingMessage, res: ServerResponse, path: string, auth: Auth, reports: ReportService | undefined): Promise<void> {
  const m = PATH.exec(path);
  if (!m || reports === undefined) return requestError(res, 404, 'NOT_FOUND', 'no such report');
  if (req.method !== 'GET') return requestError(res, 405, 'METHOD_NOT_ALLOWED', 'GET only');
  const key = bearerKey(req.headers.authorization);
  const principal = key === undefined ? undefined : await auth.authenticate(key);
  if (!principal) return requestError(res, 401, 'UNAUTHENTICATED', 'this needs an API key: send Authorization: Bearer <key>');
  if (!principal.scopes.has('read')) return requestError(res, 403, 'FORBIDDEN', 'this API key lacks the read scope');
  let filter: ReportFilterInput;
  try {
    filter = filterOf(new URL(req.url ?? '/', 'http://localhost'));
    reports.check(principal, filter);
  } catch (err) {
    if (err instanceof InputError) return requestError(res, 400, err.code, err.message, err.field);
    throw err;
  }
  const csv = m[1] === 'csv';
  res.writeHead(200, { 'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/json', 'Cache-Control': 'no-store' });
  let first = true;
  if (!(await write(res, csv ? csvHeader() : '['))) return;
  for await (const row of reports.forAccount(principal).rows(filter)) {
    const chunk = csv ? csvLine(row) : (first ? '' : ',') + jsonOf(row);
    first = false;
    if (!(await write(res, chunk))) return;
  }
  res.end(csv ? undefined : ']');
}
