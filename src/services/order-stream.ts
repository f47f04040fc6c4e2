/**
 * Gap-free order update streams. Redis pub/sub neither replays nor orders messages across
 * publishers, so the stream subscribes FIRST, then reads the order's latest persisted event (the
 * snapshot), then delivers live messages by seq: duplicates (seq ≤ last) are dropped and a jump is
 * filled from order_events, which always holds every seq below a published one (persist precedes
 * publish). A slow resync poll covers messages lost while Redis reconnected.
 */
import type { OrderRepository } from '../db/port.js';
import { isTerminal } from '../domain/order.js';
import type { OrderUpdate } from '../domain/order-view.js';
import type { OrderEvents } from '../events/order-events.js';
import { InputError } from './errors.js';
import { pushStream } from './streams.js';

export interface StreamDeps {
  readonly orders: OrderRepository;
  readonly events: OrderEvents;
  /** How often an idle single-order stream checks the database for missed updates (0 = never). */
  readonly resyncMs?: number;
}

/**
 * One order of `accountId`: its current state, then every later update in seq order; ends after
 * CONFIRMED/FAILED. The iterator rejects with InputError NOT_FOUND when the order does not exist
 * or belongs to another account (the two are indistinguishable, on purpose).
 */
export function orderUpdateStream(deps: StreamDeps, accountId: string, orderId: string, signal?: AbortSignal): AsyncIterableIterator<OrderUpdate> {
  const { orders, events } = deps;
  return pushStream<OrderUpdate>(
    async (sink) => {
      let last = 0;
      let ready = false;
      const early: OrderUpdate[] = [];
      // Messages are handled one after another: a gap fill reads the database, and what comes
      // after it must wait for it.
      let chain: Promise<void> = Promise.resolve();
      const serially = (task: () => Promise<void>): void => {
        chain = chain.then(task).catch((error: unknown) => sink.end(error));
      };
      const emit = (u: OrderUpdate): void => {
        if (sink.ended || u.seq <= last) return;
        last = u.seq;
        sink.push(u);
        if (isTerminal(u.status)) sink.end();
      };
      const deliver = async (u: OrderUpdate): Promise<void> => {
        if (sink.ended || u.seq <= last) return;
        if (u.seq > last + 1) for (const missed of await orders.eventsBetween(orderId, last, u.seq)) emit(missed);
        emit(u);
      };
      const off = await events.subscribe(events.topics.order(orderId), (u) => {
        if (ready) serially(() => deliver(u));
        else early.push(u);
      });
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        off();
        clearInterval(timer);
      };
      serially(async () => {
        const snapshot = await orders.latestEvent(orderId);
        if (!snapshot || snapshot.order.accountId !== accountId) {
          sink.end(new InputError('NOT_FOUND', 'orderId', `no order with id ${orderId.slice(0, 64)}`));
          return;
        }
        emit(snapshot);
        ready = true;
        for (const u of early.sort((a, b) => a.seq - b.seq)) await deliver(u);
        if (!sink.ended && deps.resyncMs) {
          timer = setInterval(() => {
            if (sink.ended) return;
            serially(async () => {
              try {
                const seq = await orders.seq(orderId);
                if (seq !== undefined && seq > last) for (const missed of await orders.eventsBetween(orderId, last)) emit(missed);
              } catch {
                // The database is away: the next round tries again; live delivery goes on meanwhile.
              }
            });
          }, deps.resyncMs);
          timer.unref();
        }
      });
      return cleanup;
    },
    { signal },
  );
}
