/**
 * "The market moved" over the typed pub/sub: after every committed market write (a fill, a motion
 * step) the writer publishes the new version and the pools it changed on the market topic. The
 * message is deliberately tiny: subscribers reload the pools from the database (the source of
 * truth), so a lost or late message costs freshness until the next one, never correctness.
 */
import type { Logger } from 'pino';
import type { PubSub } from './pubsub.js';
import type { MarketChanged } from './topics.js';

export type { MarketChanged } from './topics.js';

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

export function createMarketEvents(pubsub: PubSub, logger: Logger): MarketEvents {
  const topic = pubsub.topics.market;
  const log = logger.child({ component: 'market-events' });
  return {
    channel: topic.channel,
    publish(change) {
      if (!change || change.poolIds.length === 0) return;
      pubsub.publish(topic, change).catch((err: unknown) => {
        log.warn({ err, version: change.version }, 'market change not published; subscribers catch up on the next one');
      });
    },
    subscribe(onChange) {
      return pubsub.subscribe(topic, (message) => {
        const change = message.payload;
        if (change !== undefined) onChange(change);
        else log.warn({ channel: topic.channel }, 'ignored a malformed market change message');
      });
    },
  };
}
