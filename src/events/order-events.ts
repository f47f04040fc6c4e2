/**
 * Order updates over the typed pub/sub (pubsub.ts). A message is slim: the update and the order's
 * MUTABLE state (OrderState: status, seq, time, attempts, fill, failure), bigints as strings. The
 * receiving process rebuilds the full snapshot from the order's immutable part (tokens, amounts,
 * quoted route...), which it caches per order: primed by its own PENDING publish, otherwise read
 * once from the database (`orderBase`), which holds the order before anything about it is
 * published.
 */
import { orderAt, quoteOf, type OrderUpdate, type OrderView } from '../domain/order-view.js';
import type { Message, PubSub } from './pubsub.js';
import type { OrderMessage, Topic, Topics } from './topics.js';

/** Orders whose immutable part a process keeps, most recently used last. */
const MAX_CACHED_ORDERS = 10_000;

function messageOf(u: OrderUpdate): OrderMessage {
  const o = u.order;
  return {
    orderId: u.orderId,
    accountId: o.accountId,
    seq: u.seq,
    status: u.status,
    at: u.at,
    detail: u.detail,
    attempts: o.attempts,
    fill: o.fill,
    failureCode: o.failureCode,
    failureMessage: o.failureMessage,
    // A conditional order's quote changes when it fires: receivers holding its OPEN base need it.
    quote: quoteOf(o),
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
  /**
   * A received message as the full update; undefined when malformed or about an unknown order.
   * Synchronous when the order's immutable part is cached here, else a database read away.
   */
  decode(message: Message<'order' | 'orders'>): OrderUpdate | undefined | Promise<OrderUpdate | undefined>;
}

export interface OrderEventsOptions {
  /** The stored order (only its immutable part is used): for messages about orders not seen here. */
  readonly orderBase?: (orderId: string) => Promise<OrderView | undefined>;
  /** Told of every message decoded here (the delivery lag metric). */
  readonly onDelivery?: (message: OrderMessage) => void;
}

export function createOrderEvents(pubsub: PubSub, opts: OrderEventsOptions = {}): OrderEvents {
  const { topics } = pubsub;
  const bases = new Map<string, OrderView>();
  const remember = (order: OrderView): void => {
    bases.delete(order.id);
    bases.set(order.id, order);
    if (bases.size > MAX_CACHED_ORDERS) bases.delete(bases.keys().next().value as string);
  };
  const build = (base: OrderView, m: OrderMessage): OrderUpdate => ({
    orderId: m.orderId,
    seq: m.seq,
    status: m.status,
    at: m.at,
    detail: m.detail,
    order: orderAt(base, m),
  });
  const hydrate = (m: OrderMessage): OrderUpdate | undefined | Promise<OrderUpdate | undefined> => {
    const base = bases.get(m.orderId);
    if (base !== undefined) return build(base, m);
    if (opts.orderBase === undefined) return undefined;
    return opts.orderBase(m.orderId).then(
      (read) => {
        if (read === undefined) return undefined;
        remember(read);
        return build(read, m);
      },
      () => undefined, // the database is away: subscribers resync from it later
    );
  };
  const decode = (message: Message<'order' | 'orders'>): OrderUpdate | undefined | Promise<OrderUpdate | undefined> => {
    const m = message.payload;
    if (m === undefined) return undefined;
    opts.onDelivery?.(m);
    return hydrate(m);
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
      // In arrival order even when one message waits for a database read and the next does not.
      let pending: Promise<void> | undefined;
      return pubsub.subscribe(topic, (message) => {
        const u = decode(message);
        if (!(u instanceof Promise) && pending === undefined) {
          if (u !== undefined) onUpdate(u);
          return;
        }
        const next: Promise<void> = (pending ?? Promise.resolve())
          .then(async () => {
            const hydrated = await u;
            if (hydrated !== undefined) onUpdate(hydrated);
          })
          .catch(() => undefined); // a throwing handler must not stall the messages behind it
        pending = next;
        void next.finally(() => {
          if (pending === next) pending = undefined;
        });
      });
    },
    listen(onMessage) {
      return pubsub.subscribe(topics.orders, onMessage);
    },
    decode,
  };
}
