/**
 * One market motion step (a periodic task, src/jobs/periodic.ts): the reference prices take a
 * random-walk step of the task's interval and arbitrage pulls the pools after them (stepMarket),
 * persisted with a new market version and announced. Each scheduled run is one step of exactly
 * the interval, so a run that starts late still moves the market by what its slot stands for.
 */
import type { Logger } from 'pino';
import { stepMarket } from '../domain/market/motion.js';
import type { Clock, Rng } from '../domain/rng.js';
import type { MarketStore } from '../db/port.js';
import type { MarketEvents } from '../events/market-events.js';

export const MOTION_TASK = 'motion';

export interface MotionDeps {
  readonly market: MarketStore;
  /** Announces each step's pool moves (poolUpdates subscribers reload the pools). */
  readonly marketEvents: MarketEvents;
  readonly intervalMs: number;
  readonly rng: Rng;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Moves the market one step; gives back how many pools moved. */
export async function moveMarket(deps: MotionDeps): Promise<number> {
  const { market } = deps;
  const now = deps.clock();
  const dt = deps.intervalMs / 1000;
  const { write } = await market.transact(now, (m) => ({
    next: stepMarket(m, deps.rng, dt, Math.floor(now / 1000)),
    referencePricesChanged: true,
    result: undefined,
  }));
  deps.marketEvents.publish(write);
  return write?.poolIds.length ?? 0;
}
