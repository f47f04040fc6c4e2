/**
 * For tests that run the real entry point (src/main.ts) as child processes: free ports, waiting for
 * /healthz, and spawning a role with its output captured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** A port nothing listens on right now: bound, then released. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
    srv.on('error', fail);
  });
}

export async function waitForHealth(url: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`server at ${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface MainProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

/** `node --import tsx src/main.ts [role]` with only PATH and `env` in its environment. */
export function spawnMain(role: 'all' | 'api' | 'worker', env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...(role === 'all' ? [] : [role])], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '', ...env },
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, exited, output: () => out };
}

/**
 * Creates an API key (read, trade, admin) in the database a spawned process uses (its env), as
 * `npm run keys -- create` would, and makes it the default key of requests to `url` (gql.ts).
 */
export async function keyForProcesses(url: string, env: Record<string, string>, name = 'test'): Promise<string> {
  const { openStorage } = await import('../../src/db/open.js');
  const { createAuth } = await import('../../src/services/auth.js');
  const { createLogger } = await import('../../src/logger.js');
  const { useKeyFor } = await import('./gql.js');
  const storage = await openStorage({ databasePath: env['DATABASE_PATH'] ?? 'data/orders.sqlite', databaseUrl: env['DATABASE_URL'], durability: 'normal' });
  try {
    const auth = createAuth({ storage, clock: Date.now, logger: createLogger('silent') });
    const { key } = await auth.createKey({ name, scopes: ['read', 'trade', 'admin'] });
    await auth.close();
    useKeyFor(url, key);
    return key;
  } finally {
    await storage.close();
  }
}
