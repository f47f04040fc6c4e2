/**
 * Start-up without Redis: when REDIS_URL is set explicitly and nothing answers there, the entry
 * point must not hang or start a private server behind the user's back; it exits 1 and says how to
 * install Redis or set REDIS_URL.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnMain } from '../helpers/processes.js';
import { deleteKeysByPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const dir = mkdtempSync(join(tmpdir(), 'oee-startup-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start without a reachable Redis', () => {
  it('exits 1 with instructions when REDIS_URL is set and nothing answers', async () => {
    const redisPort = await freePort();
    const main = spawnMain('all', { REDIS_URL: `redis://127.0.0.1:${redisPort}`, DATABASE_PATH: join(dir, 'o.sqlite'), PORT: '0', LOG_LEVEL: 'warn' });
    expect(await main.exited).toBe(1);
    const output = main.output();
    expect(output).toContain(`127.0.0.1:${redisPort}`);
    expect(output).toMatch(/apt-get install -y redis-server/);
    expect(output).toMatch(/REDIS_URL/);
  }, 30_000);
});

describe('log format', () => {
  it('prints readable lines with LOG_FORMAT=pretty and JSON lines when stdout is not a terminal', async () => {
    const prefix = uniquePrefix('logfmt');
    const env = { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, DATABASE_PATH: join(dir, 'p.sqlite'), PORT: '0', LOG_LEVEL: 'info', MOTION_INTERVAL_MS: '0' };
    const pretty = spawnMain('api', { ...env, LOG_FORMAT: 'pretty' });
    const piped = spawnMain('api', env); // a pipe, not a terminal: auto means JSON
    try {
      for (const p of [pretty, piped]) {
        for (let i = 0; i < 300 && !p.output().includes('API listening'); i++) await new Promise((r) => setTimeout(r, 100));
        expect(p.output()).toContain('API listening');
      }
    } finally {
      for (const p of [pretty, piped]) p.child.kill('SIGTERM');
      await Promise.all([pretty.exited, piped.exited]);
      await deleteKeysByPrefix(prefix);
    }
    const prettyLines = pretty.output().split('\n').filter((l) => l.includes('API listening'));
    expect(prettyLines).toHaveLength(1);
    expect(prettyLines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO/);
    const jsonLines = piped.output().split('\n').filter((l) => l.includes('API listening'));
    expect(jsonLines).toHaveLength(1);
    expect(JSON.parse(jsonLines[0]!)).toMatchObject({ level: 30, name: 'oee', msg: 'API listening (GraphiQL at /graphql)' });
  }, 60_000);
});

describe("npm start's local key", () => {
  it('is created once when no key exists, kept in a 0600 file beside the database, and printed in the dashboard URL', async () => {
    const prefix = uniquePrefix('localkey');
    const dbDir = mkdtempSync(join(tmpdir(), 'oee-localkey-'));
    const env = { REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: prefix, DATABASE_PATH: join(dbDir, 'orders.sqlite'), PORT: '0', MOTION_INTERVAL_MS: '0' };
    const printed = async (): Promise<string> => {
      const p = spawnMain('all', env);
      try {
        for (let i = 0; i < 600 && !/#key=\S+/.test(p.output()); i++) await new Promise((r) => setTimeout(r, 100));
        return /#key=(\S+)/.exec(p.output())?.[1] ?? `no key printed:\n${p.output()}`;
      } finally {
        p.child.kill('SIGTERM');
        await p.exited;
      }
    };
    try {
      const first = await printed();
      expect(first).toMatch(/^oee_[0-9a-z]{8}_[A-Za-z0-9_-]{43}$/);
      const file = join(dbDir, 'local-api-key');
      expect(readFileSync(file, 'utf8').trim()).toBe(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(await printed()).toBe(first); // the same key on the next start, none created
    } finally {
      await deleteKeysByPrefix(prefix);
      rmSync(dbDir, { recursive: true, force: true });
    }
  }, 120_000);
});
