/**
 * A bot's first steps with the typed client (src/client, generated from schema/operations by
 * `npm run generate`): quote, submit a market order, and follow it to its end over graphql-ws, every
 * call typed end to end. Run against a server that `npm start` launched:
 *
 *   OEE_URL=http://127.0.0.1:4000 OEE_KEY=oee_… npx tsx examples/typed-client.ts
 *
 * test/integration/typed-client-example.test.ts runs `submitAndFollow` against a real server.
 */
import { print, type ExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import WebSocket from 'ws';
import {
  OrderUpdatesDocument,
  QuoteDocument,
  SubmitMarketOrderDocument,
  type OrderUpdatesSubscription,
  type SubmitMarketOrderInput,
} from '../src/client/graphql.js';

/** One typed GraphQL call over HTTP with the key as a Bearer token. */
export async function request<R, V>(url: string, key: string, doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const body = (await res.json()) as ExecutionResult<R>;
  if (body.errors?.length) {
    const e = body.errors[0]!;
    throw new Error(`${String(e.extensions?.['code'] ?? 'ERROR')}: ${e.message}`);
  }
  return body.data!;
}

export type Update = OrderUpdatesSubscription['orderUpdates'];

/** Quotes, submits and follows one order; resolves with every update seen, the terminal one last. */
export async function submitAndFollow(url: string, key: string, input: SubmitMarketOrderInput): Promise<{ quoted: string; updates: Update[] }> {
  const { quote } = await request(url, key, QuoteDocument, { input: { tokenIn: input.tokenIn, tokenOut: input.tokenOut, amountIn: input.amountIn, slippageBps: input.slippageBps ?? null } });
  const { submitMarketOrder: order } = await request(url, key, SubmitMarketOrderDocument, { input });
  const ws = createClient({ url: url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` } });
  try {
    const updates: Update[] = [];
    // The first update is the order's state now, so nothing published before this line is missed.
    for await (const result of ws.iterate({ query: print(OrderUpdatesDocument), variables: { orderId: order.id } }) as AsyncIterable<ExecutionResult<OrderUpdatesSubscription>>) {
      if (result.errors?.length) throw new Error(String(result.errors[0]!.extensions?.['code'] ?? result.errors[0]!.message));
      const update = result.data!.orderUpdates;
      updates.push(update);
      if (update.order.terminal) break;
    }
    return { quoted: quote.amountOut, updates };
  } finally {
    await ws.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env['OEE_URL'] ?? 'http://127.0.0.1:4000';
  const key = process.env['OEE_KEY'];
  if (key === undefined) throw new Error('set OEE_KEY to an API key with the trade scope (npm start prints one; npm run keys -- create …)');
  const { quoted, updates } = await submitAndFollow(url, key, { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '1.5', slippageBps: 50, clientOrderId: `example-${Date.now()}` });
  console.log(`quoted ${quoted} USDC`);
  for (const u of updates) console.log(`#${u.seq} ${u.status}${u.detail ? ` (${u.detail})` : ''}`);
}
