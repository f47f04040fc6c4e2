/**
 * A graphql-transport-ws socket spoken by hand (on `ws`): tests of limits need what graphql-ws's
 * client hides, such as the close code of a refused connection_init, per-operation errors by id,
 * and a client that stops reading (pause the underlying TCP socket).
 */
import WebSocket from 'ws';

export interface RawMessage {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

export interface RawSocket {
  readonly ws: WebSocket;
  /** Every message received, in order. */
  readonly messages: RawMessage[];
  /** True once connection_ack arrived; false when the socket closed first. */
  readonly acked: Promise<boolean>;
  readonly closed: Promise<{ code: number; reason: string }>;
  send(message: RawMessage): void;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  /** Resolves with the first message matching `predicate` (received before or after the call). */
  next(predicate: (m: RawMessage) => boolean): Promise<RawMessage>;
}

export function rawSocket(httpUrl: string, key?: string): RawSocket {
  const ws = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: RawMessage[] = [];
  const waiters = new Set<() => void>();
  let ack!: (v: boolean) => void;
  const acked = new Promise<boolean>((r) => (ack = r));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => {
      ack(false);
      resolve({ code, reason: reason.toString() });
      for (const w of waiters) w();
    }),
  );
  ws.on('error', () => {}); // a refused socket reports through 'close'
  ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: key ? { authorization: `Bearer ${key}` } : {} })));
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as RawMessage;
    messages.push(m);
    if (m.type === 'connection_ack') ack(true);
    for (const w of waiters) w();
  });
  const send = (m: RawMessage): void => ws.send(JSON.stringify(m));
  return {
    ws,
    messages,
    acked,
    closed,
    send,
    subscribe: (id, query, variables) => send({ id, type: 'subscribe', payload: { query, ...(variables ? { variables } : {}) } }),
    next(predicate) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = messages.find(predicate);
          if (found) {
            waiters.delete(check);
            resolve(found);
          } else if (ws.readyState === WebSocket.CLOSED) {
            waiters.delete(check);
            reject(new Error(`socket closed before the message; got ${JSON.stringify(messages).slice(0, 500)}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}
