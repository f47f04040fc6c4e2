/**
 * The runner's time: a clock and timers, injected so tests can drive them (the strategy's ctx.now()
 * and setTimer go through it, never through Date or setTimeout directly).
 */
export interface Scheduler {
  now(): number;
  /** Calls `fn` after `ms`; the handle cancels it. */
  after(ms: number, fn: () => void): { cancel(): void };
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(t) };
  },
};

/** Waits `ms` on `scheduler` (for retry backoff). */
export function sleep(scheduler: Scheduler, ms: number): Promise<void> {
  return new Promise((resolve) => scheduler.after(ms, resolve));
}
