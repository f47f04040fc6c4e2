/**
 * A real server for API tests: C1's runtime (real Redis under a fresh prefix, a migrated SQLite temp
 * file, latencies 0 unless overridden) behind buildApp on port 0, plus a graphql-ws client. The app's
 * logger records JSON lines so tests can check what was logged.
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { Client } from 'graphql-ws';
import { buildApp, type App, type AppConfig, type AppOptions } from '../../src/app.js';
import { OrderUpdatesDocument, SubmitMarketOrderDocument, type OrderUpdatesSubscription, type SubmitMarketOrderInput } from '../../src/client/graphql.js';
import type { Runtime, RuntimeOptions } from '../../src/runtime.js';
import { gql, ok, subscribe, useKeyFor, wsClient, type Recorded } from './gql.js';
import { testEnv, waitTerminal, type TestEnv } from './runtime.js';

export interface LogRecord {
  readonly level: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export interface TestApp {
  readonly env: TestEnv;
  readonly runtime: Runtime;
  readonly app: App;
  readonly url: string;
  /** The key (read, trade, admin) this server's test requests carry by default. */
  readonly key: string;
  /** One graphql-ws client per app (lazy: connects on first subscribe). */
  readonly ws: Client;
  readonly logs: LogRecord[];
  stop(): Promise<void>;
}

export interface TestAppOptions {
  readonly config?: Parameters<typeof testEnv>[1];
  readonly runtime?: RuntimeOptions;
  readonly app?: AppOptions;
  /** Edge settings (origins, GraphiQL, introspection, server limits); the defaults otherwise. */
  readonly edge?: Omit<AppConfig, 'port' | 'host'>;
}

export async function startTestApp(name: string, opts: TestAppOptions = {}): Promise<TestApp> {
  const env = testEnv(name, opts.config);
  const runtime = await env.start(opts.runtime);
  const logs: LogRecord[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogRecord) });
  // Rate limits only when the test's config turns them on (testEnv turns them off).
  const app = buildApp({ ...opts.edge, port: 0, host: '127.0.0.1' }, { service: runtime.service, auth: runtime.auth, backtests: runtime.backtests, reports: runtime.reports, logger, metrics: runtime.metrics, rateLimits: runtime.rateLimits }, opts.app);
  const { url } = await app.start();
  // Every request of this server's tests carries this key unless a test says otherwise.
  const { key } = await runtime.auth.createKey({ name: 'test', scopes: ['read', 'trade', 'admin'] });
  useKeyFor(url, key);
  const ws = wsClient(url);
  return {
    env,
    runtime,
    app,
    url,
    key,
    ws,
    logs,
    async stop() {
      useKeyFor(url, undefined);
      await ws.dispose();
      await app.stop();
      await env.cleanup();
    },
  };
}

export function uniqueId(label: string): string {
  return `${label}-${randomBytes(6).toString('hex')}`;
}

/** A small order that fills on the default market. */
export function orderInput(overrides: Partial<SubmitMarketOrderInput> = {}): SubmitMarketOrderInput {
  return { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.25', slippageBps: 100, clientOrderId: uniqueId('o'), ...overrides };
}

export async function submit(t: TestApp, input: SubmitMarketOrderInput) {
  return ok(await gql(t.url, SubmitMarketOrderDocument, { input })).submitMarketOrder;
}

export type Update = OrderUpdatesSubscription['orderUpdates'];

/**
 * An all-orders subscription known to be live. graphql-ws does not acknowledge a subscribe, and
 * Redis pub/sub does not replay, so: submit probe orders until one of their updates arrives (the
 * stream is live from then on), then wait until every probe has reached a terminal update so no
 * probe traffic is left in flight. Tests then look only at the events after `mark`.
 */
export async function liveAllOrders(t: TestApp): Promise<{ sub: Recorded<OrderUpdatesSubscription>; mark: number }> {
  const sub = subscribe(t.ws, OrderUpdatesDocument, {});
  const probes: string[] = [];
  const seenProbe = (): boolean => sub.events.some((e) => probes.includes(e.orderUpdates.orderId));
  for (let i = 0; i < 50 && !seenProbe(); i++) {
    probes.push((await submit(t, orderInput({ clientOrderId: uniqueId('probe') }))).id);
    await sub.until(seenProbe, 200).catch(() => undefined);
  }
  if (!seenProbe()) throw new Error('the all-orders subscription never went live');
  // The probes end before the fence starts: a probe's last update is published after its commit,
  // so one seen terminal in the database may still be on its way, but not for a whole order's life.
  await Promise.all(probes.map((id) => waitTerminal(t.runtime, id)));
  const fence = (await submit(t, orderInput({ clientOrderId: uniqueId('fence') }))).id;
  await sub.until((events) => events.some((e) => e.orderUpdates.orderId === fence && e.orderUpdates.order.terminal));
  return { sub, mark: sub.events.length };
}
