import { launchPool } from '../market/launch.js';
import type { LaunchSpec } from '../market/launch-spec.js';
import { buildMarket, type MarketState } from '../market/market.js';
import type { Scenario } from './scenario.js';

/**
 * The market a backtest runs on: the scenario's spec built at the start, with the scenario's motion
 * volatility; launches apply the same volatility rule to the tokens they bring (σ override by
 * symbol or mint, else the launch's σ × the scale).
 */
export function initialMarket(scenario: Scenario): MarketState {
  const market = buildMarket(scenario.market, Math.floor(scenario.startMs / 1000));
  const motion = scenario.motion;
  return motion === undefined ? market : { ...market, volatility: new Map(motion.volatility) };
}

/**
 * The market after `spec` launches at `nowSec`.
 * @throws DomainError as launchPool, naming fields under `where`
 */
export function applyLaunch(market: MarketState, spec: LaunchSpec, nowSec: number, scenario: Scenario, where: string): MarketState {
  const next = launchPool(market, spec, nowSec, where);
  const motion = scenario.motion;
  const mint = spec.baseToken.mint;
  if (motion === undefined || market.volatility.has(mint) || !next.volatility.has(mint)) return next;
  const sigma = motion.sigma.get(mint) ?? spec.volatilityPerSqrtSecond * motion.volatilityScale;
  return { ...next, volatility: new Map(next.volatility).set(mint, sigma) };
}

/**
 * Every launch applied once, in order, to the starting market, so a launch that cannot happen (the
 * pair already listed, an unpriced quote token) fails the scenario before any event runs.
 * @throws DomainError as launchPool, naming `scenario.launches[i].pool...`
 */
export function checkLaunches(market: MarketState, scenario: Scenario): void {
  const nowSec = Math.floor(scenario.startMs / 1000);
  let m = market;
  for (const [i, l] of scenario.launches.entries()) m = applyLaunch(m, l.pool, nowSec, scenario, `scenario.launches[${i}].pool`);
}
