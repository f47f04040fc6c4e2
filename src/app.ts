import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { defaultConfig, type Config } from './config.js';
import { DEFAULT_LIMITS, type ApiLimits } from './graphql/limits.js';
import { createGraphQLServer, GRAPHQL_PATH } from './graphql/yoga.js';
import { serveGraphiQL, wantsGraphiQL } from './http/graphiql.js';
import { attachGraphQLWs } from './http/graphql-ws.js';
import { liveness, notFound, readiness, requestError } from './http/health.js';
import { isBacktestFile, serveBacktestFile } from './http/backtest-files.js';
import { isReportFile, serveReportFile } from './http/report-files.js';
import type { BacktestService } from './services/backtests.js';
import type { ReportService } from './services/execution-report.js';
import { serveMetrics } from './http/metrics.js';
import { corsFor, createOriginCheck, ORIGIN_NOT_ALLOWED, ORIGIN_NOT_ALLOWED_MESSAGE } from './http/origin.js';
import { applyBaseHeaders, DASHBOARD_CSP, PAGE_HEADERS } from './http/security-headers.js';
import { createLimitedServer } from './http/server-limits.js';
import { serveStatic } from './http/static-files.js';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';
import type { Auth } from './services/auth.js';
import type { RateLimits } from './services/rate-limits.js';
import type { SocketQuota } from './services/socket-quota.js';
import { NO_LIMIT_METRICS, type LimitMetrics } from './metrics/metrics.js';
import type { OrderService } from './services/types.js';

export interface AppOptions {
  /** Directory served at `/` (default: the repository's static/). */
  readonly staticDir?: string;
  readonly limits?: Partial<ApiLimits>;
}

export interface App {
  start(): Promise<{ url: string; port: number }>;
  /** Closes WebSockets, HTTP and yoga; leaves the runtime (service, Redis, DB) to its owner. */
  stop(): Promise<void>;
}

const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../static/', import.meta.url));

/** The edge settings the app reads; those left out take their defaults from src/config.ts. */
export type AppConfig = Pick<Config, 'port' | 'host'> &
  Partial<
    Pick<
      Config,
      | 'allowedOrigins'
      | 'graphiql'
      | 'introspection'
      | 'headersTimeoutMs'
      | 'requestTimeoutMs'
      | 'keepAliveTimeoutMs'
      | 'maxConnections'
      | 'wsMaxSocketsPerKey'
      | 'wsMaxSubscriptionsPerSocket'
      | 'wsMaxBufferedBytes'
    >
  >;

/** What the app takes from the runtime. The limits are optional: without them nothing is counted. */
export interface AppRuntime {
  readonly service: OrderService;
  readonly auth: Auth;
  readonly logger: Logger;
  /** Backtests (runBacktest and friends, and their result files); absent: those answer errors. */
  readonly backtests?: BacktestService | undefined;
  /** Execution reports (executionReport and /reports/orders.csv|json); absent: those answer errors. */
  readonly reports?: ReportService | undefined;
  readonly metrics?: { readonly registry: Registry } & Partial<LimitMetrics>;
  /** Per-key and per-IP rate limits (src/services/rate-limits.ts). */
  readonly rateLimits?: RateLimits | undefined;
  /** The cap on a key's open graphql-ws sockets across processes (src/services/socket-quota.ts). */
  readonly socketQuota?: SocketQuota | undefined;
}

const STATIC_HEADERS = Object.freeze({ ...PAGE_HEADERS, 'Content-Security-Policy': DASHBOARD_CSP });

/**
 * Methods that change nothing (GETs run no mutation; OPTIONS is a CORS preflight). Any other method
 * carrying an Origin must come from our origin or an allowed one.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The HTTP server: GraphQL (yoga; GraphiQL on GET) and graphql-ws on /graphql, /healthz, /readyz,
 * and static/ at `/`. Takes the runtime's service and logger rather than building them, so the API
 * and the worker can share one runtime in one process or run apart. Every response carries the
 * security headers; state-changing requests and WebSocket handshakes from foreign pages are refused.
 */
export function buildApp(
  config: AppConfig,
  runtime: AppRuntime,
  opts: AppOptions = {},
): App {
  const settings = defaultConfig(config);
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const staticDir = opts.staticDir ?? DEFAULT_STATIC_DIR;
  const logger = runtime.logger.child({ component: 'http' });
  const originAllowed = createOriginCheck(settings.allowedOrigins);
  // Bodies with a Content-Length are held to the limit from the header (Node's parser guarantees the
  // body matches it), so the common case skips yoga's per-request byte counting; only chunked
  // bodies go through a yoga that counts. Both share the schema and plugins.
  const registry = runtime.metrics?.registry;
  const shared = { registry, introspection: settings.introspection, cors: corsFor(settings.allowedOrigins) };
  const yoga = createGraphQLServer(runtime, limits, { countBodyBytes: false, ...shared });
  const countingYoga = createGraphQLServer(runtime, limits, { countBodyBytes: true, ...shared });
  const graphql = (req: IncomingMessage, res: ServerResponse): Promise<void> | void => {
    const length = req.headers['content-length'];
    if (length === undefined) return (req.headers['transfer-encoding'] === undefined ? yoga : countingYoga)(req, res);
    if (!/^\d+$/.test(length)) return requestError(res, 400, 'BAD_REQUEST', 'Content-Length header is invalid.');
    if (Number(length) > limits.maxBodyBytes) return requestError(res, 413, 'REQUEST_ENTITY_TOO_LARGE', 'Request body too large');
    return yoga(req, res);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    applyBaseHeaders(res);
    const method = req.method ?? 'GET';
    if (!SAFE_METHODS.has(method) && !originAllowed(req)) return requestError(res, 403, ORIGIN_NOT_ALLOWED, ORIGIN_NOT_ALLOWED_MESSAGE);
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === GRAPHQL_PATH) {
      if (!wantsGraphiQL(req)) return void (await graphql(req, res));
      if (settings.graphiql) return serveGraphiQL(req, res);
      return requestError(res, 404, 'GRAPHIQL_DISABLED', 'GraphiQL is off on this server (GRAPHIQL=true turns it on).');
    }
    if (path === '/healthz') return liveness(res);
    if (path === '/readyz') return readiness(runtime.service, res);
    if (path !== undefined && isBacktestFile(path)) return serveBacktestFile(req, res, path, runtime.auth, runtime.backtests);
    if (path !== undefined && isReportFile(path)) return serveReportFile(req, res, path, runtime.auth, runtime.reports);
    if (path === '/metrics' && registry !== undefined && req.method === 'GET') return serveMetrics(registry, res);
    if ((method === 'GET' || method === 'HEAD') && (await serveStatic(staticDir, req, res, STATIC_HEADERS))) return;
    notFound(res);
  };

  const server = createLimitedServer(settings, (req, res) => {
    route(req, res).catch((err: unknown) => {
      logger.error({ err, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  const m = runtime.metrics;
  const limitMetrics: LimitMetrics = m?.refused && m.storeError ? (m as LimitMetrics) : NO_LIMIT_METRICS;
  const ws = attachGraphQLWs(server, yoga, runtime.auth, {
    maxPayload: limits.maxBodyBytes,
    originAllowed,
    maxSubscriptionsPerSocket: settings.wsMaxSubscriptionsPerSocket,
    maxBufferedBytes: settings.wsMaxBufferedBytes,
    socketQuota: runtime.socketQuota,
    maxSocketsPerKey: settings.wsMaxSocketsPerKey,
    metrics: limitMetrics,
    logger: runtime.logger.child({ component: 'graphql-ws' }),
  });

  return {
    start: () =>
      new Promise((done, fail) => {
        server.once('error', fail);
        server.listen(config.port, config.host, () => {
          server.off('error', fail);
          const { port, address, family } = server.address() as AddressInfo;
          const host = family === 'IPv6' ? `[${address}]` : address;
          logger.info({ port, host }, 'listening');
          done({ url: `http://${host}:${port}`, port });
        });
      }),
    stop: async () => {
      await ws.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await Promise.all([yoga.dispose(), countingYoga.dispose()]);
    },
  };
}
