/**
 * Streams of market data that follow the market: a value read now, then a fresh one after market
 * changes (fills, motion, launches), coalesced per subscriber. poolUpdates and orderBookUpdates are
 * both this. One Redis subscription per feed and process serves every subscriber; it is opened by
 * the first subscriber and released when the last one leaves.
 *
 * Subscribers pull: a change only marks a subscriber dirty (when it `touches` what the subscriber
 * shows), and its value is read when it is next allowed to emit (at most once per `coalesceMs`,
 * leading and trailing), and only once the consumer took the previous emission. So a burst of
 * fills costs each subscriber one emission per window, the last one always shows the latest state,
 * and a slow consumer never builds a backlog (its buffer is one value).
 */
import { Repeater } from '@repeaterjs/repeater';
import type { Logger } from 'pino';
import type { MarketEvents } from '../events/market-events.js';
import type { MarketChanged } from '../events/topics.js';
import { sharedSubscription } from './streams.js';

/** A value and the version it stands for: a value whose version is not newer than the last sent is not sent. */
export interface Versioned<V> {
  readonly version: number;
  readonly value: V;
}

export interface MarketFeedDeps {
  readonly marketEvents: MarketEvents;
  readonly logger: Logger;
  /** Names the feed in logs. */
  readonly name: string;
  /** Minimum spacing of one subscriber's emissions, ms (default 250). */
  readonly coalesceMs?: number;
  /** The shared subscription was released (nothing is heard until the next subscriber). */
  readonly onIdle?: () => void;
}

export interface SubscribeOptions {
  readonly signal?: AbortSignal | undefined;
  /** Whether a change concerns this subscriber (default: every change does). */
  readonly touches?: (change: MarketChanged) => boolean;
}

export interface MarketFeed {
  /** The newest announced market version (0 before any). */
  readonly announced: number;
  /**
   * `read(true)` first, then `read(false)` after each touching change, coalesced; ends on
   * `return()` or when `signal` aborts, or with `read`'s error. `fresh` asks to re-check the stored
   * version even when no newer change was announced.
   */
  subscribe<V>(read: (fresh: boolean) => Promise<Versioned<V>>, opts?: SubscribeOptions): AsyncIterableIterator<V>;
}

export const DEFAULT_COALESCE_MS = 250;

export function createMarketFeed(deps: MarketFeedDeps): MarketFeed {
  const log = deps.logger.child({ component: deps.name });
  const coalesceMs = deps.coalesceMs ?? DEFAULT_COALESCE_MS;
  /** Each subscriber's wake-up call, with what it cares about. */
  const waiting = new Map<() => void, ((change: MarketChanged) => boolean) | undefined>();
  let announced = 0;

  const onChange = (change: MarketChanged): void => {
    // Publishers race, so an older version may arrive after a newer one: nothing new to show.
    if (change.version <= announced) return;
    announced = change.version;
    for (const [wake, touches] of waiting) if (touches === undefined || touches(change)) wake();
  };
  const link = sharedSubscription(
    async () => {
      const off = await deps.marketEvents.subscribe(onChange);
      log.debug({ channel: deps.marketEvents.channel }, 'subscribed to market changes');
      return off;
    },
    () => {
      deps.onIdle?.();
      log.debug({ channel: deps.marketEvents.channel }, 'released the market changes subscription');
    },
  );

  return {
    get announced() {
      return announced;
    },
    subscribe<V>(read: (fresh: boolean) => Promise<Versioned<V>>, opts: SubscribeOptions = {}) {
      const { signal, touches } = opts;
      return new Repeater<V>(async (push, stop) => {
        let dirty = false;
        let wake: (() => void) | undefined;
        const notify = (): void => {
          dirty = true;
          wake?.();
        };
        const onAbort = (): void => stop();
        signal?.addEventListener('abort', onAbort, { once: true });
        if (signal?.aborted) stop();
        waiting.set(notify, touches);
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
          let s: Versioned<V>;
          try {
            s = await read(first);
          } catch (error) {
            stop(error);
            break;
          }
          first = false;
          if (s.version <= sentVersion) continue;
          sentVersion = s.version;
          notBefore = performance.now() + coalesceMs;
          // Resolves once the consumer took it: at most one value waits per subscriber.
          await push(s.value);
        }
        await stopped;
      });
    },
  };
}
