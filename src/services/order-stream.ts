/**
 * Gap-free order update streams. Redis pub/sub neither replays nor orders messages across
 * publishers, so the stream subscribes FIRST, then reads the order's latest persisted event (the
 * snapshot), then delivers live messages by seq: duplicates (seq ≤ last) are dropped and a jump is
 * filled from order_events, which always holds every seq below a published one (persist precedes
 * publish). A slow resync poll covers messages lost while Redis reconnected.
 */
import type { Db } from '../db/connect.js';
import { latestOrderEvent, orderEventsBetween, orderSeq } from '../db/orders-repo.js';
import { isTerminal } from '../domain/order.js';
import { InputError } from './errors.js';
import type { OrderUpdate } from '../domain/order-view.js';
import { AsyncQueue } from '../events/async-queue.js';
import type { OrderEvents } from '../events/order-events.js';

export interface StreamDeps {
  readonly db: Db;
  readonly events: OrderEvents;
  /** How often an idle single-order stream checks the database for missed updates (0 = never). */
  readonly resyncMs?: number;
}

function onAbort(signal: AbortSignal | undefined, q: AsyncQueue<unknown>): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    void q.return();
    return () => {};
  }
  const listener = () => void q.return();
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

/**
 * One order: its current state, then every later update in seq order; ends after CONFIRMED/FAILED.
 * The iterator rejects with InputError INVALID_ARGUMENT when the order does not exist.
 */
export function orderUpdateStream(deps: StreamDeps, orderId: string, signal?: AbortSignal): AsyncIterableIterator<OrderUpdate> {
  const { db, events } = deps;
  let unsubscribe: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let detachAbort = () => {};
  const q = new AsyncQueue<OrderUpdate>(() => {
    unsubscribe?.();
    if (timer) clearInterval(timer);
    detachAbort();
  });
  let last = 0;
  let ready = false;
  const early: OrderUpdate[] = [];

  const emit = (u: OrderUpdate): void => {
    if (q.closed || u.seq <= last) return;
    last = u.seq;
    q.push(u);
    if (isTerminal(u.status)) q.end();
  };
  const deliver = (u: OrderUpdate): void => {
    if (q.closed || u.seq <= last) return;
    if (u.seq > last + 1) for (const missed of orderEventsBetween(db, orderId, last, u.seq)) emit(missed);
    emit(u);
  };
  const catchUp = (): void => {
    if (q.closed) return;
    const seq = orderSeq(db, orderId);
    if (seq !== undefined && seq > last) for (const missed of orderEventsBetween(db, orderId, last)) emit(missed);
  };

  detachAbort = onAbort(signal, q as AsyncQueue<unknown>);
  void (async () => {
    const off = await events.subscribe(events.topics.order(orderId), (u) => (ready ? deliver(u) : early.push(u)));
    unsubscribe = off;
    if (q.closed) return off();
    const snapshot = latestOrderEvent(db, orderId);
    if (!snapshot) return q.fail(new InputError('INVALID_ARGUMENT', 'orderId', `no order with id ${orderId}`));
    emit(snapshot);
    ready = true;
    for (const u of early.sort((a, b) => a.seq - b.seq)) deliver(u);
    if (!q.closed && deps.resyncMs) {
      timer = setInterval(catchUp, deps.resyncMs);
      timer.unref();
    }
  })().catch((e: unknown) => q.fail(e));
  return q;
}

// Every order's updates (no orderId): see all-orders-hub.ts, one shared subscription per process.
