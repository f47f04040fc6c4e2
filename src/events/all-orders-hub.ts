/**
 * The all-orders feed, shared by every subscriber of a process. ONE Redis subscription on the
 * all-orders channel (held while at least one subscriber exists), ONE dedupe/gap-fill pass per
 * message, then a push into each subscriber's queue: the per-subscriber cost of an event is that
 * push, not a listener, a Map update and a seq check each.
 *
 * Per order, duplicates (seq ≤ last seen) are dropped and a jump after an update already seen here
 * is filled from order_events, which holds every seq below a published one (persist precedes
 * publish). What "seen" means is the hub's, across its subscribers: a subscriber that joins later
 * gets the hub's view from then on (with a gap-fill it might not strictly need), never a duplicate
 * or an out-of-order update. When the last subscriber leaves, the subscription and the tracked seqs
 * are released together: the next subscriber starts fresh, as before.
 */
import type { Db } from '../db/connect.js';
import { orderEventsBetween } from '../db/orders-repo.js';
import type { OrderUpdate } from '../services/types.js';
import { AsyncQueue } from './async-queue.js';
import type { OrderEvents } from './pubsub.js';

/** Orders whose last seq the hub remembers (settled ones stay a while for late duplicates). */
const MAX_TRACKED = 10_000;

export interface AllOrdersHub {
  /** Every order's updates from now on, never ending by itself; `signal` (or `return()`) ends it. */
  subscribe(signal?: AbortSignal): AsyncIterableIterator<OrderUpdate>;
  /** How many subscribers are registered (for tests and diagnostics). */
  readonly size: number;
}

export function createAllOrdersHub(deps: { readonly db: Db; readonly events: OrderEvents }): AllOrdersHub {
  const { db, events } = deps;
  const subscribers = new Set<AsyncQueue<OrderUpdate>>();
  const lastSeq = new Map<string, number>();
  /** The Redis subscription (pending or live) while anyone listens. */
  let subscription: Promise<() => void> | undefined;

  const emit = (u: OrderUpdate): void => {
    for (const q of subscribers) q.push(u);
    // Re-inserting keeps the Map in recency order, so the oldest entries are evicted first.
    lastSeq.delete(u.orderId);
    lastSeq.set(u.orderId, u.seq);
    if (lastSeq.size > MAX_TRACKED) lastSeq.delete(lastSeq.keys().next().value as string);
  };
  const deliver = (u: OrderUpdate): void => {
    if (subscribers.size === 0) return;
    const last = lastSeq.get(u.orderId);
    if (last !== undefined && u.seq <= last) return;
    if (last !== undefined && u.seq > last + 1) for (const missed of orderEventsBetween(db, u.orderId, last, u.seq)) emit(missed);
    emit(u);
  };

  const acquire = (): void => {
    if (subscription) return;
    const pending = events.subscribe(events.topics.orders, deliver);
    subscription = pending;
    pending.catch((e: unknown) => {
      if (subscription !== pending) return;
      subscription = undefined;
      lastSeq.clear();
      for (const q of [...subscribers]) q.fail(e);
    });
  };
  const release = (): void => {
    if (subscribers.size > 0 || !subscription) return;
    const held = subscription;
    subscription = undefined;
    lastSeq.clear();
    held.then((off) => off(), () => {});
  };

  return {
    get size() {
      return subscribers.size;
    },
    subscribe(signal) {
      let onAbort: (() => void) | undefined;
      const q = new AsyncQueue<OrderUpdate>(() => {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        if (subscribers.delete(q)) release();
      });
      if (signal?.aborted) {
        void q.return();
        return q;
      }
      subscribers.add(q);
      acquire();
      if (signal) {
        onAbort = () => void q.return();
        signal.addEventListener('abort', onAbort, { once: true });
      }
      return q;
    },
  };
}
