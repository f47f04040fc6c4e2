/**
 * Start-up without Redis: when REDIS_URL is set explicitly and nothing answers there, the entry
 * point must not hang or start a private server behind the user's back; it exits 1 and says how to
 * install Redis or set REDIS_URL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'oee-startup-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  return new Promise((done) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

describe('npm start without a reachable Redis', () => {
  it('exits 1 with instructions when REDIS_URL is set and nothing answers', async () => {
    const redisPort = await closedPort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', REDIS_URL: `redis://127.0.0.1:${redisPort}`, DATABASE_PATH: join(dir, 'o.sqlite'), PORT: '0', LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(output).toContain(`127.0.0.1:${redisPort}`);
    expect(output).toMatch(/apt-get install -y redis-server/);
    expect(output).toMatch(/REDIS_URL/);
  }, 30_000);
});
