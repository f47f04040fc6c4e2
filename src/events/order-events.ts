/**
 * Order updates over Redis pub/sub (graphql-redis-subscriptions' RedisPubSub for subscriptions,
 * its publisher connection for publishing).
 *
 * A message is slim: the update and the order's MUTABLE state (OrderState: status, seq, time,
 * attempts, fill, failure), encoded by the db codec so bigints travel as strings. The receiving
 * process rebuilds the full snapshot from the order's immutable part (tokens, amounts, quoted
 * route...), which it caches per order: primed by its own PENDING publish, otherwise read once from
 * the database (`orderBase`), which holds the order before anything about it is published.
 *
 * The publisher connection auto-pipelines: the PUBLISHes issued in one turn (a group commit's
 * worth of transitions) leave in one socket write.
 */
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import { decodeJson, encodeJson } from '../domain/codec.js';
import { orderAt, type OrderState, type OrderUpdate, type OrderView } from '../domain/order-view.js';
import { topicsFor, type Topics } from './topics.js';

/** What travels on an order channel. */
interface OrderMessage extends OrderState {
  readonly orderId: string;
  readonly detail?: string;
}

function isOrderMessage(m: unknown): m is OrderMessage {
  return typeof m === 'object' && m !== null && typeof (m as OrderMessage).orderId === 'string' && typeof (m as OrderMessage).seq === 'number';
}

function encodeMessage(u: OrderUpdate): string {
  const o = u.order;
  const m: OrderMessage = {
    orderId: u.orderId,
    seq: u.seq,
    status: u.status,
    at: u.at,
    detail: u.detail,
    attempts: o.attempts,
    fill: o.fill,
    failureCode: o.failureCode,
    failureMessage: o.failureMessage,
  };
  // Only a fill holds bigints: the replacer (slow, called per key) is needed for that one.
  return o.fill === undefined ? JSON.stringify(m) : encodeJson(m);
}

/** Orders whose immutable part a process keeps, most recently used last. */
const MAX_CACHED_ORDERS = 10_000;

export interface OrderEvents {
  readonly topics: Topics;
  /** Publishes one persisted update on its order's channel and on the all-orders channel. */
  publish(update: OrderUpdate): Promise<void>;
  /**
   * Calls `onUpdate` for each message on `channel`; resolves once Redis confirmed the subscription
   * (so anything published afterwards is heard). Gives back the unsubscribe function.
   */
  subscribe(channel: string, onUpdate: (update: OrderUpdate) => void): Promise<() => void>;
  /**
   * Like subscribe, but hands over each message's raw text, undecoded, on a connection of its own:
   * for a listener that mostly ignores them (the all-orders hub with nobody listening), where
   * decoding every message would be the cost. `decode` turns one into an update when wanted.
   */
  listen(channel: string, onText: (text: string) => void): Promise<() => void>;
  /** A raw order message as the full update; undefined for an order this process cannot read. */
  decode(text: string): OrderUpdate | undefined;
  /** The publisher connection, for the motion lock and readiness. */
  readonly redis: Redis;
  close(): Promise<void>;
}

export interface OrderEventsOptions {
  /** The stored order (only its immutable part is used): for messages about orders not seen here. */
  readonly orderBase?: (orderId: string) => OrderView | undefined;
}

/** Connects a publisher and a subscriber to `redisUrl`. */
export function createOrderEvents(redisUrl: string, keyPrefix: string, opts: OrderEventsOptions = {}): OrderEvents {
  // Fail fast rather than queue commands forever while Redis is away.
  const options = { maxRetriesPerRequest: 2, lazyConnect: false };
  const publisher = new Redis(redisUrl, { ...options, enableAutoPipelining: true });
  const subscriber = new Redis(redisUrl, options);
  // ioredis logs unhandled 'error' events loudly; readiness reports the state instead.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  const parse = (text: string): unknown =>
    // Only a fill holds bigints, and encodeMessage writes orderId first: a plain JSON.parse (no
    // reviver called per key) reads every other order message.
    text.startsWith('{"orderId":') && !text.includes('"fill":') ? JSON.parse(text) : decodeJson<unknown>(text);
  const pubsub = new RedisPubSub({
    publisher,
    subscriber,
    serializer: encodeJson,
    // Other channels (market changes) share the subscriber: anything not an order message passes.
    deserializer: (source) => {
      const m = parse(source.toString());
      return isOrderMessage(m) ? hydrate(m) : m;
    },
  });
  /** Channels listened to raw, and the connection that carries them (opened on first use). */
  const listeners = new Map<string, Set<(text: string) => void>>();
  const confirmed = new Map<string, Promise<void>>();
  let raw: Redis | undefined;
  const rawConnection = (): Redis => {
    if (raw) return raw;
    const r = new Redis(redisUrl, options);
    r.on('error', () => {});
    r.on('message', (channel: string, text: string) => {
      for (const l of listeners.get(channel) ?? []) l(text);
    });
    return (raw = r);
  };
  const topics = topicsFor(keyPrefix);

  const bases = new Map<string, OrderView>();
  const remember = (order: OrderView): void => {
    bases.delete(order.id);
    bases.set(order.id, order);
    if (bases.size > MAX_CACHED_ORDERS) bases.delete(bases.keys().next().value as string);
  };
  /** The full update, or the bare message when the order is unknown here (dropped by subscribe). */
  function hydrate(m: OrderMessage): OrderUpdate | OrderMessage {
    let base = bases.get(m.orderId);
    if (base === undefined) {
      base = opts.orderBase?.(m.orderId);
      if (base === undefined) return m;
      remember(base);
    }
    return { orderId: m.orderId, seq: m.seq, status: m.status, at: m.at, detail: m.detail, order: orderAt(base, m) };
  }

  return {
    topics,
    redis: publisher,
    async publish(update) {
      // The process that accepted the order is the likeliest to stream it: keep its immutable part.
      if (update.seq === 1) remember(update.order);
      const message = encodeMessage(update);
      // Auto-pipelined: both leave in the same write, with whatever else this turn publishes.
      await Promise.all([publisher.publish(topics.order(update.orderId), message), publisher.publish(topics.orders, message)]);
    },
    async subscribe(channel, onUpdate) {
      const id = await pubsub.subscribe<OrderUpdate | OrderMessage>(channel, (u) => {
        // An order this process cannot read (another database on the same prefix): nothing to show.
        if (!isOrderMessage(u) || 'order' in u) onUpdate(u as OrderUpdate);
      });
      let done = false;
      return () => {
        if (done) return;
        done = true;
        pubsub.unsubscribe(id);
      };
    },
    async listen(channel, onText) {
      const conn = rawConnection();
      let set = listeners.get(channel);
      if (!set) {
        listeners.set(channel, (set = new Set()));
        confirmed.set(channel, conn.subscribe(channel).then(() => undefined));
      }
      set.add(onText);
      const stop = () => {
        set.delete(onText);
        if (set.size > 0 || listeners.get(channel) !== set) return;
        listeners.delete(channel);
        confirmed.delete(channel);
        void conn.unsubscribe(channel).catch(() => undefined);
      };
      try {
        // Every caller waits for Redis's confirmation, also one that joins while it is pending.
        await confirmed.get(channel);
      } catch (e) {
        stop();
        throw e;
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        stop();
      };
    },
    decode(text) {
      const m = parse(text);
      if (!isOrderMessage(m)) return undefined;
      const u = hydrate(m);
      return 'order' in u ? u : undefined;
    },
    async close() {
      await Promise.allSettled([publisher.quit(), subscriber.quit(), ...(raw ? [raw.quit()] : [])]);
    },
  };
}
