import type { BacktestProgress } from './results.js';

/** Reports progress at every whole percent of simulated time (a cheap check per event). */
export class ProgressTracker {
  private nextPercent = 1;

  constructor(
    private readonly startMs: number,
    private readonly durationMs: number,
    private readonly report: ((p: BacktestProgress) => void) | undefined,
  ) {}

  /** Called after each event at simulated time `nowMs`. */
  at(nowMs: number, ordersDone: number): void {
    if (this.report === undefined) return;
    const fraction = Math.min(1, (nowMs - this.startMs) / this.durationMs);
    if (fraction * 100 < this.nextPercent) return;
    this.nextPercent = Math.floor(fraction * 100) + 1;
    this.report({ simulatedMs: nowMs - this.startMs, durationMs: this.durationMs, fraction, ordersDone });
  }

  /** The final report: 100%. */
  done(ordersDone: number): void {
    this.report?.({ simulatedMs: this.durationMs, durationMs: this.durationMs, fraction: 1, ordersDone });
  }
}
