/**
 * `npm run --silent strategy -- --strategy twap --param k=v … [--url http://127.0.0.1:4000]
 * [--key oee_…] [--duration 1h] [--run-id ID]`: runs a strategy live against a server, through its
 * API with an account's key (OEE_KEY and OEE_URL when the flags are absent). The parameters are
 * checked by the same registry a backtest uses (a bad one exits 1 with its code and field). Each
 * intent and outcome is one JSON log line on stdout. It ends with 0 when the strategy has finished
 * and its orders have ended, or on SIGINT/SIGTERM (or after --duration) once its open orders are
 * cancelled; 1 when the strategy or the API fails it; 2 on a bad command line.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ViewerDocument } from '../client/graphql.js';
import { publicReason } from '../domain/backtest/failure.js';
import { parseDuration } from '../domain/duration.js';
import { createStrategy } from '../domain/strategy/registry.js';
import type { Strategy } from '../domain/strategy/types.js';
import { pino } from 'pino';
import { loadClientConfig } from '../config.js';
import { ApiError, createApi } from '../strategy-runner/api.js';
import { StrategyRunner } from '../strategy-runner/runner.js';
import { realScheduler } from '../strategy-runner/scheduler.js';
import { strategyName, strategyParams } from './strategy-args.js';

const USAGE = 'usage: npm run --silent strategy -- --strategy NAME [--param k=v ...] [--url URL] [--key oee_...] [--duration 1h] [--run-id ID]';

function fail(e: unknown): number {
  if (e instanceof ApiError) {
    process.stderr.write(`strategy: ${e.code}${e.field ? ` (${e.field})` : ''}: ${e.message}\n`);
    return 1;
  }
  const r = publicReason(e);
  const message = r.code === 'INTERNAL_ERROR' && e instanceof Error ? e.message : r.message;
  process.stderr.write(`strategy: ${r.code}${r.field ? ` (${r.field})` : ''}: ${message}\n`);
  return 1;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      strategy: { type: 'string' },
      param: { type: 'string', multiple: true },
      url: { type: 'string' },
      key: { type: 'string' },
      duration: { type: 'string' },
      'run-id': { type: 'string' },
    },
  });
  if (values.strategy === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let strategy: Strategy;
  let durationMs: number | undefined;
  try {
    strategy = createStrategy(strategyName(values.strategy), strategyParams(values.param ?? []), '--strategy');
    durationMs = values.duration === undefined ? undefined : parseDuration(values.duration, '--duration');
  } catch (e) {
    return fail(e);
  }
  const env = loadClientConfig();
  const key = values.key ?? env.key;
  if (key === undefined || key === '') {
    process.stderr.write(`strategy: give an API key with the trade scope (--key or OEE_KEY)\n${USAGE}\n`);
    return 2;
  }
  const url = values.url ?? env.url;
  const runId = values['run-id'] ?? `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  // As the server's JSON lines, but written synchronously: every line is out before process.exit.
  const logger = pino({ name: 'strategy', level: env.logLevel, base: { pid: process.pid } }, pino.destination({ dest: 1, sync: true }));
  const api = createApi(url, key);
  try {
    // Refused before the strategy starts, rather than at its first order.
    const { viewer } = await api.request(ViewerDocument, {});
    if (viewer === null) throw new ApiError('UNAUTHENTICATED', undefined, 'the server knows no such key');
    if (!viewer.key.scopes.includes('TRADE')) throw new ApiError('FORBIDDEN', undefined, `key ${viewer.key.name} lacks the trade scope`);
    logger.info({ event: 'start', url, account: viewer.account.name, key: viewer.key.prefix, runId }, 'starting');
  } catch (e) {
    await api.close();
    return fail(e);
  }
  const runner = new StrategyRunner(strategy, { api, scheduler: realScheduler, logger, idPrefix: `${strategy.name.toLowerCase().replace(/_/g, '-')}-${runId}` });
  const stop = () => void runner.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (durationMs !== undefined) realScheduler.after(durationMs, stop);
  try {
    await runner.start();
  } catch (e) {
    await runner.stop();
    return fail(e);
  }
  const end = await runner.ended;
  return end.reason === 'error' ? fail(end.error) : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  },
);
