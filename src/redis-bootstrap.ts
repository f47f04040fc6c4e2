/**
 * Finds a Redis for `npm start`: the configured one if it answers; otherwise, when REDIS_URL was not
 * set explicitly and redis-server is installed, a private one on a free port that is stopped on
 * exit; otherwise an error that says how to get one. The private server keeps an append-only file
 * in the data directory (beside the SQLite database), so restarting `npm start` keeps its queue:
 * jobs waiting, delayed or in flight come back with it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

export interface RedisHandle {
  /** The config to run with (redisUrl points at the private server when one was started). */
  readonly config: Readonly<Config>;
  /** Stops the private server, if any. */
  stop(): Promise<void>;
}

/** True when a Redis answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const hasRedisServer = (): boolean => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

const HOW_TO = [
  'Install Redis and retry:  sudo apt-get install -y redis-server   (macOS: brew install redis)',
  'or point REDIS_URL at a running Redis, e.g. REDIS_URL=redis://127.0.0.1:6379',
].join('\n  ');

/**
 * @param allowPrivate whether a private redis-server may be started (only `npm start`: separate
 *   api and worker processes must share one Redis, so they never start their own)
 * @throws RedisUnavailableError when no Redis can be had
 */
export async function ensureRedis(config: Readonly<Config>, logger: Logger, allowPrivate: boolean): Promise<RedisHandle> {
  if (await redisAnswers(config.redisUrl)) return { config, stop: async () => {} };
  if (config.redisUrlExplicit || !allowPrivate || !hasRedisServer()) {
    throw new RedisUnavailableError(`no Redis answers at ${config.redisUrl}.\n  ${HOW_TO}`);
  }
  const port = await freePort();
  const dataDir = resolve(dirname(config.databasePath));
  mkdirSync(dataDir, { recursive: true });
  const child: ChildProcess = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1'],
      // AOF only (no RDB snapshots), fsynced every second: an OS crash loses at most the last second.
      ...['--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dataDir, '--appenddirname', 'redis-aof'],
      // BullMQ needs every key kept: a full Redis refuses writes rather than evicting jobs.
      ...['--maxmemory-policy', 'noeviction'],
    ],
    { stdio: 'ignore' },
  );
  const kill = () => child.kill('SIGTERM');
  // Whatever way the process ends, the private server goes with it.
  process.once('exit', kill);
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(url, 200)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await redisAnswers(url))) {
    kill();
    throw new RedisUnavailableError(`started redis-server on port ${port} but it does not answer.\n  ${HOW_TO}`);
  }
  logger.warn({ url, aof: `${dataDir}/redis-aof` }, `no Redis at ${config.redisUrl}: started a private redis-server (append-only file in the data directory), stopped on exit`);
  return {
    config: Object.freeze({ ...config, redisUrl: url }),
    stop: async () => {
      process.removeListener('exit', kill);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      kill();
      await exited;
    },
  };
}
