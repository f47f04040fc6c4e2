/** Entry point: `tsx src/main.ts [api|worker]`; no argument runs both in one process. */
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startMetricsServer } from './http/metrics.js';
import { ensureLocalKey, localKeyFile } from './local-key.js';
import { ensureRedis } from './redis-bootstrap.js';
import { createRuntime } from './runtime.js';

const role = process.argv[2] ?? 'all';
if (!['all', 'api', 'worker'].includes(role)) {
  console.error(`usage: tsx src/main.ts [api|worker]   (got "${role}")`);
  process.exit(2);
}

try {
  const base = loadConfig();
  const pretty = base.logFormat === 'pretty' || (base.logFormat === 'auto' && process.stdout.isTTY === true);
  const logger = createLogger(base.logLevel, { pretty });
  const redis = await ensureRedis(base, logger, role === 'all');
  const runtime = await createRuntime(redis.config, { roles: { api: role !== 'worker', worker: role !== 'api' }, logger });
  const app = role === 'worker' ? undefined : buildApp(redis.config, runtime);
  if (app) {
    const { url } = await app.start();
    logger.info({ url }, 'API listening (GraphiQL at /graphql)');
    if (role === 'all') {
      const key = await ensureLocalKey(redis.config, runtime.auth);
      // The key goes to the operator's terminal, never into the structured logs.
      if (key) process.stderr.write(`\nDashboard: ${url}/#key=${key}\n(the local API key is in ${localKeyFile(redis.config)}; use it as "Authorization: Bearer <key>")\n\n`);
      else logger.info('no local key to print: create one with npm run --silent keys -- create --name NAME --scopes read,trade');
    }
  }
  // The API serves /metrics on its own port; a process without one can have a listener of its own.
  const metricsServer = base.metricsPort === undefined ? undefined : await startMetricsServer(runtime.metrics.registry, base.metricsPort, base.host);
  if (metricsServer) logger.info({ url: `${metricsServer.url}/metrics` }, 'metrics listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) process.exit(1); // a second signal: stop waiting
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight orders');
    await app?.stop();
    await metricsServer?.close();
    await runtime.close();
    await redis.stop();
    process.exit(0);
  };
  // A second SIGINT/SIGTERM while draining exits at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
