/**
 * The typed pub/sub transport: graphql-redis-subscriptions' RedisPubSub over two ioredis
 * connections (a publisher and a subscriber), speaking only the topics of topics.ts. Handlers get
 * each message lazily: its text at once, its payload decoded on first read, so a listener that
 * mostly ignores messages (a held feed nobody reads yet) pays no parse for them.
 *
 * The publisher auto-pipelines: the PUBLISHes issued in one turn (a group commit's worth of
 * transitions) leave in one socket write.
 */
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import { CODECS, topicsFor, type Topic, type TopicKind, type TopicPayloads, type Topics } from './topics.js';

/** One received message. */
export interface Message<K extends TopicKind> {
  readonly kind: K;
  readonly text: string;
  /** The decoded payload (decoded once, on first read); undefined when it is malformed. */
  readonly payload: TopicPayloads[K] | undefined;
}

class LazyMessage<K extends TopicKind> implements Message<K> {
  #decoded = false;
  #payload: TopicPayloads[K] | undefined;

  constructor(
    readonly kind: K,
    readonly text: string,
  ) {}

  get payload(): TopicPayloads[K] | undefined {
    if (!this.#decoded) {
      this.#decoded = true;
      try {
        this.#payload = CODECS[this.kind].decode(this.text) as TopicPayloads[K] | undefined;
      } catch {
        this.#payload = undefined; // not JSON: someone else's message on our prefix
      }
    }
    return this.#payload;
  }
}

export interface PubSub {
  readonly topics: Topics;
  /** Encodes and publishes; resolves once Redis took it. */
  publish<K extends TopicKind>(topic: Topic<K>, payload: TopicPayloads[K]): Promise<void>;
  /**
   * Calls `onMessage` for each message on the topic's channel; resolves once Redis confirmed the
   * subscription (so anything published afterwards is heard). Gives back the unsubscribe function.
   */
  subscribe<K extends TopicKind>(topic: Topic<K>, onMessage: (message: Message<K>) => void): Promise<() => void>;
  /** The publisher connection (readiness checks). */
  readonly redis: Redis;
  close(): Promise<void>;
}

/** Connects a publisher and a subscriber to `redisUrl`, for the channels of `keyPrefix`. */
export function createPubSub(redisUrl: string, keyPrefix: string): PubSub {
  // Fail fast rather than queue commands forever while Redis is away.
  const options = { maxRetriesPerRequest: 2, lazyConnect: false };
  const publisher = new Redis(redisUrl, { ...options, enableAutoPipelining: true });
  const subscriber = new Redis(redisUrl, options);
  // ioredis logs unhandled 'error' events loudly; readiness reports the state instead.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  const topics = topicsFor(keyPrefix);
  const pubsub = new RedisPubSub({
    publisher,
    subscriber,
    // Payloads arrive encoded by their topic's codec.
    serializer: (text: string) => text,
    deserializer: (source, { channel }) => {
      const kind = topics.kindOf(channel);
      return kind === undefined ? undefined : new LazyMessage(kind, source.toString());
    },
  });

  return {
    topics,
    redis: publisher,
    async publish(topic, payload) {
      await pubsub.publish(topic.channel, CODECS[topic.kind].encode(payload as never));
    },
    async subscribe(topic, onMessage) {
      const id = await pubsub.subscribe<LazyMessage<typeof topic.kind> | undefined>(topic.channel, (m) => {
        if (m !== undefined) onMessage(m as never);
      });
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
