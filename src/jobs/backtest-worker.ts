/**
 * The backtest worker: concurrency 1 on its own queue and connection. A job runs its backtest in
 * process on the domain (backtest-run.ts), persisting then publishing its progress a few times a
 * second at most, and stores the results once, when the run ends.
 *
 * A run ends exactly once, DONE or FAILED, and never stays RUNNING:
 * - the scenario fails (a BacktestError): FAILED with its public reason; the cause is logged;
 * - the worker dies mid-run: BullMQ's stall check hands the job back and the run starts again from
 *   the beginning (deterministic, nothing was stored); past BACKTEST_ATTEMPTS runs it is FAILED;
 * - anything else throws: BullMQ retries; the last failure records FAILED (INTERNAL_ERROR);
 * - a job that vanished (Redis lost it): the start-up sweep (sweepBacktests) fails the run.
 */
import { Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { BacktestFailure, BacktestRecord, BacktestRepository } from '../db/port.js';
import { BacktestError, publicReason } from '../domain/backtest/failure.js';
import { prepareScenario } from '../domain/backtest/prepare.js';
import type { Clock } from '../domain/rng.js';
import type { BacktestMessage } from '../events/topics.js';
import type { PubSub } from '../events/pubsub.js';
import { BACKTEST_ATTEMPTS, BACKTEST_QUEUE, type BacktestJobData, type BacktestQueue } from './backtest-queue.js';
import { runSliced } from './backtest-run.js';
import { serialWorkerOptions } from './queue.js';

export interface BacktestWorkerDeps {
  readonly backtests: BacktestRepository;
  readonly pubsub: PubSub;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Progress is persisted and published at most this often (ms, default 250). */
  readonly progressEveryMs?: number;
}

const INTERRUPTED: BacktestFailure = { code: 'INTERRUPTED', message: 'the worker running this backtest stopped; run it again', field: undefined };
const INTERNAL: BacktestFailure = { code: 'INTERNAL_ERROR', message: 'the backtest failed unexpectedly', field: undefined };

function message(b: BacktestRecord, etaMs?: number): BacktestMessage {
  return {
    backtestId: b.id,
    accountId: b.accountId,
    status: b.status,
    progress: b.progress,
    ordersDone: b.ordersDone,
    ...(etaMs === undefined ? {} : { etaMs }),
    ...(b.failure ? { failure: { code: b.failure.code, message: b.failure.message, ...(b.failure.field ? { field: b.failure.field } : {}) } } : {}),
  };
}

/** Records FAILED (when still open), then announces it. */
export async function failBacktest(deps: Pick<BacktestWorkerDeps, 'backtests' | 'pubsub' | 'clock'>, id: string, failure: BacktestFailure): Promise<void> {
  if (!(await deps.backtests.fail(id, deps.clock(), failure))) return;
  const b = await deps.backtests.find(id);
  if (b) await deps.pubsub.publish(deps.pubsub.topics.backtest(id), message(b));
}

/** One run of a backtest job. */
export async function processBacktest(deps: BacktestWorkerDeps, backtestId: string): Promise<void> {
  const { backtests, pubsub, clock } = deps;
  const log = deps.logger.child({ backtestId });
  const topic = pubsub.topics.backtest(backtestId);
  const started = await backtests.start(backtestId, clock());
  if (started === undefined) return; // ended already (a duplicate delivery, the sweep)
  if (started.attempts > BACKTEST_ATTEMPTS) return failBacktest(deps, backtestId, INTERRUPTED);
  await pubsub.publish(topic, message(started));
  let run;
  try {
    const { scenario } = prepareScenario(JSON.parse(started.scenario));
    run = await runSliced(scenario, {
      clock,
      everyMs: deps.progressEveryMs,
      onProgress: async (p) => {
        if (p.fraction >= 1) return; // the end is announced with the results
        if (!(await backtests.progress(backtestId, p.fraction, p.ordersDone))) return;
        await pubsub.publish(topic, message({ ...started, progress: p.fraction, ordersDone: p.ordersDone }, p.etaMs));
      },
    });
  } catch (e) {
    const reason = publicReason(e);
    // The public reason is stored and shown; the cause (maybe naming internals) goes to the log.
    log.warn({ err: e instanceof BacktestError ? e.cause : e, code: reason.code }, 'backtest failed');
    return failBacktest(deps, backtestId, { code: reason.code, message: reason.message, field: reason.field });
  }
  const stored = await backtests.finish(backtestId, clock(), JSON.stringify(run.summary), run.summary.orders, {
    report: JSON.stringify(run.report),
    series: JSON.stringify(run.series),
    ordersCsv: run.ordersCsv,
  });
  if (!stored) return;
  const done = await backtests.find(backtestId);
  if (done) await pubsub.publish(topic, message(done));
  log.info({ orders: run.summary.orders, filled: run.summary.filled }, 'backtest done');
}

export interface BacktestWorker {
  close(): Promise<void>;
}

/** Starts consuming the backtest queue (concurrency 1, its own connection). */
export async function startBacktestWorker(config: Config, deps: BacktestWorkerDeps, queueName = BACKTEST_QUEUE): Promise<BacktestWorker> {
  const log = deps.logger.child({ component: 'backtest-worker' });
  const worker = new Worker<BacktestJobData>(queueName, async (job: Job<BacktestJobData>) => processBacktest(deps, job.data.backtestId), serialWorkerOptions(config));
  worker.on('error', (err) => log.error({ err }, 'backtest worker error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    log.warn({ backtestId: job.data.backtestId, err: err.message, attempt: job.attemptsMade }, 'backtest job attempt failed');
    // BullMQ gave up on it (attempts spent, or stalled once too often): the run ends FAILED.
    if (job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(err.message)) {
      void failBacktest(deps, job.data.backtestId, INTERNAL).catch((e: unknown) => log.error({ err: e }, 'could not record a failed backtest'));
    }
  });
  void worker.run().catch((err: unknown) => log.error({ err }, 'backtest worker stopped'));
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}

/**
 * Backtests still QUEUED or RUNNING whose job is gone or failed (Redis lost it; BullMQ gave up
 * while no worker could record it) end FAILED. Runs at worker start; a job still in hand is left.
 */
export async function sweepBacktests(deps: Pick<BacktestWorkerDeps, 'backtests' | 'pubsub' | 'clock' | 'logger'>, queue: BacktestQueue, graceMs = 10_000): Promise<number> {
  let failed = 0;
  // Those created within the grace may be between their insert and their enqueue.
  for (const b of await deps.backtests.unfinished(deps.clock() - graceMs, 1_000)) {
    const job = await queue.getJob(b.id);
    const state = job ? await job.getState() : 'missing';
    if (state !== 'missing' && state !== 'failed' && state !== 'completed' && state !== 'unknown') continue;
    await failBacktest(deps, b.id, INTERRUPTED);
    failed++;
  }
  if (failed > 0) deps.logger.warn({ failed }, 'backtests without a live job ended FAILED');
  return failed;
}
