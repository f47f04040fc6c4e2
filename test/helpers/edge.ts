/**
 * Clients for tests of the HTTP/WebSocket edge: WebSocket handshakes that carry a chosen Origin (as a
 * browser's would), graphql-ws clients whose sockets do, one-shot graphql-ws operations, and raw TCP
 * sockets for clients that misbehave below HTTP (slow headers, floods).
 */
import { connect, type Socket } from 'node:net';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

const wsUrl = (url: string): string => `${url.replace(/^http/, 'ws')}/graphql`;

export type Handshake = { readonly status: 101 } | { readonly status: number; readonly body: string };

/** Opens (then closes) a graphql-ws socket with `origin` in its Origin header, or none. */
export function handshake(url: string, origin?: string): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(url), 'graphql-transport-ws', origin === undefined ? {} : { origin });
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101 });
    });
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('error', (err) => reject(err));
  });
}

/** A graphql-ws client whose sockets send `origin`, as a page on that origin would. */
export function wsClientFrom(url: string, origin: string): Client {
  class FromOrigin extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { origin });
    }
  }
  return createClient({ url: wsUrl(url), webSocketImpl: FromOrigin, retryAttempts: 0, lazy: true });
}

/** Runs one query over graphql-ws and returns its (first) result. */
export async function wsOnce(client: Client, query: string): Promise<FormattedExecutionResult<Record<string, unknown>, unknown>> {
  for await (const result of client.iterate<Record<string, unknown>, unknown>({ query })) return result;
  throw new Error('the operation completed without a result');
}

export interface RawSocket {
  readonly socket: Socket;
  /** Everything received so far, as text. */
  received(): string;
  /** Resolves when the server has closed (or reset) the connection. */
  readonly closed: Promise<void>;
  /** Resolves once `received()` contains `text`. */
  waitFor(text: string): Promise<void>;
}

/** A plain TCP connection to the server, for clients that misbehave below HTTP. */
export async function rawSocket(url: string): Promise<RawSocket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let data = '';
  const waiters = new Set<() => void>();
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    data += chunk;
    for (const w of waiters) w();
  });
  socket.on('error', () => undefined); // a reset counts as closed
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => data,
    closed,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (data.includes(text)) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
        void closed.then(() => {
          if (!data.includes(text)) reject(new Error(`connection closed before "${text}"; got ${JSON.stringify(data.slice(0, 200))}`));
        });
      }),
  };
}
