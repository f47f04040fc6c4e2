/**
 * Gives a subscription source an AbortSignal that fires when the consumer stops: graphql-ws calls
 * `return()` on complete or disconnect, but an async generator parked on `await` only sees that
 * after its next value, so a quiet order stream would hold its Redis subscription until then. The
 * service ends its stream on abort instead. An outer signal (the HTTP request's, for SSE) also aborts.
 */
export function abortableStream<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
  outer?: AbortSignal,
): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  const inner = open(controller.signal)[Symbol.asyncIterator]();
  const stop = (): void => {
    outer?.removeEventListener('abort', onOuterAbort);
    controller.abort();
  };

  // A plain `.then` rather than an async function: one promise per event instead of two plus an
  // await, on a path every subscriber of a fan-out takes for every event.
  const settle = (result: IteratorResult<T>): IteratorResult<T> => {
    if (result.done === true) stop();
    return result;
  };

  return {
    next: () => inner.next().then(settle),
    return: async (value?: unknown) => {
      stop();
      await inner.return?.(value);
      return { done: true, value: undefined };
    },
    throw: async (error?: unknown) => {
      stop();
      if (inner.throw) return inner.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
