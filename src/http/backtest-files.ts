/**
 * A backtest's stored results over HTTP: /backtests/<id>/orders.csv, report.json and series.json.
 * Authenticated by the same Bearer key as the API (read scope); a missing backtest, another
 * account's, and one not DONE all answer 404 alike.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerKey } from '../services/api-keys.js';
import type { Auth } from '../services/auth.js';
import type { BacktestService } from '../services/backtests.js';
import { requestError } from './health.js';

const PATH = /^\/backtests\/([0-9A-Za-z]{1,64})\/(orders\.csv|report\.json|series\.json)$/;

/** True when `path` is one of these files (the caller then lets serveBacktestFile answer). */
export function isBacktestFile(path: string): boolean {
  return PATH.test(path);
}

export async function serveBacktestFile(req: IncomingMessage, res: ServerResponse, path: string, auth: Auth, backtests: BacktestService | undefined): Promise<void> {
  const m = PATH.exec(path);
  if (!m || backtests === undefined) return requestError(res, 404, 'NOT_FOUND', 'no such backtest');
  if (req.method !== 'GET' && req.method !== 'HEAD') return requestError(res, 405, 'METHOD_NOT_ALLOWED', 'GET only');
  const key = bearerKey(req.headers.authorization);
  const principal = key === undefined ? undefined : await auth.authenticate(key);
  if (!principal) return requestError(res, 401, 'UNAUTHENTICATED', 'this needs an API key: send Authorization: Bearer <key>');
  if (!principal.scopes.has('read')) return requestError(res, 403, 'FORBIDDEN', 'this API key lacks the read scope');
  const results = await backtests.forAccount(principal).results(m[1]!);
  if (!results) return requestError(res, 404, 'NOT_FOUND', 'no such backtest, or it is not DONE');
  const [body, type] =
    m[2] === 'orders.csv' ? [results.ordersCsv, 'text/csv; charset=utf-8'] : m[2] === 'report.json' ? [results.report, 'application/json'] : [results.series, 'application/json'];
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
