/** The order queue: its name, job payload, connection options and the producer side. */
import { Queue, type RedisOptions } from 'bullmq';
import type { Config } from '../config.js';

export const ORDER_QUEUE = 'orders';
export const EXECUTE_JOB = 'execute';

export interface OrderJobData {
  readonly orderId: string;
  /**
   * Attempts the order had used before this job existed (a job re-created after Redis lost the
   * first one): the processor numbers attempts from here, and the job gets only what is left.
   */
  readonly priorAttempts?: number;
}

/** Producers fail fast: an API request must not hang while Redis is unreachable. */
export function producerConnection(config: Config): RedisOptions {
  return { url: config.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
}

/** Workers block on Redis and must keep retrying forever (BullMQ requires null here). */
export function workerConnection(config: Config): RedisOptions {
  return { url: config.redisUrl, maxRetriesPerRequest: null };
}

/**
 * A worker that runs one job at a time on a connection of its own (periodic tasks, backtests); a
 * dead one's job goes back to the queue once its lock lapses.
 */
export function serialWorkerOptions(config: Config): { connection: RedisOptions; prefix: string; concurrency: 1; autorun: false; lockDuration: number; stalledInterval: number } {
  const ms = Math.max(config.stalledIntervalMs, 1_000);
  return { connection: workerConnection(config), prefix: config.keyPrefix, concurrency: 1, autorun: false, lockDuration: ms, stalledInterval: ms };
}

export type OrderQueue = Queue<OrderJobData, unknown, typeof EXECUTE_JOB>;

/** The producer-side queue, with the retry policy every job gets. */
export function createOrderQueue(config: Config, name = ORDER_QUEUE): OrderQueue {
  return new Queue<OrderJobData, unknown, typeof EXECUTE_JOB>(name, {
    connection: producerConnection(config),
    prefix: config.keyPrefix,
    defaultJobOptions: {
      attempts: config.maxAttempts,
      backoff: { type: 'exponential', delay: config.backoffMs },
      // Kept a while so a duplicate add (same jobId) stays a no-op; the database is the record.
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

/** Enqueues an order; the job id is the order id, so enqueueing twice adds one job. */
export async function enqueueOrder(queue: OrderQueue, orderId: string): Promise<void> {
  await queue.add(EXECUTE_JOB, { orderId }, { jobId: orderId });
}

/**
 * Enqueues many orders again (the reconciler); already queued ones are skipped by id. Each job gets
 * the attempts its order has left of `maxAttempts` (at least one), so a lost job never grants
 * fresh retries.
 */
export async function enqueueOrders(
  queue: OrderQueue,
  orders: readonly { readonly orderId: string; readonly priorAttempts: number }[],
  maxAttempts?: number,
): Promise<void> {
  const total = maxAttempts ?? queue.defaultJobOptions.attempts ?? 1;
  for (let i = 0; i < orders.length; i += 500) {
    const chunk = orders.slice(i, i + 500);
    await queue.addBulk(
      chunk.map(({ orderId, priorAttempts }) => ({
        name: EXECUTE_JOB,
        data: priorAttempts > 0 ? { orderId, priorAttempts } : { orderId },
        opts: { jobId: orderId, attempts: Math.max(1, total - priorAttempts) },
      })),
    );
  }
}

/** The delay BullMQ's exponential backoff applies before attempt `failedAttempt + 1`. */
export function backoffDelayMs(backoffMs: number, failedAttempt: number): number {
  return Math.round(2 ** (failedAttempt - 1) * backoffMs);
}

/** The service's view of the queue (src/services/types.ts OrderDispatch). */
export function queueDispatch(queue: OrderQueue): { enqueue(orderId: string): Promise<void>; ready(): Promise<boolean> } {
  return {
    enqueue: (orderId) => enqueueOrder(queue, orderId),
    // A cheap count answers only when BullMQ's connection works; it fails fast, having no offline queue.
    ready: () => queue.getJobCountByTypes('waiting').then(() => true, () => false),
  };
}
