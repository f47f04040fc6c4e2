import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { DEFAULT_LIMITS, type ApiLimits } from './graphql/limits.js';
import { createGraphQLServer, GRAPHQL_PATH } from './graphql/yoga.js';
import { attachGraphQLWs } from './http/graphql-ws.js';
import { liveness, notFound, readiness, requestError } from './http/health.js';
import { serveMetrics } from './http/metrics.js';
import { serveStatic } from './http/static-files.js';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';
import type { Auth } from './services/auth.js';
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

/**
 * The HTTP server: GraphQL (yoga; GraphiQL on GET) and graphql-ws on /graphql, /healthz, /readyz,
 * and static/ at `/`. Takes the runtime's service and logger rather than building them, so the API
 * and the worker can share one runtime in one process or run apart.
 */
export function buildApp(
  config: Pick<Config, 'port' | 'host'>,
  runtime: { readonly service: OrderService; readonly auth: Auth; readonly logger: Logger; readonly metrics?: { readonly registry: Registry } },
  opts: AppOptions = {},
): App {
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const staticDir = opts.staticDir ?? DEFAULT_STATIC_DIR;
  const logger = runtime.logger.child({ component: 'http' });
  // Bodies with a Content-Length are held to the limit from the header (Node's parser guarantees the
  // body matches it), so the common case skips yoga's per-request byte counting; only chunked
  // bodies go through a yoga that counts. Both share the schema and plugins.
  const registry = runtime.metrics?.registry;
  const yoga = createGraphQLServer(runtime, limits, { countBodyBytes: false, registry });
  const countingYoga = createGraphQLServer(runtime, limits, { countBodyBytes: true, registry });
  const graphql = (req: IncomingMessage, res: ServerResponse): Promise<void> | void => {
    const length = req.headers['content-length'];
    if (length === undefined) return (req.headers['transfer-encoding'] === undefined ? yoga : countingYoga)(req, res);
    if (!/^\d+$/.test(length)) return requestError(res, 400, 'BAD_REQUEST', 'Content-Length header is invalid.');
    if (Number(length) > limits.maxBodyBytes) return requestError(res, 413, 'REQUEST_ENTITY_TOO_LARGE', 'Request body too large');
    return yoga(req, res);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === GRAPHQL_PATH) return void (await graphql(req, res));
    if (path === '/healthz') return liveness(res);
    if (path === '/readyz') return readiness(runtime.service, res);
    if (path === '/metrics' && registry !== undefined && req.method === 'GET') return serveMetrics(registry, res);
    if ((req.method === 'GET' || req.method === 'HEAD') && (await serveStatic(staticDir, req, res))) return;
    notFound(res);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      logger.error({ err, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  const ws = attachGraphQLWs(server, yoga, runtime.auth, limits.maxBodyBytes);

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
