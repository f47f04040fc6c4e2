/**
 * The BullMQ worker around the order processor. Orders persisted but never enqueued (a crash
 * between the two, Redis losing its data) are the reconciler's: every worker process runs a sweep
 * with no grace when it starts (src/runtime.ts).
 */
import { DelayedError, Worker, type Job } from 'bullmq';
import { StorageUnavailableError } from '../db/port.js';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { processOrder, type ProcessorDeps } from './processor.js';
import { ORDER_QUEUE, workerConnection, type OrderJobData } from './queue.js';

export interface OrderWorker {
  readonly worker: Worker<OrderJobData>;
  /** Stops taking jobs and waits for the in-flight ones (stalled jobs go back to the queue). */
  close(): Promise<void>;
}

/** How long a job waits for an unavailable database before it tries again. */
const STORAGE_RETRY_MS = 1_000;

/** Starts consuming the order queue. */
export async function startOrderWorker(
  config: Config,
  deps: ProcessorDeps,
  options: { queueName?: string; logger: Logger },
): Promise<OrderWorker> {
  const log = options.logger.child({ component: 'worker' });
  const worker = new Worker<OrderJobData>(
    options.queueName ?? ORDER_QUEUE,
    // attemptsMade counts this job's attempts that already failed, so this one is attemptsMade + 1,
    // after those the order used under an earlier job (priorAttempts, see queue.ts).
    async (job: Job<OrderJobData>, token?: string) => {
      const prior = job.data.priorAttempts ?? 0;
      try {
        return await processOrder(deps, job.data.orderId, prior + job.attemptsMade + 1, prior + (job.opts.attempts ?? config.maxAttempts));
      } catch (err) {
        if (!(err instanceof StorageUnavailableError)) throw err;
        // The database is away: try again shortly, without spending one of the order's attempts.
        log.warn({ orderId: job.data.orderId, err: err.message }, 'storage unavailable; job delayed');
        await job.moveToDelayed(Date.now() + STORAGE_RETRY_MS, token);
        throw new DelayedError();
      }
    },
    {
      connection: workerConnection(config),
      prefix: config.keyPrefix,
      concurrency: config.workerConcurrency,
      autorun: false,
      // A dead worker's job returns to the queue after the lock expires; the second stall fails it
      // and the reconciler then records the order as FAILED (src/jobs/reconciler.ts).
      lockDuration: config.stalledIntervalMs,
      stalledInterval: config.stalledIntervalMs,
    },
  );
  worker.on('error', (err) => log.error({ err }, 'worker error'));
  worker.on('failed', (job, err) => log.debug({ orderId: job?.data.orderId, err: err.message }, 'job attempt failed'));

  void worker.run().catch((err: unknown) => log.error({ err }, 'worker stopped'));
  await worker.waitUntilReady();
  log.info({ concurrency: config.workerConcurrency }, 'worker started');
  return {
    worker,
    async close() {
      await worker.close();
    },
  };
}
