/**
 * The page's only link to the server: one graphql-ws socket to /graphql on the same origin, used
 * for queries and mutations as well as subscriptions, so the page has one connection state to show
 * and one thing to re-establish after a server restart.
 */
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import type { GraphQLFormattedError } from 'graphql';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** A document as the page sends it: the query text plus the result and variables types. */
export interface Operation<TResult, TVariables> {
  readonly query: string;
  /** Phantom fields: carry the types only. */
  readonly __result?: TResult;
  readonly __variables?: TVariables;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export interface Api {
  /** Runs a query or mutation; rejects with ApiError when the server answers with errors. */
  request<R, V>(op: Operation<R, V>, variables: V): Promise<R>;
  /** Starts a subscription that survives reconnects (graphql-ws resubscribes); returns a stop function. */
  subscribe<R, V>(op: Operation<R, V>, variables: V, onData: (data: R) => void, onError: (err: unknown) => void): () => void;
  /** Called after every successful connection (first one and each reconnect). */
  onConnected(listener: (reconnect: boolean) => void): void;
  dispose(): void;
}

/** Backoff between reconnect attempts, capped so a restarted server is found within a few seconds. */
async function retryWait(retries: number): Promise<void> {
  const base = Math.min(250 * 2 ** retries, 4000);
  await new Promise((resolve) => setTimeout(resolve, base + Math.floor(Math.random() * 250)));
}

export function graphqlUrl(loc: Location): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/graphql`;
}

export function connect(url: string, onState: (state: ConnectionState) => void): Api {
  const connectedListeners: ((reconnect: boolean) => void)[] = [];
  let everConnected = false;

  const client: Client = createClient({
    url,
    lazy: false,
    retryAttempts: Infinity,
    // A restart closes the socket with codes graphql-ws would treat as fatal; the dashboard should
    // simply wait for the server to come back.
    shouldRetry: () => true,
    retryWait,
    keepAlive: 10_000,
    on: {
      connecting: () => onState(everConnected ? 'reconnecting' : 'connecting'),
      connected: () => {
        const reconnect = everConnected;
        everConnected = true;
        onState('live');
        for (const l of connectedListeners) l(reconnect);
      },
      closed: () => onState(everConnected ? 'reconnecting' : 'connecting'),
    },
  });

  function unwrap<R>(result: FormattedExecutionResult<R, unknown>): R {
    if (result.errors !== undefined && result.errors.length > 0) throw new ApiError(result.errors);
    if (result.data === undefined || result.data === null) throw new ApiError([{ message: 'empty response' }]);
    return result.data;
  }

  return {
    request<R, V>(op: Operation<R, V>, variables: V): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        let settled = false;
        client.subscribe<R>(
          { query: op.query, variables: variables as Record<string, unknown> },
          {
            next: (result) => {
              if (settled) return;
              settled = true;
              try {
                resolve(unwrap(result));
              } catch (err) {
                reject(err);
              }
            },
            error: (err) => {
              if (!settled) reject(err instanceof Error ? err : new ApiError(asErrors(err)));
              settled = true;
            },
            complete: () => {
              if (!settled) reject(new ApiError([{ message: 'no response' }]));
              settled = true;
            },
          },
        );
      });
    },
    subscribe<R, V>(op: Operation<R, V>, variables: V, onData: (data: R) => void, onError: (err: unknown) => void) {
      return client.subscribe<R>(
        { query: op.query, variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            try {
              onData(unwrap(result));
            } catch (err) {
              onError(err);
            }
          },
          error: onError,
          complete: () => undefined,
        },
      );
    },
    onConnected(listener) {
      connectedListeners.push(listener);
    },
    dispose() {
      void client.dispose();
    },
  };
}

function asErrors(err: unknown): readonly GraphQLFormattedError[] {
  if (Array.isArray(err)) return err as GraphQLFormattedError[];
  return [{ message: err instanceof Event ? 'connection lost' : String(err) }];
}
