/**
 * Clients that run the typed documents from src/client against a live server: fetch for HTTP,
 * graphql-ws (on `ws`) for subscriptions. Results keep their errors so tests assert on codes.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GqlError {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly field?: string; readonly [k: string]: unknown };
}

export interface GqlResult<R> {
  readonly status: number;
  readonly data?: R | null;
  readonly errors?: readonly GqlError[];
}

/**
 * The key a test server's requests carry unless a test says otherwise (startTestApp registers one
 * per server): most tests are about orders, not authentication, and read better without it.
 */
const defaultKeys = new Map<string, string>();

export function useKeyFor(url: string, key: string | undefined): void {
  if (key === undefined) defaultKeys.delete(url);
  else defaultKeys.set(url, key);
}

/** `key` for `url`: a given one (null: none at all), else the server's default. */
function keyFor(url: string, key: string | null | undefined): string | undefined {
  return key === null ? undefined : (key ?? defaultKeys.get(url));
}

const printed = new WeakMap<DocumentNode, string>();
function source(doc: DocumentNode): string {
  let text = printed.get(doc);
  if (text === undefined) printed.set(doc, (text = print(doc)));
  return text;
}

/** POSTs a typed document to `${url}/graphql`. */
export async function gql<R, V>(
  url: string,
  doc: TypedDocumentNode<R, V>,
  ...[variables]: V extends Record<string, never> ? [V?] : [V]
): Promise<GqlResult<R>> {
  return gqlRaw<R>(url, { query: source(doc), variables });
}

/** Like gql, as the holder of `key` (null: with no key at all). */
export async function gqlAs<R, V>(
  url: string,
  key: string | null,
  doc: TypedDocumentNode<R, V>,
  ...[variables]: V extends Record<string, never> ? [V?] : [V]
): Promise<GqlResult<R>> {
  return gqlRaw<R>(url, { query: source(doc), variables }, key);
}

/** POSTs any body (a string is sent verbatim) for tests of malformed or hostile requests. */
export async function gqlRaw<R = unknown>(url: string, body: unknown, key?: string | null): Promise<GqlResult<R>> {
  const bearer = keyFor(url, key);
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: { data?: R | null; errors?: GqlError[] } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // 413 and friends may not be JSON; the status says enough.
  }
  return { status: res.status, ...json };
}

/** The data of a result that must have succeeded; otherwise fails with the errors. */
export function ok<R>(result: GqlResult<R>): R {
  if (result.errors?.length || result.data == null) {
    throw new Error(`GraphQL errors (HTTP ${result.status}): ${JSON.stringify(result.errors ?? result)}`);
  }
  return result.data;
}

/** A graphql-ws client of the server at `url`, presenting `key` (null: none; default: the server's). */
export function wsClient(url: string, key?: string | null): Client {
  const bearer = keyFor(url, key);
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...(bearer ? { connectionParams: { authorization: `Bearer ${bearer}` } } : {}),
  });
}

/** A running subscription that records everything it receives. */
export interface Recorded<R> {
  readonly events: R[];
  readonly errors: unknown[];
  /** Resolves when the server completes the stream; rejects on a stream error. */
  readonly done: Promise<void>;
  readonly completed: () => boolean;
  /** Resolves once `predicate(events)` holds (re-checked on every event), or rejects on timeout. */
  until(predicate: (events: readonly R[]) => boolean, timeoutMs?: number): Promise<void>;
  stop(): void;
}

export function subscribe<R, V>(client: Client, doc: TypedDocumentNode<R, V>, variables: V): Recorded<R> {
  const events: R[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  let completed = false;
  let settle!: { resolve: () => void; reject: (e: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined); // observed through `until`/`done` when a test cares
  const wake = (): void => {
    for (const w of waiters) w();
  };

  const stop = client.subscribe<R>(
    { query: source(doc), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data as R);
        wake();
      },
      error: (error) => {
        errors.push(error);
        completed = true;
        settle.reject(error);
        wake();
      },
      complete: () => {
        completed = true;
        settle.resolve();
        wake();
      },
    },
  );

  return {
    events,
    errors,
    done,
    completed: () => completed,
    stop,
    until(predicate, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (predicate(events)) finish(resolve);
          else if (completed || errors.length > 0) {
            finish(() => reject(new Error(`stream ended or failed first: ${JSON.stringify(errors)}; ${events.length} events`)));
          }
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`timed out after ${timeoutMs} ms with ${events.length} events`))),
          timeoutMs,
        );
        const finish = (then: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
