/**
 * The runner's only way to the engine: the public GraphQL API, with the account's key, through the
 * generated typed documents (src/client) over HTTP (fetch) and graphql-ws. No database, no Redis.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** The API refused the call with a coded error (the refusal is the answer: never retried). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The call may or may not have reached the engine (connection refused or reset, a 5xx, a masked
 * internal error, the server shedding load): safe to repeat for an idempotent call.
 */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/** Codes that say "not now" rather than "no". */
const TRANSIENT_CODES = new Set(['UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR']);

export interface Subscription<R> {
  next(data: R): void;
  /** The stream broke (network, server restart) or was refused. */
  error(e: unknown): void;
  complete(): void;
}

export interface Api {
  request<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R>;
  /** Starts a subscription; the function returned ends it. */
  subscribe<R, V>(doc: TypedDocumentNode<R, V>, variables: V, sink: Subscription<R>): () => void;
  close(): Promise<void>;
}

function errorOf(errors: readonly { message: string; extensions?: Record<string, unknown> }[]): Error {
  const e = errors[0]!;
  const code = String(e.extensions?.['code'] ?? 'ERROR');
  const field = typeof e.extensions?.['field'] === 'string' ? e.extensions['field'] : undefined;
  return TRANSIENT_CODES.has(code) ? new TransientError(`${code}: ${e.message}`) : new ApiError(code, field, e.message);
}

export function createApi(url: string, key: string): Api {
  const base = url.replace(/\/+$/, '');
  const printed = new WeakMap<DocumentNode, string>();
  const source = (doc: DocumentNode): string => {
    let text = printed.get(doc);
    if (text === undefined) printed.set(doc, (text = print(doc)));
    return text;
  };
  let ws: Client | undefined;
  const socket = (): Client =>
    (ws ??= createClient({
      url: `${base.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${key}` },
      // The runner decides when a broken stream is retried (it re-reads the state first).
      retryAttempts: 0,
      lazy: true,
    }));

  return {
    async request(doc, variables) {
      let res: Response;
      try {
        res = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query: source(doc), variables }),
        });
      } catch (e) {
        throw new TransientError(`request failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      let body: ExecutionResult<never>;
      try {
        body = (await res.json()) as ExecutionResult<never>;
      } catch (e) {
        throw new TransientError(`HTTP ${res.status} without a GraphQL body`, { cause: e });
      }
      if (body.errors?.length) throw errorOf(body.errors as never);
      if (body.data == null) throw new TransientError(`HTTP ${res.status} without data`);
      return body.data;
    },

    subscribe(doc, variables, sink) {
      return socket().subscribe<never>(
        { query: source(doc), variables: variables as Record<string, unknown> },
        {
          next: (result) => {
            if (result.errors?.length) sink.error(errorOf(result.errors as never));
            else if (result.data != null) sink.next(result.data);
          },
          error: (e) => sink.error(e instanceof Error ? e : new TransientError(`subscription broke: ${JSON.stringify(e)}`)),
          complete: () => sink.complete(),
        },
      );
    },

    async close() {
      await ws?.dispose();
      ws = undefined;
    },
  };
}
