/**
 * One graphql-ws subscriber in this process on every order's updates, for the latency scenario:
 * small enough (one socket) that receiving in the orchestrator does not distort the server side.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ALL_ORDER_UPDATES } from './operations.js';

export interface FeedUpdate {
  readonly orderId: string;
  readonly seq: number;
  readonly status: string;
  /** ISO string (DateTime scalar) of when the transition happened. */
  readonly at: string;
  readonly order: { readonly id: string; readonly clientOrderId: string; readonly status: string };
}

export async function subscribeAllOrders(url: string, apiKey: string, onUpdate: (u: FeedUpdate, receivedAt: number, receivedPerf: number) => void): Promise<Client> {
  let opened!: () => void;
  let failed!: (e: unknown) => void;
  const connected = new Promise<void>((res, rej) => ((opened = res), (failed = rej)));
  const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${apiKey}` }, on: { connected: () => opened(), error: (e) => failed(e) } });
  client.subscribe<{ orderUpdates: FeedUpdate }>(
    { query: ALL_ORDER_UPDATES },
    {
      next: (result) => {
        const now = Date.now();
        const perf = performance.now();
        if (result.errors !== undefined) throw new Error(`orderUpdates error: ${JSON.stringify(result.errors)}`);
        if (result.data?.orderUpdates != null) onUpdate(result.data.orderUpdates, now, perf);
      },
      error: (e) => process.stderr.write(`orderUpdates subscription failed: ${e instanceof Error ? e.message : JSON.stringify(e)}\n`),
      complete: () => undefined,
    },
  );
  await connected;
  return client;
}
