/**
 * The reconciler: every accepted order reaches exactly one terminal state even when the normal path
 * broke. The normal path is the API's insert + enqueue and the job's processor, which records every
 * terminal state itself; what it cannot cover:
 * - an enqueue that failed after the order was persisted (Redis away for that one request), and a
 *   worker that died between the insert and the enqueue (the start-up sweep looks at every order);
 * - Redis losing its data (FLUSHALL, a restart without persistence): every open order's job is gone;
 * - a job BullMQ gave up on without the processor running to its end: stalled a second time
 *   (its worker died twice), or a last attempt whose FAILED write itself failed;
 * - a job that completed, or vanished, while its order is still open.
 *
 * A sweep (a periodic task, src/jobs/periodic.ts, one at a time across processes) pages through
 * the open orders untouched for `graceMs`, stalest first, and asks Redis about their jobs in ONE
 * pipelined round trip per page (the job id is the order id): a job hash that exists and is not in
 * the completed or failed set is in hand. A missing or completed job is enqueued again (addBulk),
 * carrying the attempts the order already used, so a Redis loss never grants fresh retries; a
 * failed one gets its order recorded as FAILED (INTERNAL_ERROR with BullMQ's reason), persisted,
 * then published. The FAILED write is a compare-and-set that refuses an order already terminal.
 */
import type { Logger } from 'pino';
import type { OrderRepository } from '../db/port.js';
import { isTerminal } from '../domain/order.js';
import type { Clock } from '../domain/rng.js';
import type { OrderEvents } from '../events/order-events.js';
import type { OrderView } from '../domain/order-view.js';
import type { Metrics } from '../metrics/metrics.js';
import { observeTransition } from './observe.js';
import { enqueueOrders, type OrderQueue } from './queue.js';

export const RECONCILE_TASK = 'reconcile';

/** Orders looked at per page (one Redis pipeline and one addBulk each). */
const PAGE = 1_000;
/** Orders one sweep looks at, at most: the rest wait for the next sweep. */
const SWEEP_MAX = 50_000;

export interface ReconcilerDeps {
  readonly orders: OrderRepository;
  readonly queue: OrderQueue;
  readonly events: OrderEvents;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long an order must have been untouched first (see also `everything`). */
  readonly graceMs: number;
  /**
   * Look at every open order however recently it moved (the start-up sweep): a process that just
   * started cannot tell a live in-flight write from one lost in a crash, and its clock need not
   * agree with the one that stamped the orders.
   */
  readonly everything?: boolean;
  /** Attempts an order gets in all (a re-enqueued job gets what its order has left). */
  readonly maxAttempts?: number;
  readonly metrics?: Metrics;
}

export interface SweepReport {
  readonly checked: number;
  readonly enqueued: number;
  readonly failed: number;
}

type JobState = 'in-hand' | 'missing' | 'completed' | 'failed';

interface Probe {
  readonly state: JobState;
  readonly failedReason?: string;
  readonly attemptsMade?: number;
}

/** The state of each order's job, in one pipelined round trip. */
async function probeJobs(queue: OrderQueue, ids: readonly string[]): Promise<Probe[]> {
  const client = await queue.getBackend().client;
  const pipeline = client.pipeline();
  for (const id of ids) {
    pipeline.runCommand('hmget', [queue.toKey(id), 'failedReason', 'attemptsMade', 'timestamp']);
    pipeline.runCommand('zscore', [queue.keys.completed!, id]);
    pipeline.runCommand('zscore', [queue.keys.failed!, id]);
  }
  const replies = (await pipeline.exec()) ?? [];
  return ids.map((_, i) => {
    const [hashErr, hash] = replies[i * 3] ?? [];
    const [, completed] = replies[i * 3 + 1] ?? [];
    const [, failed] = replies[i * 3 + 2] ?? [];
    if (hashErr) throw hashErr;
    const [failedReason, attemptsMade, timestamp] = (hash as (string | null)[] | undefined) ?? [];
    if (timestamp === null || timestamp === undefined) return { state: 'missing' };
    if (failed !== null && failed !== undefined) return { state: 'failed', failedReason: failedReason ?? undefined, attemptsMade: Number(attemptsMade ?? 0) };
    if (completed !== null && completed !== undefined) return { state: 'completed' };
    return { state: 'in-hand' };
  });
}

/** What a job's failed reason means, in words a client may read (never the raw text). */
function publicReason(reason: string): string {
  if (/stalled more than allowable limit/i.test(reason)) return 'the workers running it stopped twice before it finished';
  return 'the queue gave its job up before it finished';
}

/** One sweep: what it did to how many orders (also what the tests drive directly). */
export async function reconcileOnce(deps: ReconcilerDeps): Promise<SweepReport> {
  const { orders, queue, clock } = deps;
  const log = deps.logger;
  const before = deps.everything ? Number.MAX_SAFE_INTEGER : clock() - deps.graceMs;
  let checked = 0;
  let enqueued = 0;
  let failed = 0;
  let after: { updatedAt: number; id: string } | undefined;
  while (checked < SWEEP_MAX) {
    const page = await orders.staleOpen(before, PAGE, after);
    if (page.length === 0) break;
    after = page[page.length - 1];
    checked += page.length;
    const probes = await probeJobs(queue, page.map((o) => o.id));
    const requeue: { orderId: string; priorAttempts: number }[] = [];
    // Read again after asking the queue (the job may have finished the order in between), every
    // order of the page at once: the engines batch concurrent reads (PostgreSQL: one `= ANY` query
    // per turn), where one await per order cost a round trip each after a Redis loss.
    const lost = page.map((o, i) => ({ id: o.id, probe: probes[i]! })).filter((x) => x.probe.state !== 'in-hand');
    const reread = await Promise.all(lost.map((x) => orders.current(x.id)));
    for (let i = 0; i < lost.length; i++) {
      const { id, probe } = lost[i]!;
      const order = reread[i];
      if (!order || isTerminal(order.status)) continue;
      if (probe.state === 'failed') {
        const reason = probe.failedReason || 'the job failed';
        // BullMQ's reason is for the log; the order records what it means for the client.
        const message = `execution abandoned: ${publicReason(reason)}`;
        let previous: OrderView | undefined;
        const { update } = await orders.transition(id, clock(), (o) => ((previous = o), {
          status: 'FAILED',
          detail: `INTERNAL_ERROR: ${message}`,
          attempts: Math.max(o.attempts, probe.attemptsMade ?? 0),
          failureCode: 'INTERNAL_ERROR',
          failureMessage: message,
        }));
        if (!update) continue;
        if (deps.metrics) observeTransition(deps.metrics, previous, update);
        failed++;
        log.error({ orderId: id, accountId: order.accountId, reason, was: order.status }, 'reconciler: job failed with the order open; recorded FAILED');
        await deps.events.publish(update).catch((err: unknown) => log.error({ err, orderId: id }, 'reconciler: publish failed'));
        continue;
      }
      // A completed job keeps its id for a day (a duplicate add is a no-op): remove it first.
      if (probe.state === 'completed') await (await queue.getJob(id))?.remove();
      requeue.push({ orderId: id, priorAttempts: order.attempts });
    }
    if (requeue.length > 0) {
      await enqueueOrders(queue, requeue, deps.maxAttempts);
      enqueued += requeue.length;
      log.warn({ count: requeue.length, sample: requeue.slice(0, 5).map((r) => r.orderId) }, 'reconciler: open orders had no live job; enqueued');
    }
    if (page.length < PAGE) break;
  }
  return { checked, enqueued, failed };
}
