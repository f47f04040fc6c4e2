/**
 * Scenario 5, persistence: status transitions the workers wrote per second during the throughput
 * run (order_events rows over first submit -> last terminal), against raw better-sqlite3 inserts
 * (WAL, synchronous=NORMAL, one insert per statement) measured in the same run.
 */
import { sqliteRawRowsPerSec } from '../baselines/index.js';
import type { BenchContext } from '../lib/context.js';
import { type ScenarioResult } from '../lib/results.js';
import { ratio } from '../lib/stats.js';
import type { ThroughputRun } from './throughput.js';

export async function persistenceScenario(ctx: BenchContext, result: ScenarioResult, throughputRuns: readonly ThroughputRun[] | undefined): Promise<ScenarioResult> {
  ctx.log(`persistence: raw SQLite insert baseline (${ctx.sizes.sqliteRepeats}× ${ctx.sizes.sqliteRows} rows)`);
  const raw = await sqliteRawRowsPerSec(ctx);
  result.figures['sqliteRawRowsPerSec'] = raw;
  if (throughputRuns === undefined || throughputRuns.length === 0) {
    throw new Error('persistence needs the throughput scenario (it counts the transitions written during that run): run with --only throughput,persistence');
  }
  for (const run of throughputRuns) {
    result.figures[run.topology] = { transitions: run.transitions, windowMs: run.windowMs, transitionsPerSec: run.transitionsPerSec };
    result.rows.push({
      measure: `transitions written/s, ${run.topology}`,
      ours: run.transitionsPerSec,
      unit: 'rows/s',
      baselineName: 'raw SQLite inserts/s',
      baseline: raw.median,
      ratio: ratio(run.transitionsPerSec, raw.median),
    });
  }
  result.notes.push('Transitions = order_events rows (one per status change) written during the throughput run; each also updates the orders row.');
  return result;
}
