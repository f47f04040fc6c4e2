import { createStrategy } from '../strategy/registry.js';
import { checkLaunches, initialMarket } from './market-setup.js';
import { validateOrderEntries } from './order-entry.js';
import { parseScenario, type Scenario } from './scenario.js';

/**
 * A scenario checked whole before anything is stored or run: its fields (parseScenario), an order
 * list entry by entry (validateOrderEntries), the strategy's name and params, and its launches
 * against the market. What passes here can only fail later for what the run itself meets.
 * @throws DomainError naming the field (`scenario.…`, or `params.…` for a strategy parameter)
 */
export function prepareScenario(raw: unknown): { readonly scenario: Scenario; readonly orderCount: number } {
  const scenario = parseScenario(raw);
  const orderCount = Array.isArray(scenario.orders) ? validateOrderEntries(scenario.orders, scenario) : 0;
  if (scenario.strategy !== undefined) createStrategy(scenario.strategy.name, scenario.strategy.params);
  checkLaunches(initialMarket(scenario), scenario);
  return { scenario, orderCount };
}
