/**
 * Market motion: every tick the reference prices take a random-walk step and arbitrage pulls the
 * pools after them (stepMarket), persisted with a new market version. Exactly one process moves
 * the market: it holds a Redis lock (SET NX PX) that it renews each tick and that expires if the
 * process dies, so another one takes over.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { stepMarket } from '../domain/market/motion.js';
import type { Clock, Rng } from '../domain/rng.js';
import type { Db } from '../db/connect.js';
import type { MarketStore } from '../db/market-store.js';
import { writeBatched } from '../db/write-batcher.js';
import type { MarketEvents } from '../events/market-events.js';
import { committedChange } from './market-changes.js';

export interface MotionOptions {
  readonly db: Db;
  readonly market: MarketStore;
  /** Announces each step's pool moves (poolUpdates subscribers reload the pools). */
  readonly marketEvents: MarketEvents;
  readonly redis: Redis;
  readonly lockKey: string;
  readonly intervalMs: number;
  readonly rng: Rng;
  readonly clock: Clock;
  readonly logger: Logger;
}

// Extends the lock only when we still own it (compare-and-expire).
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Starts the motion loop; `stop` ends it and releases the lock. */
export function startMotion(options: MotionOptions): { stop(): Promise<void> } {
  const { market, redis, lockKey, intervalMs, rng, clock } = options;
  const log = options.logger.child({ component: 'motion' });
  const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  const ttl = intervalMs * 3;
  let owner = false;
  let last = clock();
  let running: Promise<void> = Promise.resolve();

  const tick = async (): Promise<void> => {
    try {
      owner = owner
        ? (await redis.eval(RENEW, 1, lockKey, token, String(ttl))) === 1
        : (await redis.set(lockKey, token, 'PX', ttl, 'NX')) === 'OK';
      const now = clock();
      const dt = Math.min((now - last) / 1000, (intervalMs * 5) / 1000);
      last = now;
      if (!owner || dt <= 0) return;
      // In the group commit like every other write: while another process holds SQLite's write
      // lock the batcher retries instead of sleeping in the busy handler, which would stall every
      // request this process serves.
      await writeBatched(options.db, () =>
        market.transact(now, (m) => ({
          next: stepMarket(m, rng, dt, Math.floor(now / 1000)),
          referencePricesChanged: true,
          result: undefined,
        })),
      );
      options.marketEvents.publish(committedChange(market, now));
    } catch (err) {
      log.warn({ err }, 'market motion tick failed');
    }
  };
  const timer = setInterval(() => {
    running = tick();
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
      if (owner) await redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
    },
  };
}
