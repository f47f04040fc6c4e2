/**
 * A backtest's progress as a stream: subscribe FIRST, then read the row, so a late subscriber sees
 * the current state (persisted before every publish) and then everything after it. Messages only
 * move forward (a status never goes back, progress never shrinks), so a stale one is dropped; the
 * stream ends after DONE or FAILED. A slow re-read of the row covers a message lost to a Redis
 * reconnect, the end included. Bounded: a consumer far behind is dropped (streams.ts).
 */
import type { BacktestRecord, BacktestRepository } from '../db/port.js';
import type { PubSub } from '../events/pubsub.js';
import type { BacktestMessage } from '../events/topics.js';
import { InputError } from './errors.js';
import { pushStream } from './streams.js';

export interface BacktestUpdate {
  readonly backtestId: string;
  readonly status: BacktestMessage['status'];
  /** Fraction of simulated time done, in [0, 1]. */
  readonly progress: number;
  readonly ordersDone: number;
  readonly etaMs: number | undefined;
  readonly failure: BacktestMessage['failure'];
}

const RANK: Readonly<Record<BacktestMessage['status'], number>> = { QUEUED: 0, RUNNING: 1, DONE: 2, FAILED: 2 };
/** Progress updates a subscriber may leave unread before it is dropped. */
const STREAM_LIMIT = 256;

function fromRecord(b: BacktestRecord): BacktestUpdate {
  return { backtestId: b.id, status: b.status, progress: b.progress, ordersDone: b.ordersDone, etaMs: undefined, failure: b.failure && { ...b.failure, field: b.failure.field } };
}

function fromMessage(m: BacktestMessage): BacktestUpdate {
  return { backtestId: m.backtestId, status: m.status, progress: m.progress, ordersDone: m.ordersDone, etaMs: m.etaMs, failure: m.failure };
}

export function backtestUpdateStream(
  deps: { readonly backtests: BacktestRepository; readonly pubsub: PubSub; readonly resyncMs?: number },
  accountId: string,
  backtestId: string,
  signal?: AbortSignal,
): AsyncIterableIterator<BacktestUpdate> {
  return pushStream<BacktestUpdate>(
    async (sink) => {
      let last: BacktestUpdate | undefined;
      let ready = false;
      const early: BacktestUpdate[] = [];
      const emit = (u: BacktestUpdate): void => {
        if (sink.ended) return;
        if (last !== undefined) {
          const forward = RANK[u.status] > RANK[last.status] || (u.status === last.status && u.status === 'RUNNING' && u.ordersDone >= last.ordersDone && u.progress >= last.progress && (u.progress > last.progress || u.ordersDone > last.ordersDone));
          if (!forward) return;
        }
        last = u;
        sink.push(u);
        if (u.status === 'DONE' || u.status === 'FAILED') sink.end();
      };
      const off = await deps.pubsub.subscribe(deps.pubsub.topics.backtest(backtestId), (m) => {
        const p = m.payload;
        if (p === undefined || p.accountId !== accountId) return;
        if (ready) emit(fromMessage(p));
        else early.push(fromMessage(p));
      });
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        off();
        clearInterval(timer);
      };
      try {
        const b = await deps.backtests.find(backtestId);
        if (!b || b.accountId !== accountId) {
          sink.end(new InputError('NOT_FOUND', 'id', `no backtest with id ${backtestId.slice(0, 64)}`));
          return cleanup;
        }
        emit(fromRecord(b));
        ready = true;
        for (const u of early) emit(u);
      } catch (error) {
        sink.end(error);
        return cleanup;
      }
      if (!sink.ended) {
        timer = setInterval(() => {
          deps.backtests.find(backtestId).then(
            (b) => {
              if (b && (b.status === 'DONE' || b.status === 'FAILED')) emit(fromRecord(b));
            },
            () => {}, // the database is away: the next round tries again
          );
        }, deps.resyncMs ?? 2_000);
        timer.unref();
      }
      return cleanup;
    },
    { signal, limit: STREAM_LIMIT },
  );
}
