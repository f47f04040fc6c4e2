/**
 * What the page says on the wire: every graphql-ws message it sends, per socket, across reconnects
 * (connection_init included, with the key it presented), and every request and WebSocket it opens. Lets the test check which operations ran and when
 * (e.g. `orders` only while catching up after a connect, never on a timer), without touching the page.
 */
import type { Page, Request } from 'playwright-core';

export interface SentOperation {
  /** 1 for the page's first connection, 2 after the first reconnect, … (refused attempts do not count). */
  readonly socket: number;
  readonly id: string;
  /** Operation name from the document ("Orders", "Quote", "PoolUpdates", …). */
  readonly name: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** A graphql-ws connection_init the page sent: what it presented. */
export interface SentInit {
  /** Order of the WebSocket among those the page opened (1-based), acknowledged or not. */
  readonly websocket: number;
  readonly authorization: string | undefined;
}

/** A GraphQL request the page made over HTTP. */
export interface HttpOperation {
  readonly name: string;
  readonly authorization: string | undefined;
  readonly status: number | undefined;
}

export interface Wire {
  readonly operations: SentOperation[];
  /** Every connection_init, in order. */
  readonly inits: SentInit[];
  /** Every POST to /graphql, in order (read once their answers are in). */
  http(): Promise<HttpOperation[]>;
  /** Every HTTP(S) request URL and WebSocket URL the page opened. */
  readonly urls: string[];
  named(name: string): SentOperation[];
  /** poolUpdates emissions received so far in which `poolId`'s price differed from the one before. */
  poolPriceChanges(poolId: string): number;
}

function operationName(query: string): string {
  return /\b(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1] ?? '?';
}

/** Call before navigation (openPage's beforeLoad). */
export function recordWire(page: Page): Wire {
  const operations: SentOperation[] = [];
  const inits: SentInit[] = [];
  const posts: Request[] = [];
  const urls: string[] = [];
  let websockets = 0;
  const lastPrice = new Map<string, string>();
  const changes = new Map<string, number>();
  let connections = 0;
  page.on('request', (req) => {
    urls.push(req.url());
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/graphql') posts.push(req);
  });
  page.on('websocket', (ws) => {
    let socket = 0; // numbered once the server acknowledges it: graphql-ws sends nothing else before
    const websocket = ++websockets;
    urls.push(ws.url());
    ws.on('framesent', ({ payload }) => {
      const msg = JSON.parse(String(payload)) as { type: string; id?: string; payload?: { query?: string; variables?: Record<string, unknown>; authorization?: string } };
      if (msg.type === 'connection_init') inits.push({ websocket, authorization: msg.payload?.authorization });
      if (msg.type !== 'subscribe' || msg.payload?.query === undefined) return;
      operations.push({ socket, id: msg.id ?? '', name: operationName(msg.payload.query), query: msg.payload.query, variables: msg.payload.variables ?? {} });
    });
    ws.on('framereceived', ({ payload }) => {
      const text = String(payload);
      if (text.includes('"connection_ack"')) socket = ++connections;
      if (!text.includes('"poolUpdates"')) return; // most frames are order updates: skip the parse
      const msg = JSON.parse(text) as { payload?: { data?: { poolUpdates?: { id: string; price: string }[] } } };
      for (const pool of msg.payload?.data?.poolUpdates ?? []) {
        const before = lastPrice.get(pool.id);
        if (before !== undefined && before !== pool.price) changes.set(pool.id, (changes.get(pool.id) ?? 0) + 1);
        lastPrice.set(pool.id, pool.price);
      }
    });
  });
  return {
    operations,
    inits,
    async http() {
      return Promise.all(
        posts.map(async (req) => {
          const body = JSON.parse(req.postData() ?? '{}') as { query?: string };
          const headers = await req.allHeaders();
          return { name: operationName(body.query ?? ''), authorization: headers['authorization'], status: (await req.response())?.status() };
        }),
      );
    },
    urls,
    named: (name) => operations.filter((o) => o.name === name),
    poolPriceChanges: (poolId) => changes.get(poolId) ?? 0,
  };
}

/** Orders and Order queries: the page may send them only while catching up after a connect. */
export function orderQueries(wire: Wire): SentOperation[] {
  return wire.operations.filter((o) => o.name === 'Orders' || o.name === 'Order');
}
