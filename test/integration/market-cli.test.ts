/**
 * `npm run market -- launch FILE.json` as a real child process with the server's settings, beside a
 * running server (real HTTP/WS, real Redis, the file's engine): the pool is written through storage
 * and announced, so the server lists it, streams it and quotes it at once; a refused launch exits 1
 * with its code and field and writes nothing.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoolsDocument, PoolUpdatesDocument, QuoteDocument } from '../../src/client/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { gql, ok, subscribe } from '../helpers/gql.js';
import { ROOT } from '../helpers/processes.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('market-cli');
});
afterAll(() => t.stop());

function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = t.env.config;
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    REDIS_URL: c.redisUrl,
    KEY_PREFIX: c.keyPrefix,
    DATABASE_PATH: c.databasePath,
    ...(c.databaseUrl ? { DATABASE_URL: c.databaseUrl } : {}),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/market.ts', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const file = (name: string, body: unknown): string => {
  const path = join(t.env.dir, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
};

/** The README's example file (a DLMM for a new token against SOL). */
const EXAMPLE = join(ROOT, 'examples/launch-pool.json');
const GULL = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

describe('market CLI', () => {
  it('launches the example file\'s pool, which a running server lists, streams and quotes at once', async () => {
    const updates = subscribe(t.ws, PoolUpdatesDocument, {});
    try {
      await updates.until((e) => e.length >= 1);
      const before = (await t.runtime.market.current()).version;
      const run = await runCli(['launch', EXAMPLE]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^launched meteora-dlmm-gull-sol: METEORA GULL\/WSOL at 0\.00\d+ \(market version \d+\)\n$/);
      // Announced on Redis: the subscriber sees it without any request to the server.
      await updates.until((e) => e.some((u) => u.poolUpdates.some((p) => p.id === 'meteora-dlmm-gull-sol')));
      expect((await t.runtime.market.current()).version).toBe(before + 1);
      expect(ok(await gql(t.url, PoolsDocument)).pools.map((p) => p.id)).toContain('meteora-dlmm-gull-sol');
      const quote = ok(await gql(t.url, QuoteDocument, { input: { tokenIn: 'SOL', tokenOut: 'GULL', amountIn: '2', slippageBps: 50 } })).quote;
      expect(quote.route.legs.map((l) => l.poolId)).toEqual(['meteora-dlmm-gull-sol']);
    } finally {
      updates.stop();
    }
  }, 60_000); // a child process under tsx takes seconds to start on a loaded machine

  it('refuses a launch with its code and field, exit 1, nothing written', async () => {
    const before = (await t.runtime.market.current()).version;
    const [again, zero] = await Promise.all([
      runCli(['launch', file('gull-again.json', GULL)]),
      runCli(['launch', file('zero.json', { ...GULL, venue: 'RAYDIUM', binStep: undefined, binsPerSide: undefined, baseAmount: '0' })]),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^market: POOL_EXISTS \(pool\.venue\): /);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/^market: AMOUNT_ZERO \(pool\.baseAmount\): /);
    expect((await t.runtime.market.current()).version).toBe(before);
  }, 60_000);
});
