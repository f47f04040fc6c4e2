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
import type { OrderUpdate } from '../domain/order-view.js';
import type { OrderEvents } from '../events/order-events.js';
import { InputError } from './errors.js';
import { pushStream } from './streams.js';

export interface StreamDeps {
  readonly db: Db;
  readonly events: OrderEvents;
  /** How often an idle single-order stream checks the database for missed updates (0 = never). */
  readonly resyncMs?: number;
}

/**
 * One order: its current state, then every later update in seq order; ends after CONFIRMED/FAILED.
 * The iterator rejects with InputError INVALID_ARGUMENT when the order does not exist.
 */
export function orderUpdateStream(deps: StreamDeps, orderId: string, signal?: AbortSignal): AsyncIterableIterator<OrderUpdate> {
  const { db, events } = deps;
  return pushStream<OrderUpdate>(
    async (sink) => {
      let last = 0;
      let ready = false;
      const early: OrderUpdate[] = [];
      const emit = (u: OrderUpdate): void => {
        if (sink.ended || u.seq <= last) return;
        last = u.seq;
        sink.push(u);
        if (isTerminal(u.status)) sink.end();
      };
      const deliver = (u: OrderUpdate): void => {
        if (sink.ended || u.seq <= last) return;
        if (u.seq > last + 1) for (const missed of orderEventsBetween(db, orderId, last, u.seq)) emit(missed);
        emit(u);
      };
      const off = await events.subscribe(events.topics.order(orderId), (u) => (ready ? deliver(u) : early.push(u)));
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        off();
        clearInterval(timer);
      };
      try {
        const snapshot = latestOrderEvent(db, orderId);
        if (!snapshot) {
          sink.end(new InputError('INVALID_ARGUMENT', 'orderId', `no order with id ${orderId}`));
          return cleanup;
        }
        emit(snapshot);
        ready = true;
        for (const u of early.sort((a, b) => a.seq - b.seq)) deliver(u);
        if (!sink.ended && deps.resyncMs) {
          timer = setInterval(() => {
            if (sink.ended) return;
            try {
              const seq = orderSeq(db, orderId);
              if (seq !== undefined && seq > last) for (const missed of orderEventsBetween(db, orderId, last)) emit(missed);
            } catch {
              // The database is away: the next round tries again; live delivery goes on meanwhile.
            }
          }, deps.resyncMs);
          timer.unref();
        }
      } catch (error) {
        cleanup();
        throw error;
      }
      return cleanup;
    },
    { signal },
  );
}
