/**
 * The runBacktest input, read into one scenario the domain checks whole (prepare.ts): the API's
 * `scenario` object with its `orders` or `strategy` and `routerMode` set beside it. A domain error
 * names its field from the scenario's root; here it is named from the API's input instead.
 */
import { isDomainError } from '../domain/errors.js';
import { prepareScenario } from '../domain/backtest/prepare.js';
import type { Scenario } from '../domain/backtest/scenario.js';
import { InputError } from './errors.js';

export interface RunBacktestInput {
  readonly scenario: unknown;
  readonly orders?: readonly unknown[] | null;
  readonly strategy?: { readonly name: string; readonly params?: unknown } | null;
  readonly routerMode: string;
}

/** Orders one backtest may list (its results are kept whole, CSV included). */
export const MAX_BACKTEST_ORDERS = 100_000;

/** The domain's field path as the API's: `scenario.orders[3].at` → `input.orders[3].at`. */
export function apiField(field: string): string {
  if (field.startsWith('params')) return `input.strategy.${field}`;
  for (const top of ['orders', 'strategy', 'routerMode']) {
    if (field === `scenario.${top}` || field.startsWith(`scenario.${top}.`) || field.startsWith(`scenario.${top}[`)) return `input.${field.slice('scenario.'.length)}`;
  }
  return `input.${field}`;
}

/**
 * The scenario to store and run, checked.
 * @throws InputError naming the field (nothing is stored or enqueued)
 */
export function readBacktestInput(input: RunBacktestInput): { readonly raw: Record<string, unknown>; readonly scenario: Scenario; readonly orderCount: number } {
  const base = input.scenario;
  if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new InputError('SCENARIO_INVALID', 'input.scenario', 'scenario must be a JSON object');
  const raw: Record<string, unknown> = { ...(base as Record<string, unknown>), routerMode: input.routerMode };
  if (input.orders != null) raw['orders'] = input.orders;
  if (input.strategy != null) raw['strategy'] = { name: input.strategy.name, params: input.strategy.params ?? {} };
  if (Array.isArray(raw['orders']) && raw['orders'].length > MAX_BACKTEST_ORDERS) {
    throw new InputError('TOO_MANY_ORDERS', 'input.orders', `a backtest lists at most ${MAX_BACKTEST_ORDERS} orders`);
  }
  try {
    const { scenario, orderCount } = prepareScenario(raw);
    return { raw, scenario, orderCount };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    // Everything the scenario check refuses is the client's input, market spec codes included
    // (INVALID_MARKET has no field of its own in the table: the domain names it here).
    const field = typeof e.details['field'] === 'string' ? apiField(e.details['field']) : 'input.scenario';
    throw new InputError(e.code, field, e.message);
  }
}
