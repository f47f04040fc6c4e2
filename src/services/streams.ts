/**
 * The one stream primitive of the services: a Repeater (@repeaterjs/repeater) fed by pub/sub. A
 * Repeater's `return()` ends it at once, even while its consumer awaits `next()`, and runs its
 * cleanup, so a client that unsubscribes releases its Redis subscription immediately.
 *
 * Push-fed streams are bounded: a consumer more than `limit` values behind is dropped with
 * SlowConsumerError (it still receives what it was sent, then the error), so a client that stops
 * reading can never grow the server's memory.
 */
import { MAX_QUEUE_LENGTH, Repeater } from '@repeaterjs/repeater';

/** Values a push-fed subscriber may have unread before it is dropped. */
export const DEFAULT_STREAM_LIMIT = 1_000;

export class SlowConsumerError extends Error {
  override readonly name = 'SlowConsumerError';
  readonly code = 'SLOW_CONSUMER';
  constructor(readonly limit: number) {
    super(`subscriber fell ${limit} updates behind and was dropped`);
  }
}

/** What a push-fed stream's source gets: where to push, and how to end the stream. */
export interface StreamSink<T> {
  /** Delivers a value (drops the consumer when it is `limit` values behind). No-op once ended. */
  push(value: T): void;
  /** Ends the stream: the consumer gets what was pushed, then done (or `error`). */
  end(error?: unknown): void;
  /** True once the stream ended (by `end`, the consumer's `return()`, or the signal). */
  readonly ended: boolean;
}

/**
 * A push-fed stream. `start` runs at once (not on the first `next()`, as a bare Repeater would):
 * the stream is live from the moment it is created, and what arrives before the consumer first
 * asks is kept for it (within the bound). It wires the sources to the sink and gives back the
 * cleanup, which runs once the stream ends for any reason. A throw (or rejection) from `start`
 * ends the stream with that error. `signal` ends it too.
 */
export function pushStream<T>(
  start: (sink: StreamSink<T>) => (() => void) | Promise<() => void>,
  opts: { readonly limit?: number; readonly signal?: AbortSignal } = {},
): AsyncIterableIterator<T> {
  // A Repeater refuses more than MAX_QUEUE_LENGTH unconsumed pushes: the bound must stay below.
  const limit = Math.min(opts.limit ?? DEFAULT_STREAM_LIMIT, MAX_QUEUE_LENGTH - 1);
  const signal = opts.signal;
  let ended = false;
  let endError: unknown;
  let unread = 0;
  /** Values pushed before the consumer's first next(); undefined once the Repeater runs. */
  let early: T[] | undefined = [];
  let repeaterPush: ((value: T) => Promise<unknown>) | undefined;
  let repeaterStop: ((error?: unknown) => void) | undefined;
  let cleanup: (() => void) | undefined;
  let cleaned = false;
  /** Nothing will run the cleanup later: the executor is past its stop, or will never start. */
  let finished = false;
  const consumed = (): void => {
    unread--;
  };
  const runCleanup = (): void => {
    if (cleaned || cleanup === undefined) return;
    cleaned = true;
    signal?.removeEventListener('abort', onAbort);
    cleanup();
  };
  const sink: StreamSink<T> = {
    push(value) {
      if (ended) return;
      if (++unread > limit) {
        sink.end(new SlowConsumerError(limit));
        return;
      }
      // Resolves once the consumer took the value (Repeater semantics, no buffer).
      if (repeaterPush) repeaterPush(value).then(consumed, consumed);
      else early!.push(value);
    },
    end(error) {
      if (ended) return;
      ended = true;
      endError = error;
      repeaterStop?.(error);
      if (!repeaterPush) {
        finished = true;
        runCleanup();
      }
    },
    get ended() {
      return ended;
    },
  };
  const onAbort = (): void => sink.end();

  const repeater = new Repeater<T>(async (push, stop) => {
    repeaterPush = push;
    repeaterStop = stop;
    for (const value of early ?? []) push(value).then(consumed, consumed);
    early = undefined;
    if (ended) stop(endError);
    await stop;
    ended = true;
    finished = true;
    runCleanup();
  });

  if (signal?.aborted) sink.end();
  else {
    signal?.addEventListener('abort', onAbort, { once: true });
    const started = (() => {
      try {
        return start(sink);
      } catch (error) {
        return Promise.reject(error);
      }
    })();
    const wire = (c: () => void): void => {
      cleanup = c;
      if (finished) runCleanup();
    };
    if (typeof started === 'function') wire(started);
    else started.then(wire, (error: unknown) => sink.end(error));
  }

  return {
    next: () => repeater.next(),
    return: async (value?: unknown) => {
      // A Repeater returned before its first next() never runs its executor: clean up here.
      if (!repeaterPush) sink.end();
      return repeater.return(value);
    },
    throw: (error?: unknown) => repeater.throw(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * One underlying subscription shared by every local subscriber: opened by the first `acquire`,
 * closed after the last release (or kept while `hold` holds it). Every acquirer waits for the
 * opening to be confirmed; a failed opening is forgotten, so the next acquirer tries again.
 */
export interface SharedSubscription {
  /** Resolves, once the subscription is live, with this holder's release (idempotent). */
  acquire(): Promise<() => void>;
  /** Holders right now. */
  readonly holders: number;
}

export function sharedSubscription(open: () => Promise<() => void>, onIdle?: () => void): SharedSubscription {
  let live: Promise<() => void> | undefined;
  let holders = 0;
  const releaseOne = (): void => {
    holders--;
    if (holders > 0 || live === undefined) return;
    const closing = live;
    live = undefined;
    closing.then((close) => close(), () => {});
    onIdle?.();
  };
  return {
    get holders() {
      return holders;
    },
    async acquire() {
      holders++;
      if (live === undefined) {
        const opening = open();
        live = opening;
        opening.catch(() => {
          if (live === opening) live = undefined;
        });
      }
      try {
        await live;
      } catch (error) {
        holders--;
        throw error;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        releaseOne();
      };
    },
  };
}
