/**
 * A client child process holding many graphql-ws subscribers, so the server's event loop is what the
 * fan-out figures measure, not the clients'. It records, per event key, how long each subscriber took
 * to receive the event after the publisher stamped it (`at`, epoch ms, same machine clock).
 *
 * Usage: ws-subscribers.ts '<json config>'; then line commands on stdin:
 *   count <key>   -> "COUNT <key> <n>"          how many subscribers have received <key>
 *   report <key>  -> "REPORT <key> <json>"      {count, latencies: ms[]}
 *   quit
 * Prints "CONNECTED <n>" once every subscriber is connected and has sent its subscribe message.
 */
import { createInterface } from 'node:readline';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

interface Config {
  readonly url: string;
  readonly count: number;
  readonly query: string;
  /** 'tick': data.tick {seq, at} (baseline); 'orders': data.orderUpdates {orderId, status, at}. */
  readonly kind: 'tick' | 'orders';
  /** Connections opened at once: a burst of thousands overflows the server's accept backlog. */
  readonly batch?: number;
  /** Sent at connection_init (order updates need a key with the read scope). */
  readonly apiKey?: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const received = new Map<string, number[]>();
let errors = 0;

function keyOf(data: Record<string, unknown> | null | undefined): { key: string; at: number } | undefined {
  if (data == null) return undefined;
  if (config.kind === 'tick') {
    const tick = data['tick'] as { seq: number; at: number } | undefined;
    return tick === undefined ? undefined : { key: `tick:${tick.seq}`, at: Number(tick.at) };
  }
  const update = data['orderUpdates'] as { orderId: string; status: string; at: unknown } | undefined;
  if (update === undefined) return undefined;
  // `at` may be an epoch-ms number or an ISO date string, depending on the schema's scalar.
  const at = typeof update.at === 'number' ? update.at : Date.parse(String(update.at));
  return { key: `${update.orderId}:${update.status}`, at };
}

function record(key: string, latency: number): void {
  let list = received.get(key);
  if (list === undefined) received.set(key, (list = []));
  list.push(latency);
}

/**
 * Records the event under its own key and, for orders, the first update of each order this
 * subscriber saw under `<orderId>:FIRST`: one update per order that every subscriber is sure to get,
 * whatever the order of its statuses on the wire.
 */
function onNext(data: Record<string, unknown> | null | undefined, seenOrders: Set<string>): void {
  const now = Date.now();
  const event = keyOf(data);
  if (event === undefined) return;
  record(event.key, now - event.at);
  if (config.kind === 'orders') {
    const orderId = event.key.slice(0, event.key.lastIndexOf(':'));
    if (!seenOrders.has(orderId)) {
      seenOrders.add(orderId);
      record(`${orderId}:FIRST`, now - event.at);
    }
  }
}

const clients: Client[] = [];
const batch = config.batch ?? 200;
for (let i = 0; i < config.count; i += batch) {
  const opened: Promise<void>[] = [];
  for (let k = i; k < Math.min(config.count, i + batch); k++) {
    let resolveOpen!: () => void;
    let rejectOpen!: (e: unknown) => void;
    opened.push(new Promise<void>((res, rej) => ((resolveOpen = res), (rejectOpen = rej))));
    const client = createClient({
      url: config.url,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      ...(config.apiKey === undefined ? {} : { connectionParams: { authorization: `Bearer ${config.apiKey}` } }),
      on: { connected: () => resolveOpen(), error: (e) => rejectOpen(e) },
    });
    clients.push(client);
    const seenOrders = new Set<string>();
    client.subscribe<Record<string, unknown>>(
      { query: config.query },
      {
        next: (result) => {
          if (result.errors !== undefined) errors++;
          onNext(result.data, seenOrders);
        },
        error: (e) => {
          errors++;
          if (errors <= 3) process.stderr.write(`subscription error: ${JSON.stringify(e instanceof Error ? e.message : e)}\n`);
        },
        complete: () => undefined,
      },
    );
  }
  await Promise.all(opened);
}
process.stdout.write(`CONNECTED ${clients.length}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, key = ''] = line.trim().split(/\s+/);
  if (command === 'count') process.stdout.write(`COUNT ${key} ${received.get(key)?.length ?? 0} ${errors}\n`);
  else if (command === 'report') {
    const latencies = received.get(key) ?? [];
    process.stdout.write(`REPORT ${key} ${JSON.stringify({ count: latencies.length, errors, latencies })}\n`);
  } else if (command === 'quit') {
    for (const c of clients) void c.dispose();
    setTimeout(() => process.exit(0), 200);
  }
});
