/**
 * When work runs. Events arrive in bursts (1,000 fills, a pool emission every ~250 ms), so work they
 * trigger is coalesced: the page does the newest work once rather than every intermediate step.
 */

/** Coalesces many calls into one run per animation frame (DOM work driven by events). */
export function frameBatcher(run: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      run();
    });
  };
}

/** Trailing-edge debounce: for typing, where only the value the user stopped at matters. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): { (...args: A): void; cancel(): void; pending(): boolean } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (...args: A): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  run.cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  run.pending = (): boolean => timer !== undefined;
  return run;
}

/**
 * Leading + trailing throttle: the first call runs at once, later calls within `ms` collapse into
 * one run at the end of the window. Unlike a debounce, a steady stream of calls cannot postpone the
 * work forever, which is what kept the live quote busy during a burst of fills.
 */
export function throttle(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  const tick = (): void => {
    if (!pending) {
      timer = undefined;
      return;
    }
    pending = false;
    fn();
    timer = setTimeout(tick, ms);
  };
  const run = (): void => {
    if (timer !== undefined) {
      pending = true;
      return;
    }
    fn();
    timer = setTimeout(tick, ms);
  };
  /** Drops a trailing run not yet due (the window itself stays: the next call still waits for it). */
  run.cancel = (): void => {
    pending = false;
  };
  return run;
}

/** At most one run per `ms`, and then in an animation frame (charts, bar lists: costly redraws). */
export function throttledFrame(run: () => void, ms: number): () => void {
  return throttle(frameBatcher(run), ms);
}
