/**
 * The all-orders feed, shared by every subscriber of a process. ONE Redis subscription on the
 * all-orders topic (its messages left undecoded while nobody listens), ONE decode and
 * dedupe/gap-fill pass per message, then a push into each subscriber's bounded stream: the
 * per-subscriber cost of an event is that push.
 *
 * Per order, duplicates (seq ≤ last seen) are dropped and a jump after an update already seen here
 * is filled from order_events, which holds every seq below a published one (persist precedes
 * publish). What "seen" means is the hub's, across its subscribers: a subscriber that joins later
 * gets the hub's view from then on, never a duplicate or an out-of-order update.
 *
 * Two things pub/sub alone would lose:
 * - The window while Redis confirms a fresh subscription. An API process therefore `hold()`s the
 *   subscription for its whole life, so a subscriber is live from its first `next()` on (orders
 *   it did not see happen are the `orders` query's business). Without a hold, the subscription is
 *   taken with the first subscriber and released with the last.
 * - The LAST message of an order, when its publish failed or Redis reconnected: a gap before a
 *   later message is filled, but nothing follows a terminal update. So every `resyncMs` the hub
 *   asks the database about orders it last saw open and quiet since the previous check, and
 *   delivers what it missed.
 */
import type { OrderRepository } from '../db/port.js';
import { isTerminal } from '../domain/order.js';
import type { OrderUpdate } from '../domain/order-view.js';
import type { OrderEvents } from '../events/order-events.js';
import type { Message } from '../events/pubsub.js';
import { pushStream, sharedSubscription, type StreamSink } from './streams.js';

/** Orders whose last seq the hub remembers (settled ones stay a while for late duplicates). */
const MAX_TRACKED = 10_000;

export interface AllOrdersHub {
  /** Every order of `accountId` from now on, never ending by itself; `signal` (or `return()`) ends it. */
  subscribe(accountId: string, signal?: AbortSignal): AsyncIterableIterator<OrderUpdate>;
  /**
   * Keeps the Redis subscription for the hub's life; resolves once Redis confirmed it. Gives back
   * the release (for shutdown).
   */
  hold(): Promise<() => void>;
  /** How many subscribers are registered (for tests and diagnostics). */
  readonly size: number;
}

export function createAllOrdersHub(deps: { readonly orders: OrderRepository; readonly events: OrderEvents; readonly resyncMs?: number }): AllOrdersHub {
  const { orders, events } = deps;
  const resyncMs = deps.resyncMs ?? 5_000;
  /** Each subscriber's sink and the account whose orders it receives. */
  const subscribers = new Map<StreamSink<OrderUpdate>, string>();
  const lastSeq = new Map<string, number>();
  /** Orders last seen non-terminal → the resync round they were last seen in. */
  const open = new Map<string, number>();
  let round = 0;

  const forget = (): void => {
    lastSeq.clear();
    open.clear();
  };
  const emit = (u: OrderUpdate): void => {
    const account = u.order.accountId;
    for (const [sink, accountId] of subscribers) if (accountId === account) sink.push(u);
    // Re-inserting keeps the Maps in recency order, so the oldest entries are evicted first.
    lastSeq.delete(u.orderId);
    lastSeq.set(u.orderId, u.seq);
    if (lastSeq.size > MAX_TRACKED) lastSeq.delete(lastSeq.keys().next().value as string);
    open.delete(u.orderId);
    if (!isTerminal(u.status)) {
      open.set(u.orderId, round);
      if (open.size > MAX_TRACKED) open.delete(open.keys().next().value as string);
    }
  };
  // Messages are handled one after another: decoding or a gap fill may read the database, and
  // what comes after must wait for it.
  let chain: Promise<void> = Promise.resolve();
  const serially = (task: () => Promise<void>): void => {
    chain = chain.then(task).catch(() => {
      // The database is away: a gap stays until the next message or the resync fills it.
    });
  };
  const deliver = (message: Message<'orders'>): void => {
    // Held with nobody listening, a message costs this check: not even its JSON is parsed.
    if (subscribers.size === 0) return;
    serially(async () => {
      const u = await events.decode(message);
      if (u === undefined) return; // an order this process cannot read (another database, same prefix)
      const last = lastSeq.get(u.orderId);
      if (last !== undefined && u.seq <= last) return;
      if (last !== undefined && u.seq > last + 1) for (const missed of await orders.eventsBetween(u.orderId, last, u.seq)) emit(missed);
      emit(u);
    });
  };
  /** Orders seen open but silent for a whole round: did they move without us hearing it? */
  const resync = async (): Promise<void> => {
    round++;
    if (subscribers.size === 0) return;
    const quiet: string[] = [];
    for (const [id, seen] of open) if (seen < round - 1) quiet.push(id);
    if (quiet.length === 0) return;
    const stored = await orders.currentSeqs(quiet);
    for (const id of quiet) {
      const last = lastSeq.get(id);
      const seq = stored.get(id);
      if (last === undefined || seq === undefined) {
        open.delete(id);
        continue;
      }
      if (seq > last) for (const missed of await orders.eventsBetween(id, last)) emit(missed);
      else open.set(id, round); // still quiet: look again next round, not every round
    }
  };

  const feed = sharedSubscription(async () => {
    const off = await events.listen(deliver);
    // In the same chain as live messages, so a resync never interleaves with a gap fill.
    const timer = setInterval(() => serially(resync), resyncMs);
    timer.unref();
    return () => {
      clearInterval(timer);
      off();
    };
  });

  return {
    get size() {
      return subscribers.size;
    },
    async hold() {
      return feed.acquire();
    },
    subscribe(accountId, signal) {
      return pushStream<OrderUpdate>(
        async (sink) => {
          subscribers.set(sink, accountId);
          let release: (() => void) | undefined;
          const leave = (): void => {
            // The last one leaving: the next subscriber starts the hub's view afresh.
            if (subscribers.delete(sink) && subscribers.size === 0) forget();
            release?.();
          };
          try {
            release = await feed.acquire();
          } catch (error) {
            leave();
            throw error;
          }
          return leave;
        },
        { signal },
      );
    },
  };
}
