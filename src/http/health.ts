import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OrderService } from '../services/types.js';

const READINESS_TIMEOUT_MS = 2000;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Liveness: the process serves HTTP. Checks nothing else, so a Redis outage never restarts it. */
export function liveness(res: ServerResponse): void {
  sendJson(res, 200, { status: 'ok' });
}

/**
 * Readiness: Redis and the database answer. A check that hangs counts as a failure after a bound,
 * so a load balancer polling this never piles up requests.
 */
export async function readiness(service: OrderService, res: ServerResponse): Promise<void> {
  const cancelTimeout = new AbortController();
  const timeout = sleep(READINESS_TIMEOUT_MS, undefined, { signal: cancelTimeout.signal }).catch(() => undefined);
  const checks = await Promise.race([service.readiness().catch(() => undefined), timeout]);
  cancelTimeout.abort();
  const redis = checks?.redis ?? false;
  const database = checks?.database ?? false;
  const ready = redis && database;
  sendJson(res, ready ? 200 : 503, {
    status: ready ? 'ready' : 'unavailable',
    checks: { redis: redis ? 'ok' : 'failed', database: database ? 'ok' : 'failed' },
    ...(ready ? {} : { reasons: checks?.reasons ?? ['readiness checks did not answer in time'] }),
  });
}

export function notFound(res: ServerResponse): void {
  sendJson(res, 404, { error: 'not found' });
}

/**
 * A request refused before GraphQL runs, in the GraphQL-over-HTTP error shape yoga uses. The body is
 * left unread, so the connection is closed rather than reused.
 */
export function requestError(res: ServerResponse, status: number, code: string, message: string, field?: string): void {
  res.setHeader('Connection', 'close');
  sendJson(res, status, { errors: [{ message, extensions: field === undefined ? { code } : { code, field } }] });
}
