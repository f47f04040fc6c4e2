/**
 * Runs a domain backtest in slices, yielding to the event loop between them, so the process that
 * runs it (a worker, the CLI) keeps answering: BullMQ renews its job lock, a CLI redraws its bar.
 * Progress (fraction of simulated time, orders done, a wall-clock ETA) goes to `onProgress` at most
 * once per `everyMs`, awaited between slices, and once more at the end.
 */
import { BacktestCollector, type CollectedRun } from '../domain/backtest/collector.js';
import type { OrderResult } from '../domain/backtest/results.js';
import { createBacktest } from '../domain/backtest/run.js';
import type { Scenario } from '../domain/backtest/scenario.js';

export interface RunProgress {
  /** Fraction of simulated time done, in [0, 1]. */
  readonly fraction: number;
  readonly ordersDone: number;
  /** Estimated wall-clock ms left (undefined until some progress is made). */
  readonly etaMs: number | undefined;
}

export interface SlicedRunOptions {
  /** Wall clock (ms), for the throttle and the ETA only: the simulation has its own. */
  readonly clock: () => number;
  /** At most one progress report per this many ms (default 250). */
  readonly everyMs?: number;
  /** Simulator events per slice (default 4096). */
  readonly sliceEvents?: number;
  onProgress?(p: RunProgress): void | Promise<void>;
  /** Every result as it is known (tests; a CLI keeping none need not pass it). */
  onResult?(r: OrderResult): void;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `scenario` to its end.
 * @throws BacktestError (domain/backtest/failure.ts) with a public reason and the cause
 */
export async function runSliced(scenario: Scenario, opts: SlicedRunOptions): Promise<CollectedRun> {
  const everyMs = opts.everyMs ?? 250;
  const slice = opts.sliceEvents ?? 4096;
  const collector = new BacktestCollector(scenario.startMs, opts.onResult);
  let latest = { fraction: 0, ordersDone: 0 };
  const backtest = createBacktest(
    scenario,
    collector.sinks((p) => {
      latest = { fraction: p.fraction, ordersDone: p.ordersDone };
    }),
  );
  const started = opts.clock();
  let lastReport = started;
  const report = async (): Promise<void> => {
    const elapsed = opts.clock() - started;
    const etaMs = latest.fraction > 0 ? Math.round((elapsed * (1 - latest.fraction)) / latest.fraction) : undefined;
    await opts.onProgress?.({ ...latest, etaMs });
  };
  while (!backtest.step(slice)) {
    if (opts.onProgress !== undefined && opts.clock() - lastReport >= everyMs) {
      lastReport = opts.clock();
      await report();
    }
    await yieldToLoop();
  }
  latest = { fraction: 1, ordersDone: backtest.summary().orders };
  await report();
  return collector.finish(backtest.summary());
}
