/**
 * graphql-js's `subscribe`, with one change: a subscription event is executed once per distinct
 * operation (document, operation name, variables), not once per subscriber. The all-orders hub
 * pushes the very same update object to every subscriber, and thousands of dashboards select the
 * same fields: executing the selection once and handing each subscriber that result is what the
 * fan-out multiplies.
 *
 * Valid because no resolver reads anything per connection but the viewer's account, which is in the
 * key below: every resolver sees the same service and token index whatever socket it serves.
 */
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';

type Result = ExecutionResult | Promise<ExecutionResult>;

/** Per event object: per document: per "operationName|variables" key, the execution result. */
const executed = new WeakMap<object, WeakMap<object, Map<string, Result>>>();

/**
 * The viewer is part of the key: two accounts never share an execution, even of the same event and
 * document (no resolver reads the viewer today, but a result must never cross accounts).
 */
function operationKey(args: ExecutionArgs): string {
  const variables = args.variableValues;
  const viewer = (args.contextValue as { principal?: { accountId?: string } } | undefined)?.principal?.accountId ?? '';
  return `${viewer}|${args.operationName ?? ''}|${variables ? JSON.stringify(variables) : ''}`;
}

function executeShared(args: ExecutionArgs, event: unknown, key: string): Result {
  if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
  let byDocument = executed.get(event);
  if (!byDocument) executed.set(event, (byDocument = new WeakMap()));
  let byKey = byDocument.get(args.document);
  if (!byKey) byDocument.set(args.document, (byKey = new Map()));
  let result = byKey.get(key);
  if (!result) byKey.set(key, (result = execute({ ...args, rootValue: event })));
  return result;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** Same contract as graphql-js `subscribe`: an error result, or an iterator of execution results. */
export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source as ExecutionResult;
  const key = operationKey(args);
  const iterator = source[Symbol.asyncIterator]();
  const closeSource = async (): Promise<void> => {
    try {
      await iterator.return?.();
    } catch {
      // Keep the original error when closing the source also fails (as graphql-js does).
    }
  };
  const map = async (r: IteratorResult<unknown>): Promise<IteratorResult<ExecutionResult>> => {
    if (r.done) return r as IteratorResult<ExecutionResult>;
    try {
      return { value: await executeShared(args, r.value, key), done: false };
    } catch (error) {
      await closeSource();
      throw error;
    }
  };
  const mapped = {
    next: async () => map(await iterator.next()),
    // return() must reach the source at once: it releases the subscriber's Redis subscription.
    return: async () => (iterator.return ? map(await iterator.return()) : { value: undefined, done: true as const }),
    throw: async (error: unknown) => {
      if (iterator.throw) return map(await iterator.throw(error));
      await closeSource();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return mapped as unknown as AsyncGenerator<ExecutionResult>;
}
