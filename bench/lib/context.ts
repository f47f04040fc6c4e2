/**
 * What every scenario gets: the options, the private Redis, a scratch directory, the sizes for this
 * mode (quick smoke check vs full run), and a logger that goes to stderr so stdout stays the table.
 */
import type { BenchArgs } from './args.js';
import type { BenchRedis } from './redis.js';

export interface Sizes {
  /** Orders in the throughput run (issue: 20,000). */
  readonly orders: number;
  /** Orders per setup in the scale-out scenario (four setups, PostgreSQL ones slower). */
  readonly scaleOutOrders: number;
  /** Open orders Redis loses in the recovery scenario. */
  readonly recoveryOrders: number;
  /** Concurrent HTTP clients submitting orders (issue: 50). */
  readonly clients: number;
  /** Worker concurrency per worker process (issue: 50). */
  readonly workerConcurrency: number;
  /** No-op jobs for the BullMQ baseline. */
  readonly bullmqJobs: number;
  /** autocannon run length and how many runs to take the median of. */
  readonly cannonSeconds: number;
  readonly cannonRepeats: number;
  readonly cannonConnections: number;
  /**
   * Load applied to each HTTP server before it is measured. Cold, our quote path runs 3-4× slower
   * than warm for its first two seconds and reaches its steady rate after about six (V8 tiering,
   * heap sizing); yoga's { hello } settles after about three. Every server gets the same warm-up,
   * so the figures are steady-state ones (the warm-up curve is in bench/PROFILE.md).
   */
  readonly warmupSeconds: number;
  /** Seconds of open-loop load in the latency scenario. */
  readonly latencySeconds: number;
  /** Subscriber counts for fan-out, and events measured at each. */
  readonly fanoutSizes: readonly number[];
  readonly fanoutEvents: number;
  /** Rows for the raw SQLite baseline and how many runs to take the median of. */
  readonly sqliteRows: number;
  readonly sqliteRepeats: number;
  /** Round trips for the Redis pub/sub baseline. */
  readonly rttMessages: number;
  /** Milliseconds for each in-process route-search measurement. */
  readonly routeSearchMs: number;
  /** Resting orders and market changes for the trigger evaluation. */
  readonly triggerOrders: number;
  readonly triggerTrials: number;
  /** Market orders in the in-process backtest. */
  readonly backtestOrders: number;
}

export const FULL: Sizes = {
  orders: 20_000,
  scaleOutOrders: 6_000,
  recoveryOrders: 2_000,
  clients: 50,
  workerConcurrency: 50,
  bullmqJobs: 20_000,
  cannonSeconds: 8,
  cannonRepeats: 3,
  cannonConnections: 50,
  warmupSeconds: 8,
  latencySeconds: 20,
  fanoutSizes: [1000, 5000],
  fanoutEvents: 5,
  sqliteRows: 100_000,
  sqliteRepeats: 3,
  rttMessages: 5000,
  routeSearchMs: 3000,
  triggerOrders: 10_000,
  triggerTrials: 40,
  backtestOrders: 1_000_000,
};

export const QUICK: Sizes = {
  orders: 1500,
  scaleOutOrders: 1500,
  recoveryOrders: 1000,
  clients: 50,
  workerConcurrency: 50,
  bullmqJobs: 5000,
  cannonSeconds: 2,
  cannonRepeats: 1,
  cannonConnections: 50,
  warmupSeconds: 5,
  latencySeconds: 4,
  fanoutSizes: [200, 1000],
  fanoutEvents: 3,
  sqliteRows: 20_000,
  sqliteRepeats: 1,
  rttMessages: 1000,
  routeSearchMs: 400,
  triggerOrders: 10_000,
  triggerTrials: 6,
  backtestOrders: 20_000,
};

export interface BenchContext {
  readonly args: BenchArgs;
  readonly sizes: Sizes;
  readonly redis: BenchRedis;
  /** Scratch directory for SQLite files and child logs; removed at the end. */
  readonly tmpDir: string;
  /** Figures other scenarios need (e.g. the latency scenario runs at half the measured max). */
  readonly shared: Map<string, number>;
  log(message: string): void;
}

export function logger(): (message: string) => void {
  const start = Date.now();
  return (message) => process.stderr.write(`[bench +${((Date.now() - start) / 1000).toFixed(1)}s] ${message}\n`);
}
