/**
 * One market motion step (a periodic task, src/jobs/periodic.ts): the reference prices take a
 * random-walk step of the task's interval and arbitrage pulls the pools after them (stepMarket),
 * persisted with a new market version and announced. Each scheduled run is one step of exactly
 * the interval, so a run that starts late still moves the market by what its slot stands for.
 */
import type { Logger } from 'pino';
import { stepMarket } from '../domain/market/motion.js';
import type { Clock, Rng } from '../domain/rng.js';
import type { Db } from '../db/connect.js';
import type { MarketStore } from '../db/market-store.js';
import { writeBatched } from '../db/write-batcher.js';
import type { MarketEvents } from '../events/market-events.js';
import { committedChange } from './market-changes.js';

export const MOTION_TASK = 'motion';

export interface MotionDeps {
  readonly db: Db;
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
  // In the group commit like every other write: while another process holds SQLite's write lock
  // the batcher retries instead of sleeping in the busy handler, which would stall this process.
  await writeBatched(deps.db, () =>
    market.transact(now, (m) => ({
      next: stepMarket(m, deps.rng, dt, Math.floor(now / 1000)),
      referencePricesChanged: true,
      result: undefined,
    })),
  );
  const change = committedChange(market, now);
  deps.marketEvents.publish(change);
  return change?.poolIds.length ?? 0;
}
