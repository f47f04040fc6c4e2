/**
 * The poolUpdates stream: the current pools first, then fresh pools after each market change,
 * coalesced per subscriber. One Redis subscription per process serves every subscriber; it is
 * opened by the first subscriber and released when the last one leaves.
 *
 * Subscribers pull: a change only marks a subscriber dirty, and the pools are read when it is next
 * allowed to emit (at most once per `coalesceMs`, leading and trailing), and only once the
 * consumer took the previous emission. So a burst of fills costs each subscriber one emission per
 * window, the last one always shows the latest state, and a slow consumer never builds a backlog
 * (its buffer is one snapshot). Reads go through the MarketStore, which reloads only when the stored
 * version moved, and are shared by every subscriber emitting at the same version.
 */
import { Repeater } from '@repeaterjs/repeater';
import type { Logger } from 'pino';
import type { PoolView } from '../domain/pool-view.js';
import type { MarketEvents } from '../events/market-events.js';
import type { MarketChanged } from '../events/topics.js';
import type { PoolSnapshot } from './pool-views.js';
import { sharedSubscription } from './streams.js';

export interface PoolFeedDeps {
  readonly marketEvents: MarketEvents;
  /** The freshest pools and their market version (cheap when the version did not move). */
  readonly pools: () => Promise<PoolSnapshot>;
  readonly logger: Logger;
  /** Minimum spacing of one subscriber's emissions, ms (default 250). */
  readonly coalesceMs?: number;
}

export interface PoolFeed {
  /** Current pools first, then coalesced updates; ends on `return()` or when `signal` aborts. */
  subscribe(signal?: AbortSignal): AsyncIterableIterator<readonly PoolView[]>;
}

export const DEFAULT_COALESCE_MS = 250;

export function createPoolFeed(deps: PoolFeedDeps): PoolFeed {
  const log = deps.logger.child({ component: 'pool-updates' });
  const coalesceMs = deps.coalesceMs ?? DEFAULT_COALESCE_MS;
  /** Each subscriber's wake-up call. */
  const waiting = new Set<() => void>();
  let latest: PoolSnapshot | undefined;
  let announced = 0;

  const onChange = (change: MarketChanged): void => {
    // Publishers race, so an older version may arrive after a newer one: nothing new to show.
    if (change.version <= announced) return;
    announced = change.version;
    for (const wake of waiting) wake();
  };
  const link = sharedSubscription(
    async () => {
      const off = await deps.marketEvents.subscribe(onChange);
      log.debug({ channel: deps.marketEvents.channel }, 'subscribed to market changes');
      return off;
    },
    () => {
      latest = undefined; // unheard while unsubscribed
      log.debug({ channel: deps.marketEvents.channel }, 'released the market changes subscription');
    },
  );
  /** The pools; `fresh` re-checks the stored version even when no newer change was announced. */
  const snapshot = async (fresh: boolean): Promise<PoolSnapshot> => {
    if (fresh || !latest || latest.version < announced) {
      const now = await deps.pools();
      if (!latest || now.version >= latest.version) latest = now;
    }
    return latest;
  };

  return {
    subscribe(signal) {
      return new Repeater<readonly PoolView[]>(async (push, stop) => {
        let dirty = false;
        let wake: (() => void) | undefined;
        const notify = (): void => {
          dirty = true;
          wake?.();
        };
        const onAbort = (): void => stop();
        signal?.addEventListener('abort', onAbort, { once: true });
        if (signal?.aborted) stop();
        waiting.add(notify);
        let release: (() => void) | undefined;
        let ended = false;
        const stopped = stop.then(() => {
          ended = true;
          waiting.delete(notify);
          signal?.removeEventListener('abort', onAbort);
          release?.();
          wake?.();
        });
        /** Until notified or stopped, or `ms` passed. */
        const park = (ms: number): Promise<unknown> =>
          new Promise<void>((resolve) => {
            const timer = Number.isFinite(ms) ? setTimeout(() => done(), ms) : undefined;
            const done = (): void => {
              clearTimeout(timer);
              wake = undefined;
              resolve();
            };
            wake = done;
          });
        try {
          // Subscribed before the first read, so no change between the two goes unheard.
          const r = await link.acquire();
          if (ended) r();
          else release = r;
        } catch (error) {
          stop(error);
          return;
        }
        let sentVersion = -1;
        let notBefore = 0;
        let first = true;
        while (!ended) {
          if (!first) {
            const wait = dirty ? notBefore - performance.now() : Infinity;
            if (wait > 0) {
              await park(wait);
              continue;
            }
            dirty = false;
          }
          let s: PoolSnapshot;
          try {
            s = await snapshot(first);
          } catch (error) {
            stop(error);
            break;
          }
          first = false;
          if (s.version <= sentVersion) continue;
          sentVersion = s.version;
          notBefore = performance.now() + coalesceMs;
          // Resolves once the consumer took it: at most one snapshot waits per subscriber.
          await push(s.views);
        }
        await stopped;
      });
    },
  };
}
