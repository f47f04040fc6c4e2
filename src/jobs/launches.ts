/**
 * The market spec's scheduled launches as a periodic task (src/jobs/periodic.ts): each run launches
 * what is due since the market's first start and not listed yet (services/launches.ts). The task's
 * queue runs one job at a time across every worker process, and the launch itself is idempotent by
 * pool id inside the market write, so each scheduled pool is launched exactly once, restarts included.
 */
import type { LaunchScheduler } from '../services/launches.js';

export const LAUNCH_TASK = 'launches';

/** One check; gives the ids of the pools it launched. */
export function runLaunches(scheduler: LaunchScheduler): Promise<string[]> {
  return scheduler.runDue();
}
