/**
 * `npm start`'s private Redis: when the default URL does not answer (REDIS_URL not set) and
 * redis-server is installed, ensureRedis starts one on a free port, and it goes away with the
 * process, whether the process stops it or just exits. The shared Redis on 6379 is never touched:
 * the "default" URL here points at a port nothing listens on.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { ensureRedis, redisAnswers, RedisUnavailableError } from '../../src/redis-bootstrap.js';
import { freePort, ROOT } from '../helpers/processes.js';

const logger = createLogger('silent');
/** Private servers keep their append-only file beside the database: somewhere temporary, never the repo's data/. */
const scratch = mkdtempSync(join(tmpdir(), 'oee-bootstrap-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const databasePath = join(scratch, 'orders.sqlite');

async function becomesSilent(url: string, ms = 5_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (!(await redisAnswers(url, 200))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('ensureRedis', () => {
  it('starts a private redis-server when the default URL is silent, and stop() ends it', async () => {
    const silent = `redis://127.0.0.1:${await freePort()}`;
    const handle = await ensureRedis(defaultConfig({ redisUrl: silent, redisUrlExplicit: false, databasePath }), logger, true);
    try {
      expect(handle.config.redisUrl).not.toBe(silent);
      expect(handle.config.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(await redisAnswers(handle.config.redisUrl)).toBe(true);
    } finally {
      await handle.stop();
    }
    expect(await becomesSilent(handle.config.redisUrl)).toBe(true);
  }, 20_000);

  it('keeps its data across restarts in an append-only file beside the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oee-aof-'));
    const config = () => defaultConfig({ redisUrl: `redis://127.0.0.1:${port}`, redisUrlExplicit: false, databasePath: join(dir, 'orders.sqlite') });
    const port = await freePort();
    try {
      const first = await ensureRedis(config(), logger, true);
      const a = new Redis(first.config.redisUrl);
      await a.set('kept', 'across restarts');
      a.disconnect();
      await first.stop();
      const second = await ensureRedis(config(), logger, true);
      const b = new Redis(second.config.redisUrl);
      expect(await b.get('kept')).toBe('across restarts');
      expect(await b.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      b.disconnect();
      await second.stop();
      expect(existsSync(join(dir, 'redis-aof'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('uses the configured Redis as is when it answers', async () => {
    const config = defaultConfig({ redisUrl: 'redis://127.0.0.1:6379', redisUrlExplicit: false });
    const handle = await ensureRedis(config, logger, true);
    expect(handle.config).toBe(config);
    await handle.stop();
  });

  it('never starts one for an explicit REDIS_URL, nor for a separate api or worker process', async () => {
    const silent = `redis://127.0.0.1:${await freePort()}`;
    await expect(ensureRedis(defaultConfig({ redisUrl: silent, redisUrlExplicit: true }), logger, true)).rejects.toThrow(RedisUnavailableError);
    await expect(ensureRedis(defaultConfig({ redisUrl: silent, redisUrlExplicit: false }), logger, false)).rejects.toThrow(/REDIS_URL/);
  });

  it('takes the private server down when the process exits without stopping it', async () => {
    const silent = `redis://127.0.0.1:${await freePort()}`;
    // A child that gets a private Redis, prints its URL, and exits at once: no stop() call.
    const script = `
      import { defaultConfig } from './src/config.ts';
      import { createLogger } from './src/logger.ts';
      import { ensureRedis } from './src/redis-bootstrap.ts';
      const h = await ensureRedis(defaultConfig({ redisUrl: ${JSON.stringify(silent)}, redisUrlExplicit: false, databasePath: ${JSON.stringify(databasePath)} }), createLogger('silent'), true);
      console.log('URL=' + h.config.redisUrl);
      process.exit(0);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, out).toBe(0);
    const url = /URL=(\S+)/.exec(out)?.[1];
    expect(url, out).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const gone = await becomesSilent(url as string);
    // Don't leave an orphan behind when the assertion is about to fail.
    if (!gone) await new Redis(url as string).call('SHUTDOWN', 'NOSAVE').catch(() => {});
    expect(gone).toBe(true);
  }, 30_000);
});
