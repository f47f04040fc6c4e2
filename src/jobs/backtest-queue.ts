/**
 * The backtest queue: its own BullMQ queue (and, in worker processes, its own worker and
 * connection), so a long simulation never sits between live orders and their workers.
 */
import { Queue } from 'bullmq';
import type { Config } from '../config.js';
import { producerConnection } from './queue.js';

export const BACKTEST_QUEUE = 'backtests';
export const RUN_BACKTEST_JOB = 'run';

export interface BacktestJobData {
  readonly backtestId: string;
}

export type BacktestQueue = Queue<BacktestJobData, unknown, typeof RUN_BACKTEST_JOB>;

/**
 * Two attempts: a run whose worker died (its lock lapsed) starts once more from the beginning
 * (runs are deterministic, and nothing is stored before the end); a second loss ends it FAILED.
 */
export const BACKTEST_ATTEMPTS = 2;

export function createBacktestQueue(config: Config, name = BACKTEST_QUEUE): BacktestQueue {
  return new Queue<BacktestJobData, unknown, typeof RUN_BACKTEST_JOB>(name, {
    connection: producerConnection(config),
    prefix: config.keyPrefix,
    defaultJobOptions: {
      attempts: BACKTEST_ATTEMPTS,
      removeOnComplete: { age: 24 * 3600, count: 1_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 1_000 },
    },
  });
}

/** The service's view of the queue (src/services/backtests.ts BacktestDispatch). */
export function backtestDispatch(queue: BacktestQueue): { enqueue(backtestId: string): Promise<void> } {
  return {
    // The job id is the backtest id: enqueueing twice adds one job.
    enqueue: async (backtestId) => {
      await queue.add(RUN_BACKTEST_JOB, { backtestId }, { jobId: backtestId });
    },
  };
}
