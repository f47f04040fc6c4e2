import { fieldError } from '../errors.js';
import { createIceberg } from './iceberg.js';
import { createMeanReversion } from './mean-reversion.js';
import { createTwap } from './twap.js';
import type { Strategy } from './types.js';

/** The strategies a scenario (or a live runner) can name, each a factory validating its params. */
const FACTORIES: Readonly<Record<string, (params: unknown) => Strategy>> = {
  TWAP: createTwap,
  ICEBERG: createIceberg,
  MEAN_REVERSION: createMeanReversion,
};

export const STRATEGY_NAMES: readonly string[] = Object.keys(FACTORIES);

/**
 * A fresh strategy instance (strategies hold state: one per run).
 * @throws DomainError STRATEGY_UNKNOWN (field `field`) | the strategy's STRATEGY_PARAM_* errors
 */
export function createStrategy(name: string, params: unknown, field = 'scenario.strategy.name'): Strategy {
  const factory = Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
  if (factory === undefined) throw fieldError('STRATEGY_UNKNOWN', field, `must be one of ${STRATEGY_NAMES.join(', ')}`, { value: name.slice(0, 32) });
  return factory(params);
}
