/**
 * The page's link to the server: one graphql-ws socket to /graphql on the same origin, used for
 * queries and mutations as well as subscriptions, so the page has one connection state to show and
 * one thing to re-establish after a server restart.
 *
 * A socket speaks for one API key (or none): the key goes in `connectionParams` at connection_init,
 * and every reconnect presents the same key. Changing the key replaces the socket (`useKey`); the
 * old one never connects again. When the server refuses the key (close code 4403: unknown or
 * revoked, at connection_init or later), the socket retires at once, before graphql-ws could retry,
 * so a refused key is never presented twice; the owner hears of it (`onRefused`) and decides what
 * the page uses next.
 */
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import type { GraphQLFormattedError } from 'graphql';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** graphql-ws's Forbidden: the server's answer to a bad or revoked key (src/http/graphql-ws.ts). */
const KEY_REFUSED = 4403;

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

  /** The first `extensions.code` among the errors (e.g. FORBIDDEN). */
  get code(): string | undefined {
    for (const e of this.errors) {
      const code = e.extensions?.['code'];
      if (typeof code === 'string') return code;
    }
    return undefined;
  }
}

export interface Api {
  /** Runs a query or mutation; rejects with ApiError when the server answers with errors. */
  request<R, V>(op: Operation<R, V>, variables: V): Promise<R>;
  /**
   * Starts a subscription that survives reconnects (graphql-ws resubscribes) and key changes (it
   * moves to the new socket); returns the stop. Stop one that needs a key before dropping the key.
   */
  subscribe<R, V>(op: Operation<R, V>, variables: V, onData: (data: R) => void, onError: (err: unknown) => void): () => void;
  /** Called after every successful connection (first one, each reconnect, each new key). */
  onConnected(listener: () => void): void;
  /**
   * Connects anew presenting `key` (undefined: none). Requests in flight on the old socket reject;
   * subscriptions move over.
   */
  useKey(key: string | undefined): void;
  dispose(): void;
}

export interface ConnectOptions {
  readonly url: string;
  /** The key the first socket presents (undefined: anonymous). */
  readonly key: string | undefined;
  readonly onState: (state: ConnectionState) => void;
  /** The server refused `key`: the socket presenting it has retired; call useKey to go on. */
  readonly onRefused: (key: string) => void;
}

/** Backoff between reconnect attempts, capped so a restarted server is found within a few seconds. */
async function backoff(retries: number): Promise<void> {
  const base = Math.min(250 * 2 ** retries, 4000);
  await new Promise((resolve) => setTimeout(resolve, base + Math.floor(Math.random() * 250)));
}

export function graphqlUrl(loc: Location): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/graphql`;
}

interface Socket {
  readonly client: Client;
  /** Rejecters of this socket's requests still waiting for an answer. */
  readonly waiting: Set<(err: Error) => void>;
  readonly retired: () => boolean;
  retire(): void;
}

interface Subscription {
  attach(socket: Socket): void;
  stop(): void;
}

function unwrap<R>(result: FormattedExecutionResult<R, unknown>): R {
  if (result.errors !== undefined && result.errors.length > 0) throw new ApiError(result.errors);
  if (result.data === undefined || result.data === null) throw new ApiError([{ message: 'empty response' }]);
  return result.data;
}

function isCloseEvent(event: unknown): event is { code: number } {
  return typeof event === 'object' && event !== null && typeof (event as { code?: unknown }).code === 'number';
}

export function connect(opts: ConnectOptions): Api {
  const connectedListeners: (() => void)[] = [];
  const subscriptions = new Set<Subscription>();
  let everConnected = false;

  function open(key: string | undefined): Socket {
    let retired = false;
    const waiting = new Set<(err: Error) => void>();
    const client: Client = createClient({
      url: opts.url,
      lazy: false,
      retryAttempts: Infinity,
      // A restart closes the socket with codes graphql-ws would treat as fatal; the dashboard should
      // simply wait for the server to come back.
      shouldRetry: () => true,
      retryWait: async (retries) => {
        await backoff(retries);
        // A socket retired while waiting to retry never connects again (dispose would first let it).
        if (retired) await new Promise<never>(() => undefined);
      },
      keepAlive: 10_000,
      ...(key === undefined ? {} : { connectionParams: { authorization: `Bearer ${key}` } }),
      on: {
        connecting: () => {
          if (!retired) opts.onState(everConnected ? 'reconnecting' : 'connecting');
        },
        connected: () => {
          if (retired) return;
          everConnected = true;
          opts.onState('live');
          for (const l of connectedListeners) l();
        },
        // Runs before graphql-ws's own close handling, so retiring here pre-empts its retry.
        closed: (event) => {
          if (retired) return;
          if (key !== undefined && isCloseEvent(event) && event.code === KEY_REFUSED) {
            socket.retire();
            opts.onRefused(key);
            return;
          }
          opts.onState(everConnected ? 'reconnecting' : 'connecting');
        },
      },
    });
    const socket: Socket = {
      client,
      waiting,
      retired: () => retired,
      retire() {
        if (retired) return;
        retired = true;
        const gone = new ApiError([{ message: 'the connection closed before the server answered' }]);
        for (const reject of waiting) reject(gone);
        waiting.clear();
        // Rejects when the socket was still handshaking: nothing left to close then.
        void Promise.resolve(client.dispose()).catch(() => undefined);
      },
    };
    return socket;
  }

  let current = open(opts.key);

  return {
    request<R, V>(op: Operation<R, V>, variables: V): Promise<R> {
      const socket = current;
      return new Promise<R>((resolve, reject) => {
        let settled = false;
        const fail = (err: Error): void => {
          if (settled) return;
          settled = true;
          socket.waiting.delete(fail);
          reject(err);
        };
        if (socket.retired()) return fail(new ApiError([{ message: 'not connected' }]));
        socket.waiting.add(fail);
        socket.client.subscribe<R>(
          { query: op.query, variables: variables as Record<string, unknown> },
          {
            next: (result) => {
              if (settled) return;
              settled = true;
              socket.waiting.delete(fail);
              try {
                resolve(unwrap(result));
              } catch (err) {
                reject(err instanceof Error ? err : new ApiError(asErrors(err)));
              }
            },
            error: (err) => fail(err instanceof Error ? err : new ApiError(asErrors(err))),
            complete: () => fail(new ApiError([{ message: 'no response' }])),
          },
        );
      });
    },
    subscribe<R, V>(op: Operation<R, V>, variables: V, onData: (data: R) => void, onError: (err: unknown) => void) {
      let stopOnSocket = (): void => undefined;
      const sub: Subscription = {
        attach(socket) {
          stopOnSocket = socket.client.subscribe<R>(
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
        stop: () => stopOnSocket(),
      };
      sub.attach(current);
      subscriptions.add(sub);
      return () => {
        subscriptions.delete(sub);
        sub.stop();
      };
    },
    onConnected(listener) {
      connectedListeners.push(listener);
    },
    useKey(key) {
      const old = current;
      old.retire();
      current = open(key);
      for (const sub of subscriptions) {
        sub.stop();
        sub.attach(current);
      }
    },
    dispose() {
      current.retire();
    },
  };
}

function asErrors(err: unknown): readonly GraphQLFormattedError[] {
  if (Array.isArray(err)) return err as GraphQLFormattedError[];
  return [{ message: err instanceof Event ? 'connection lost' : String(err) }];
}
