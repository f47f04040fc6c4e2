/**
 * Scenario 8, triggers: one market change against 10,000 resting limit and stop orders over every
 * routable pair (bench/trigger-eval.ts): the trigger index's time next to evaluating every order
 * exactly, in the same run. In process: this is the worker's work per announced market change.
 */
import type { BenchContext } from '../lib/context.js';
import type { ScenarioResult } from '../lib/results.js';
import { ratio } from '../lib/stats.js';
import { benchTriggerEval } from '../trigger-eval.js';

export async function triggersScenario(ctx: BenchContext, result: ScenarioResult): Promise<ScenarioResult> {
  ctx.log(`triggers: ${ctx.sizes.triggerOrders} resting orders, ${ctx.sizes.triggerTrials} market changes`);
  const r = benchTriggerEval({ orders: ctx.sizes.triggerOrders, trials: ctx.sizes.triggerTrials });
  if (!r.agreement) throw new Error('the trigger index and the brute force fired different orders');
  result.figures['triggerEval'] = r;
  const brute = 'every order evaluated exactly';
  result.rows.push({ measure: `trigger evaluation p50, ${r.restingOrders} resting orders`, ours: r.index.p50Ms, unit: 'ms', baselineName: `${brute} p50`, baseline: r.bruteForce.p50Ms, ratio: ratio(r.index.p50Ms, r.bruteForce.p50Ms) });
  result.rows.push({ measure: `trigger evaluation p99, ${r.restingOrders} resting orders`, ours: r.index.p99Ms, unit: 'ms', baselineName: `${brute} p99`, baseline: r.bruteForce.p99Ms, ratio: ratio(r.index.p99Ms, r.bruteForce.p99Ms) });
  result.notes.push(
    `Triggers: changes alternate a motion step and a 1,000 SOL fill; orders rest 0.2-5% from their executable price; the index examined ${r.index.examinedP50} orders (p50) and fired ${r.firedPerChange} per change, the same orders as the brute force.`,
  );
  return result;
}
