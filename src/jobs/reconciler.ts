/**
 * The reconciler: every accepted order reaches exactly one terminal state even when the normal path
 * broke. The normal path is the API's insert + enqueue and the job's processor, which records every
 * terminal state itself; what it cannot cover:
 * - an enqueue that failed after the order was persisted (Redis away for that one request);
 * - a job BullMQ gave up on without the processor running to its end: stalled a second time
 *   (its worker died twice), or a last attempt whose FAILED write itself failed;
 * - a job that completed, or vanished, while its order is still open.
 *
 * Every `intervalMs` a worker process lists open orders untouched for `graceMs` and asks BullMQ
 * about each one's job (the job id is the order id). Jobs that are waiting, delayed or active are
 * in hand. A missing or completed job is enqueued again; a failed one gets its order recorded as
 * FAILED (INTERNAL_ERROR with BullMQ's reason), persisted, then published. Several workers may
 * run this at once: enqueueing is idempotent by job id, and the FAILED write is a compare-and-set
 * that refuses an order already terminal.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/connect.js';
import { currentOrder, staleOpenOrderIds, updateOrder } from '../db/orders-repo.js';
import { writeBatched } from '../db/write-batcher.js';
import { isTerminal } from '../domain/order.js';
import type { Clock } from '../domain/rng.js';
import type { OrderEvents } from '../events/order-events.js';
import { enqueueOrder, type OrderQueue } from './queue.js';

/** Orders checked per sweep: bounds the Redis calls one sweep makes (the rest wait a sweep). */
const SWEEP_LIMIT = 500;

export interface ReconcilerDeps {
  readonly db: Db;
  readonly queue: OrderQueue;
  readonly events: OrderEvents;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly graceMs: number;
}

export interface SweepReport {
  readonly checked: number;
  readonly enqueued: number;
  readonly failed: number;
}

/** One pass: what it did to which orders (also what the tests drive directly). */
export async function reconcileOnce(deps: ReconcilerDeps): Promise<SweepReport> {
  const { db, queue, clock } = deps;
  const log = deps.logger;
  const ids = staleOpenOrderIds(db, clock() - deps.graceMs, SWEEP_LIMIT);
  let enqueued = 0;
  let failed = 0;
  for (const id of ids) {
    const state = await queue.getJobState(id);
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue; // in hand
    // Read again after asking the queue: the job may have finished the order in between.
    const order = currentOrder(db, id);
    if (!order || isTerminal(order.status)) continue;
    if (state === 'failed') {
      const job = await queue.getJob(id);
      const reason = job?.failedReason || 'the job failed';
      const message = `execution abandoned: ${reason}`;
      const { update } = await writeBatched(db, () =>
        updateOrder(db, id, clock(), (o) => ({
          status: 'FAILED',
          detail: `INTERNAL_ERROR: ${message}`,
          attempts: Math.max(o.attempts, job?.attemptsMade ?? 0),
          failureCode: 'INTERNAL_ERROR',
          failureMessage: message,
        })),
      );
      if (!update) continue;
      failed++;
      log.error({ orderId: id, reason, was: order.status }, 'reconciler: job failed with the order open; recorded FAILED');
      await deps.events.publish(update).catch((err: unknown) => log.error({ err, orderId: id }, 'reconciler: publish failed'));
      continue;
    }
    // A completed job keeps its id for a day (a duplicate add is a no-op): remove it first.
    if (state === 'completed') await (await queue.getJob(id))?.remove();
    await enqueueOrder(queue, id);
    enqueued++;
    log.warn({ orderId: id, status: order.status, job: state }, 'reconciler: open order had no live job; enqueued');
  }
  return { checked: ids.length, enqueued, failed };
}

/** Runs reconcileOnce every intervalMs until stopped; a sweep still running skips the next tick. */
export function startReconciler(deps: ReconcilerDeps): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = reconcileOnce(deps)
      .then(
        () => undefined,
        (err: unknown) => deps.logger.warn({ err }, 'reconciler sweep failed; the next one retries'),
      )
      .finally(() => {
        running = undefined;
      });
  }, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
