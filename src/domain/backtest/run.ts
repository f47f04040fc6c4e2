import { createStrategy } from '../strategy/registry.js';
import { Backtest } from './engine.js';
import { BacktestError, publicReason } from './failure.js';
import type { BacktestSinks, BacktestSummary } from './results.js';
import { validateOrderEntries } from './order-entry.js';
import { parseScenario, type Scenario } from './scenario.js';

/**
 * A backtest ready to step (engine.ts): the scenario's strategy created (params validated), its
 * launches checked against the market. Any failure here or later is a BacktestError carrying a
 * public reason and the cause separately.
 * @throws BacktestError
 */
export function createBacktest(scenario: Scenario, sinks: BacktestSinks = {}): Backtest {
  try {
    const strategy = scenario.strategy === undefined ? undefined : createStrategy(scenario.strategy.name, scenario.strategy.params);
    return new Backtest(scenario, sinks, strategy);
  } catch (e) {
    throw e instanceof BacktestError ? e : new BacktestError(publicReason(e), e, scenario.startMs);
  }
}

/**
 * Validates `input` as a scenario (an order list given as an array is checked whole, before the
 * run: validateOrderEntries) and runs it to the end in one go.
 * @throws BacktestError (invalid scenario included: its reason names the field)
 */
export function runBacktest(input: unknown, sinks: BacktestSinks = {}): BacktestSummary {
  let scenario: Scenario;
  try {
    scenario = parseScenario(input);
    if (Array.isArray(scenario.orders)) validateOrderEntries(scenario.orders, scenario);
  } catch (e) {
    throw new BacktestError(publicReason(e), e, 0);
  }
  return createBacktest(scenario, sinks).run();
}
