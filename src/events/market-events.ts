/**
 * "The market moved" over Redis pub/sub: after every committed market write (a fill, a motion step)
 * the writer publishes the new version and the pools it changed on `${keyPrefix}:market`. The
 * message is deliberately tiny: subscribers reload the pools from SQLite (the source of truth), so
 * a lost or late message costs freshness until the next one, never correctness.
 *
 * Rides on the order events' connections: the publisher connection publishes, and subscriptions go
 * through the same RedisPubSub subscriber, so no process opens an extra Redis connection for this.
 */
import type { Logger } from 'pino';
import type { OrderEvents } from './order-events.js';

export interface MarketChanged {
  /** The market version the write committed. */
  readonly version: number;
  /** Pools the write changed. */
  readonly poolIds: readonly string[];
}

export interface MarketEvents {
  readonly channel: string;
  /**
   * Announces a committed write; never throws and returns at once (one PUBLISH, not awaited), so it
   * adds no latency to the order path. `undefined` or no changed pool publishes nothing.
   */
  publish(change: MarketChanged | undefined): void;
  /** Calls `onChange` per message; resolves once Redis confirmed the subscription. */
  subscribe(onChange: (change: MarketChanged) => void): Promise<() => void>;
}

export function marketChannel(keyPrefix: string): string {
  return `${keyPrefix}:market`;
}

function isMarketChanged(m: unknown): m is MarketChanged {
  if (typeof m !== 'object' || m === null) return false;
  const { version, poolIds } = m as Record<string, unknown>;
  return Number.isSafeInteger(version) && Array.isArray(poolIds) && poolIds.every((id) => typeof id === 'string');
}

export function createMarketEvents(events: OrderEvents, keyPrefix: string, logger: Logger): MarketEvents {
  const channel = marketChannel(keyPrefix);
  const log = logger.child({ component: 'market-events' });
  return {
    channel,
    publish(change) {
      if (!change || change.poolIds.length === 0) return;
      events.redis.publish(channel, JSON.stringify(change)).catch((err: unknown) => {
        log.warn({ err, version: change.version }, 'market change not published; subscribers catch up on the next one');
      });
    },
    subscribe(onChange) {
      // The shared subscriber decodes JSON but types every message as an order update: check it.
      return events.subscribe(channel, (message: unknown) => {
        if (isMarketChanged(message)) onChange(message);
        else log.warn({ channel }, 'ignored a malformed market change message');
      });
    },
  };
}
