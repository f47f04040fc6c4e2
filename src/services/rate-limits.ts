/**
 * Rate limits shared by every API process: counters in Redis (rate-limiter-flexible's
 * RateLimiterRedis on the runtime's ioredis publisher, auto-pipelined), under the app's key prefix.
 *
 * Each limit is "N per second with bursts of B", built from two fixed windows (BurstyRateLimiter):
 * a one-second window of N points, and, once that is spent, a burst reserve of B − N points that
 * refills every BURST_WINDOW_S. So a client may fire B calls at once, then N per second; the reserve
 * is back ten seconds after it was first dipped into. A call inside the per-second window costs one
 * Redis round trip (an EVALSHA of INCRBY + PTTL); a call beyond it, two. The windows start at a
 * subject's first call (rate-limiter-flexible's "enhanced fixed window"), not on the clock's second.
 *
 * A busy subject does not pay a round trip per call: a call that finds no allowance held in this
 * process reserves, besides its own points, a lease of up to a tenth of the per-second limit
 * (at most LEASE_MAX points) from the same Redis window, and the next calls spend the lease here,
 * synchronously, until it runs out or its window ends; a lease half spent is topped up in the
 * background, so a steady caller rarely waits on Redis at all. The limits still hold across processes:
 * leased points are counted in Redis when they are reserved, so leasing can only refuse a subject
 * early (by what other processes hold unspent, at most a tenth of a second's allowance each), never
 * let it past its limit. Points left in a lease when its window ends lapse with the window. Limits
 * under 20 per second lease nothing, so small limits count exactly as before.
 *
 * When Redis cannot answer (down, or a command fails), the check falls back to the same limits
 * counted in this process's memory, with a warning logged (at most one per 10 s) and a metric:
 * fail-open would let an outage lift every limit (the moment a client flood would hurt most), and
 * refusing with UNAVAILABLE would turn a Redis outage into a refusal of quotes that do not need Redis
 * at all. Per-process counting keeps every limit, loosened by the number of API processes.
 */
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { LimitMetrics } from '../metrics/metrics.js';
import { LimitError } from './errors.js';
import { LeaseBook, leaseSize } from './rate-leases.js';

export type RateScope = 'orders' | 'quotes' | 'anonymous';

export type RateLimitSettings = Pick<Config, 'ordersPerSecond' | 'orderBurst' | 'quotesPerSecond' | 'quoteBurst' | 'anonPerSecond' | 'anonBurst'>;

/** How often the burst reserve (B − N) refills, seconds. */
export const BURST_WINDOW_S = 10;

export interface RateLimits {
  /**
   * Counts `points` calls of `scope` by `subject` (an API key id; a client IP for calls without a
   * key). `who` is what the refusal's log line says about the caller (an account id, never a key).
   * Returns undefined, synchronously, when a lease held in this process covered the call.
   * @throws LimitError RATE_LIMITED with retryAfterMs when they do not fit (the promise rejects)
   */
  consume(scope: RateScope, subject: string, points: number, who?: Readonly<Record<string, unknown>>): Promise<void> | undefined;
}

export interface RateLimitDeps {
  /** A command connection (not a subscriber): the runtime's publisher. */
  readonly redis: Redis;
  /** The app's key prefix: counters live under `<keyPrefix>:rl:`. */
  readonly keyPrefix: string;
  readonly settings: RateLimitSettings;
  readonly logger: Logger;
  readonly metrics: LimitMetrics;
}

interface Limiter {
  consume(key: string, points: number): Promise<RateLimiterRes>;
}

interface ScopeLimiter {
  /** The per-second window alone (leases come from it). */
  readonly window: Limiter;
  /** The window, then the burst reserve. */
  readonly full: Limiter;
  readonly lease: number;
}

/** N per second with bursts of B, in `store` (Redis or memory). */
function limiter(make: (name: string, points: number, duration: number) => RateLimiterAbstract, name: string, perSecond: number, burst: number): ScopeLimiter {
  const window = make(name, perSecond, 1);
  const full = burst <= perSecond ? window : new BurstyRateLimiter(window, make(`${name}:burst`, burst - perSecond, BURST_WINDOW_S));
  return { window, full, lease: leaseSize(perSecond) };
}

const LOG_EVERY_MS = 10_000;
/** Subjects whose last refusal log time is kept; the oldest are forgotten first. */
const MAX_LOGGED = 10_000;

export function createRateLimits(deps: RateLimitDeps): RateLimits {
  const { settings, metrics } = deps;
  const log = deps.logger.child({ component: 'rate-limits' });
  const prefix = `${deps.keyPrefix}:rl:`;
  const perScope: Record<RateScope, readonly [number, number]> = {
    orders: [settings.ordersPerSecond, settings.orderBurst],
    quotes: [settings.quotesPerSecond, settings.quoteBurst],
    anonymous: [settings.anonPerSecond, settings.anonBurst],
  };
  const build = (make: (name: string, points: number, duration: number) => RateLimiterAbstract): Record<RateScope, ScopeLimiter> => ({
    orders: limiter(make, 'orders', ...perScope.orders),
    quotes: limiter(make, 'quotes', ...perScope.quotes),
    anonymous: limiter(make, 'anonymous', ...perScope.anonymous),
  });
  // rejectIfRedisNotReady: while disconnected, fall back at once instead of queueing behind
  // ioredis's reconnection.
  const shared = build((name, points, duration) => new RateLimiterRedis({ storeClient: deps.redis, keyPrefix: `${prefix}${name}`, points, duration, rejectIfRedisNotReady: true }));
  const local = build((name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }));

  let lastStoreWarning = -Infinity;
  const storeFailed = (err: unknown): void => {
    metrics.storeError();
    const now = performance.now();
    if (now - lastStoreWarning < LOG_EVERY_MS) return;
    lastStoreWarning = now;
    log.warn({ err }, 'rate limits: Redis did not answer; counting in this process until it does');
  };

  const lastLogged = new Map<string, number>();
  const refused = (scope: RateScope, subject: string, res: RateLimiterRes, who: Readonly<Record<string, unknown>> | undefined): never => {
    metrics.refused(scope);
    const retryAfterMs = Math.max(1, Math.ceil(res.msBeforeNext));
    // One line per subject and scope per LOG_EVERY_MS: a client hammering past its limit must not
    // turn each refusal into a log write.
    const key = `${scope}|${subject}`;
    const now = performance.now();
    const last = lastLogged.get(key);
    if (last === undefined || now - last >= LOG_EVERY_MS) {
      lastLogged.delete(key);
      lastLogged.set(key, now);
      if (lastLogged.size > MAX_LOGGED) lastLogged.delete(lastLogged.keys().next().value as string);
      log.info({ scope, ...(who ?? {}), retryAfterMs }, 'rate limit reached');
    }
    const [perSecond, burst] = perScope[scope];
    throw new LimitError('RATE_LIMITED', `Rate limit reached: ${perSecond} ${scope === 'anonymous' ? 'calls without an API key' : scope} per second (bursts of ${burst}). Retry after ${retryAfterMs} ms.`, retryAfterMs);
  };

  const leases = new LeaseBook();
  /** One reservation in flight per subject: a burst of calls waits for it instead of each reserving. */
  const reserving = new Map<string, Promise<void>>();

  /** Counts the call (`points`, 0 for a top-up) in Redis, with a lease beside it when the window has room. */
  const reserve = async (scope: RateScope, subject: string, key: string, points: number, who: Readonly<Record<string, unknown>> | undefined): Promise<void> => {
    const limiter = shared[scope];
    const extra = leases.nextExtra(key, limiter.lease, points, performance.now());
    try {
      if (extra > 0) {
        try {
          const res = await limiter.window.consume(subject, points + extra);
          leases.granted(key, extra, res.remainingPoints, res.msBeforeNext, performance.now());
          return;
        } catch (err) {
          if (!(err instanceof RateLimiterRes)) throw err;
          // No room for a lease: the next calls go straight to the burst reserve, and this one is
          // counted alone below.
          leases.spent(key, err.msBeforeNext, performance.now());
        }
      }
      if (points > 0) await limiter.full.consume(subject, points);
      return;
    } catch (err) {
      if (err instanceof RateLimiterRes) refused(scope, subject, err, who);
      storeFailed(err);
    }
    if (points === 0) return;
    try {
      await local[scope].full.consume(subject, points);
    } catch (err) {
      if (err instanceof RateLimiterRes) refused(scope, subject, err, who);
      throw err;
    }
  };

  /** Runs `reserve` as the subject's one reservation in flight. */
  const single = (scope: RateScope, subject: string, key: string, points: number, who: Readonly<Record<string, unknown>> | undefined): Promise<void> => {
    const done = reserve(scope, subject, key, points, who).finally(() => {
      if (reserving.get(key) === done) reserving.delete(key);
    });
    reserving.set(key, done);
    return done;
  };

  const slow = async (scope: RateScope, subject: string, key: string, points: number, who: Readonly<Record<string, unknown>> | undefined): Promise<void> => {
    for (;;) {
      const inFlight = reserving.get(key);
      if (inFlight === undefined) break;
      await inFlight.catch(() => undefined);
      if (leases.spend(key, points, performance.now()) >= 0) return;
    }
    await single(scope, subject, key, points, who);
  };

  return {
    consume(scope, subject, points, who) {
      const key = `${scope}|${subject}`;
      // The common case for a busy subject: its lease covers the call, and nothing is awaited.
      const now = performance.now();
      const left = leases.spend(key, points, now);
      if (left < 0) return slow(scope, subject, key, points, who);
      // Half spent: top it up in the background, so the calls after it rarely wait for Redis (not
      // when its window has nothing more to lease).
      const size = shared[scope].lease;
      if (left * 2 < size && !reserving.has(key) && leases.nextExtra(key, size, 0, now) > 0) single(scope, subject, key, 0, who).catch(() => undefined);
      return undefined;
    },
  };
}
