/**
 * Order updates over Redis pub/sub (graphql-redis-subscriptions' RedisPubSub for subscriptions,
 * its publisher connection for publishing). Messages are OrderUpdates encoded by the db codec, so
 * bigints travel as strings and come back as bigints.
 */
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import { decodeJson, encodeJson } from '../db/codec.js';
import type { OrderUpdate } from '../services/types.js';
import { topicsFor, type Topics } from './topics.js';

export interface OrderEvents {
  readonly topics: Topics;
  /** Publishes one persisted update on its order's channel and on the all-orders channel. */
  publish(update: OrderUpdate): Promise<void>;
  /**
   * Calls `onUpdate` for each message on `channel`; resolves once Redis confirmed the subscription
   * (so anything published afterwards is heard). Gives back the unsubscribe function.
   */
  subscribe(channel: string, onUpdate: (update: OrderUpdate) => void): Promise<() => void>;
  /** The publisher connection, for the motion lock and readiness. */
  readonly redis: Redis;
  close(): Promise<void>;
}

/** Connects a publisher and a subscriber to `redisUrl`. */
export function createOrderEvents(redisUrl: string, keyPrefix: string): OrderEvents {
  // Fail fast rather than queue commands forever while Redis is away.
  const options = { maxRetriesPerRequest: 2, lazyConnect: false };
  const publisher = new Redis(redisUrl, options);
  const subscriber = new Redis(redisUrl, options);
  // ioredis logs unhandled 'error' events loudly; readiness reports the state instead.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  const pubsub = new RedisPubSub({
    publisher,
    subscriber,
    serializer: encodeJson,
    deserializer: (source) => decodeJson<OrderUpdate>(source.toString()),
  });
  const topics = topicsFor(keyPrefix);

  return {
    topics,
    redis: publisher,
    async publish(update) {
      const message = encodeJson(update);
      // One round trip for both channels.
      const results = await publisher
        .pipeline()
        .publish(topics.order(update.orderId), message)
        .publish(topics.orders, message)
        .exec();
      for (const [err] of results ?? []) if (err) throw err;
    },
    async subscribe(channel, onUpdate) {
      const id = await pubsub.subscribe<OrderUpdate>(channel, onUpdate);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        pubsub.unsubscribe(id);
      };
    },
    async close() {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
