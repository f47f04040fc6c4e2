import type { ScheduledLaunch } from './market-spec.js';

/**
 * The scheduled launches due in the window (afterExclusiveMs, untilInclusiveMs], both measured
 * from the market's start, in schedule order. Calling it with consecutive windows (the previous
 * `untilInclusiveMs` as the next `afterExclusiveMs`) yields every launch exactly once; start the
 * first window at −1 so launches scheduled at 0 are included.
 */
export function launchesDue(launches: readonly ScheduledLaunch[], afterExclusiveMs: number, untilInclusiveMs: number): ScheduledLaunch[] {
  const due: ScheduledLaunch[] = [];
  for (const l of launches) if (l.afterMs > afterExclusiveMs && l.afterMs <= untilInclusiveMs) due.push(l);
  return due;
}
