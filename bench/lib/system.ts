/**
 * Our system under test, started as child processes exactly as `npm start` / `npm run api` /
 * `npm run worker` would (node with the tsx loader on src/main.ts), with the benchmark's settings:
 * private Redis, a fresh SQLite file and key prefix per start, chain latencies 0, no transient
 * failures, no market motion, and the worker concurrency of the issue.
 */
import { existsSync } from 'node:fs';
import { Queue } from 'bullmq';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { openStorage } from '../../src/db/open.js';
import { createLogger } from '../../src/logger.js';
import { createAuth } from '../../src/services/auth.js';
import type { BenchContext } from './context.js';
import { waitForHttp, waitUntil } from './gql-http.js';
import { postgresObserver, sqliteObserver, type SystemObserver } from './observer.js';
import { createPgDatabase, dropPgDatabase } from './postgres.js';
import { freePort } from './ports.js';
import { spawnTs, type Child } from './procs.js';

/** The storage engine: a fresh SQLite file, or a fresh database on the local PostgreSQL. */
export type Engine = 'sqlite' | 'postgres';

export type Topology =
  /** API and worker in one process (`npm start`). */
  | { readonly kind: 'combined' }
  /** One API process and `workers` worker processes (`npm run api` + `npm run worker` × n). */
  | { readonly kind: 'split'; readonly workers: number };

export interface RunningSystem {
  readonly url: string;
  readonly wsUrl: string;
  readonly engine: Engine;
  readonly databasePath: string;
  /** Set on PostgreSQL. */
  readonly databaseUrl: string | undefined;
  readonly keyPrefix: string;
  /** A key with the read and trade scopes, created for this start (orders need one). */
  readonly apiKey: string;
  /** The process serving HTTP/WebSocket (the combined one, or the API). */
  readonly api: Child;
  readonly workers: readonly Child[];
  /**
   * Kills every worker process (SIGKILL: a crash, whatever it was doing) and starts as many new ones,
   * resolving once they are registered on the order queue.
   */
  restartWorkers(): Promise<void>;
  /** A watcher on this start's database (close it before `stop`). */
  observe(): Promise<SystemObserver>;
  stop(): Promise<void>;
}

// BENCH_MAIN points the benchmark at another entry point with the same CLI (e.g. a patched copy to
// try an optimisation against the same baselines).
const MAIN = process.env['BENCH_MAIN'] ?? join(import.meta.dirname, '..', '..', 'src', 'main.ts');
let starts = 0;

export function describeTopology(t: Topology): string {
  if (t.kind === 'combined') return 'api+worker in 1 process';
  return t.workers === 0 ? 'api only' : `api + ${t.workers} worker process${t.workers > 1 ? 'es' : ''}`;
}

/** Fails loudly, before any measuring, when the system's entry point has not landed. */
export function requireMain(): void {
  if (!existsSync(MAIN)) throw new Error(`src/main.ts is missing: the scenario needs the server (issue 3: npm start / npm run api / npm run worker)`);
}

export async function startSystem(
  ctx: BenchContext,
  topology: Topology,
  options: { nodeArgs?: readonly string[]; env?: Record<string, string>; workerNodeArgs?: readonly string[]; engine?: Engine } = {},
): Promise<RunningSystem> {
  requireMain();
  const n = ++starts;
  const port = await freePort();
  const engine = options.engine ?? 'sqlite';
  const databasePath = join(ctx.tmpDir, `orders-${n}.sqlite`);
  const keyPrefix = `bench${n}`;
  const pgName = `oee_bench_${process.pid}_${n}`;
  const databaseUrl = engine === 'postgres' ? await createPgDatabase(pgName) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: ctx.redis.url,
    KEY_PREFIX: keyPrefix,
    DATABASE_PATH: databasePath,
    PORT: String(port),
    HOST: '127.0.0.1',
    WORKER_CONCURRENCY: String(ctx.sizes.workerConcurrency),
    // Every simulated chain wait is zero: the figures are the system's own cost.
    LATENCY_SCALE: '0',
    QUOTE_LATENCY_MS: '0',
    BUILD_LATENCY_MS: '0',
    SUBMIT_LATENCY_MS: '0',
    CONFIRM_LATENCY_MS: '0',
    LATENCY_JITTER_MS: '0',
    TRANSIENT_FAILURE_RATE: '0',
    MOTION_INTERVAL_MS: '0',
    RNG_SEED: '42',
    // Per-order info logs would go through a pipe to this process and cost both sides CPU.
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // The raw paths: a scenario measuring the limits' cost turns them on (bench/scenarios/quote.ts).
    RATE_LIMITS: 'false',
    // The bench's one API key stands for every subscriber of the fan-out scenario (thousands).
    WS_MAX_SOCKETS_PER_KEY: '100000',
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    ...options.env,
  };
  const workers: Child[] = [];
  let api: Child;
  if (topology.kind === 'combined') {
    api = spawnTs(`server-${n}`, MAIN, [], { env, nodeArgs: options.nodeArgs });
  } else {
    // The API first, so it runs the migrations and seeds the market before workers open the file.
    api = spawnTs(`api-${n}`, MAIN, ['api'], { env, nodeArgs: options.nodeArgs });
  }
  const url = `http://127.0.0.1:${port}/graphql`;
  const stopAllOf = async (): Promise<void> => {
    await Promise.all([api, ...workers].map((c) => c.stop(10_000)));
    if (databaseUrl !== undefined) await dropPgDatabase(pgName);
  };
  let apiKey = '';
  let spawned = 0;
  const spawnWorker = (): void => {
    workers.push(spawnTs(`worker-${n}.${spawned++}`, MAIN, ['worker'], { env, nodeArgs: options.workerNodeArgs ?? options.nodeArgs }));
  };
  try {
    await Promise.race([
      waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000),
      api.exited.then((code) => {
        throw new Error(`${api.name} exited (${code}) while starting; last output:\n${api.tail()}`);
      }),
    ]);
    apiKey = await createKey(env);
    if (topology.kind === 'split') for (let i = 0; i < topology.workers; i++) spawnWorker();
    const expected = topology.kind === 'combined' ? 1 : topology.workers;
    if (expected > 0) await waitForWorkers(ctx, keyPrefix, expected, [api, ...workers]);
  } catch (error) {
    await stopAllOf();
    throw error;
  }
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    engine,
    databasePath,
    databaseUrl,
    keyPrefix,
    apiKey,
    api,
    workers,
    async restartWorkers() {
      const old = workers.splice(0, workers.length);
      for (const w of old) w.process.kill('SIGKILL');
      await Promise.all(old.map((w) => w.exited));
      for (let i = 0; i < old.length; i++) spawnWorker();
      await waitForWorkers(ctx, keyPrefix, old.length, [api, ...workers]);
    },
    observe: () => (databaseUrl === undefined ? Promise.resolve(sqliteObserver(databasePath)) : postgresObserver(databaseUrl)),
    stop: stopAllOf,
  };
}

/** A fresh API key on the system's database (migrated by its API process by now), as `npm run keys -- create` makes one. */
async function createKey(env: NodeJS.ProcessEnv): Promise<string> {
  const storage = await openStorage(loadConfig(env));
  try {
    const auth = createAuth({ storage, clock: Date.now, logger: createLogger('silent') });
    const { key } = await auth.createKey({ name: 'bench', scopes: ['read', 'trade'] });
    await auth.close();
    return key;
  } finally {
    await storage.close();
  }
}

/**
 * Waits until `expected` BullMQ workers are registered on the order queue (C1's src/jobs/queue.ts:
 * queue "orders" under the key prefix), so no measured batch starts while a worker process is still
 * compiling and the figures are not a single worker's in disguise.
 */
async function waitForWorkers(ctx: BenchContext, keyPrefix: string, expected: number, children: readonly Child[]): Promise<void> {
  const url = new URL(ctx.redis.url);
  const queue = new Queue('orders', { prefix: keyPrefix, connection: { host: url.hostname, port: Number(url.port) } });
  try {
    let got = 0;
    await waitUntil(
      `${expected} BullMQ worker(s) on queue "orders" (prefix ${keyPrefix})`,
      async () => {
        for (const c of children) if (c.process.exitCode !== null) throw new Error(`${c.name} exited (${c.process.exitCode}); last output:\n${c.tail()}`);
        got = await queue.getWorkersCount();
        return got >= expected;
      },
      60_000,
      200,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}; ${got} registered`);
    });
  } finally {
    await queue.close();
  }
}
