/**
 * Order updates over the typed pub/sub (pubsub.ts). A message is slim: the update and the order's
 * MUTABLE state (OrderState: status, seq, time, attempts, fill, failure), bigints as strings. The
 * receiving process rebuilds the full snapshot from the order's immutable part (tokens, amounts,
 * quoted route...), which it caches per order: primed by its own PENDING publish, otherwise read
 * once from the database (`orderBase`), which holds the order before anything about it is
 * published.
 */
import { orderAt, type OrderUpdate, type OrderView } from '../domain/order-view.js';
import type { Message, PubSub } from './pubsub.js';
import type { OrderMessage, Topic, Topics } from './topics.js';

/** Orders whose immutable part a process keeps, most recently used last. */
const MAX_CACHED_ORDERS = 10_000;

function messageOf(u: OrderUpdate): OrderMessage {
  const o = u.order;
  return {
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
}

export interface OrderEvents {
  readonly topics: Topics;
  /** Publishes one persisted update on its order's channel and on the all-orders channel. */
  publish(update: OrderUpdate): Promise<void>;
  /**
   * Calls `onUpdate` with each full update on an order channel (or the all-orders one); resolves
   * once Redis confirmed the subscription. Messages about orders this process cannot read
   * (another database on the same prefix) are dropped. Gives back the unsubscribe function.
   */
  subscribe(topic: Topic<'order' | 'orders'>, onUpdate: (update: OrderUpdate) => void): Promise<() => void>;
  /**
   * Every order's messages as they come, undecoded until the handler asks (`decode`): for a feed
   * held with nobody reading it yet, where decoding every message would be the cost.
   */
  listen(onMessage: (message: Message<'orders'>) => void): Promise<() => void>;
  /** A received message as the full update; undefined when malformed or about an unknown order. */
  decode(message: Message<'order' | 'orders'>): OrderUpdate | undefined;
}

export interface OrderEventsOptions {
  /** The stored order (only its immutable part is used): for messages about orders not seen here. */
  readonly orderBase?: (orderId: string) => OrderView | undefined;
}

export function createOrderEvents(pubsub: PubSub, opts: OrderEventsOptions = {}): OrderEvents {
  const { topics } = pubsub;
  const bases = new Map<string, OrderView>();
  const remember = (order: OrderView): void => {
    bases.delete(order.id);
    bases.set(order.id, order);
    if (bases.size > MAX_CACHED_ORDERS) bases.delete(bases.keys().next().value as string);
  };
  const hydrate = (m: OrderMessage): OrderUpdate | undefined => {
    let base = bases.get(m.orderId);
    if (base === undefined) {
      base = opts.orderBase?.(m.orderId);
      if (base === undefined) return undefined;
      remember(base);
    }
    return { orderId: m.orderId, seq: m.seq, status: m.status, at: m.at, detail: m.detail, order: orderAt(base, m) };
  };
  const decode = (message: Message<'order' | 'orders'>): OrderUpdate | undefined => {
    const m = message.payload;
    return m === undefined ? undefined : hydrate(m);
  };

  return {
    topics,
    async publish(update) {
      // The process that accepted the order is the likeliest to stream it: keep its immutable part.
      if (update.seq === 1) remember(update.order);
      const message = messageOf(update);
      // Auto-pipelined: both leave in the same write, with whatever else this turn publishes.
      await Promise.all([pubsub.publish(topics.order(update.orderId), message), pubsub.publish(topics.orders, message)]);
    },
    subscribe(topic, onUpdate) {
      return pubsub.subscribe(topic, (message) => {
        const u = decode(message);
        if (u !== undefined) onUpdate(u);
      });
    },
    listen(onMessage) {
      return pubsub.subscribe(topics.orders, onMessage);
    },
    decode,
  };
}
