/**
 * Start-up without Redis: when REDIS_URL is set explicitly and nothing answers there, the entry
 * point must not hang or start a private server behind the user's back; it exits 1 and says how to
 * install Redis or set REDIS_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnMain } from '../helpers/processes.js';

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
