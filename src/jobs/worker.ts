/**
 * The BullMQ worker around the order processor. On start it re-enqueues every order that is not
 * terminal: an order persisted just before a crash (never enqueued) is not lost, and the job id
 * (= order id) makes this a no-op for orders already queued.
 */
import { Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { nonTerminalOrderIds } from '../db/orders-repo.js';
import { processOrder, type ProcessorDeps } from './processor.js';
import { enqueueOrders, ORDER_QUEUE, workerConnection, type OrderJobData, type OrderQueue } from './queue.js';

export interface OrderWorker {
  readonly worker: Worker<OrderJobData>;
  /** Stops taking jobs and waits for the in-flight ones (stalled jobs go back to the queue). */
  close(): Promise<void>;
}

/** Starts consuming the order queue. */
export async function startOrderWorker(
  config: Config,
  deps: ProcessorDeps,
  queue: OrderQueue,
  options: { queueName?: string; logger: Logger },
): Promise<OrderWorker> {
  const log = options.logger.child({ component: 'worker' });
  const worker = new Worker<OrderJobData>(
    options.queueName ?? ORDER_QUEUE,
    // attemptsMade counts the attempts that already failed, so this one is attemptsMade + 1.
    async (job: Job<OrderJobData>) => processOrder(deps, job.data.orderId, job.attemptsMade + 1, job.opts.attempts ?? config.maxAttempts),
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

  const pending = nonTerminalOrderIds(deps.db);
  if (pending.length > 0) {
    await enqueueOrders(queue, pending);
    log.info({ count: pending.length }, 're-enqueued non-terminal orders');
  }
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
