/**
 * Periodic work (market motion, the reconciler) as BullMQ job schedulers: one queue per task, one
 * scheduler that adds a job every `everyMs`, and a worker in every worker-role process. The queue's
 * global concurrency is 1, so however many processes run, one job of a task runs at a time across
 * all of them; if the process running it dies, BullMQ's stall check hands the job to another.
 *
 * The schedulers live in Redis, so a Redis that lost its data (FLUSHALL, a restart without
 * persistence) loses them too while the workers keep running. Each process therefore looks for its
 * tasks' schedulers once per interval and puts back a missing one (with the queue's concurrency of
 * 1), adding the task's `lostData` run at once: for the reconciler, a sweep of every open order.
 */
import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { producerConnection, serialWorkerOptions } from './queue.js';

export interface PeriodicTask {
  /** Queue and scheduler name, unique per key prefix. */
  readonly name: string;
  /** 0 removes the task's scheduler (the task stops everywhere). */
  readonly everyMs: number;
  /** One run; what it returns is kept on the job. A throw is logged; the next run comes anyway. */
  run(job: Job): Promise<unknown>;
  /** When this process finds the scheduler gone (Redis lost its data), a one-off run with this data is added. */
  readonly lostData?: Record<string, unknown>;
}

export interface PeriodicRunner {
  /** Adds a one-off run of `task` now (e.g. the reconciler's start-up sweep), with `data`. */
  runNow(task: string, data?: Record<string, unknown>): Promise<void>;
  /** Stops this process's workers (a running job finishes) and closes the queues. */
  close(): Promise<void>;
}

/** Upserts every task's scheduler and starts this process's workers for them. */
export async function startPeriodic(config: Config, tasks: readonly PeriodicTask[], logger: Logger): Promise<PeriodicRunner> {
  const log = logger.child({ component: 'periodic' });
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  const timers: NodeJS.Timeout[] = [];
  const closeAll = async (): Promise<void> => {
    for (const t of timers) clearInterval(t);
    await Promise.allSettled(workers.map((w) => w.close()));
    await Promise.allSettled([...queues.values()].map((q) => q.close()));
  };
  try {
    for (const task of tasks) {
      const queue = new Queue(task.name, {
        connection: producerConnection(config),
        prefix: config.keyPrefix,
        // Runs are their own record (logs, the database): keep only a few for inspection.
        defaultJobOptions: { removeOnComplete: { count: 20 }, removeOnFail: { count: 100 }, attempts: 1 },
      });
      queues.set(task.name, queue);
      await queue.waitUntilReady();
      await queue.setGlobalConcurrency(1);
      if (task.everyMs > 0) {
        await schedule(queue, task);
        timers.push(watchScheduler(queue, task, log));
      } else await queue.removeJobScheduler(task.name);
      const worker = new Worker(
        task.name,
        async (job: Job) => {
          try {
            return await task.run(job);
          } catch (err) {
            log.warn({ err, task: task.name }, 'periodic task failed; the next run retries');
            throw err;
          }
        },
        serialWorkerOptions(config),
      );
      worker.on('error', (err) => log.error({ err, task: task.name }, 'periodic worker error'));
      workers.push(worker);
      void worker.run().catch((err: unknown) => log.error({ err, task: task.name }, 'periodic worker stopped'));
      await worker.waitUntilReady();
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  log.info({ tasks: tasks.map((t) => ({ name: t.name, everyMs: t.everyMs })) }, 'periodic tasks scheduled');
  return {
    async runNow(task, data = {}) {
      const queue = queues.get(task);
      if (!queue) throw new Error(`no periodic task named ${task}`);
      await queue.add(task, data);
    },
    close: closeAll,
  };
}

async function schedule(queue: Queue, task: PeriodicTask): Promise<void> {
  await queue.upsertJobScheduler(task.name, { every: task.everyMs }, { name: task.name });
}

/**
 * Puts the task's scheduler back whenever it is missing, checking once per interval. Only a missing
 * one is upserted: upserting an existing `every` scheduler would replace its next run. Several
 * processes may find it missing at once; the upsert is idempotent and their one-off runs queue up
 * behind the concurrency of 1.
 */
function watchScheduler(queue: Queue, task: PeriodicTask, log: Logger): NodeJS.Timeout {
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void (async () => {
      if (await queue.getJobScheduler(task.name)) return;
      await queue.setGlobalConcurrency(1);
      await schedule(queue, task);
      if (task.lostData) await queue.add(task.name, task.lostData);
      log.warn({ task: task.name }, 'periodic task scheduler was missing from Redis (Redis lost its data?); scheduled again');
    })()
      .catch((err: unknown) => log.warn({ err, task: task.name }, 'periodic task scheduler check failed; the next check retries'))
      .finally(() => (checking = false));
  }, task.everyMs);
  // The check never keeps a process alive on its own.
  timer.unref();
  return timer;
}
