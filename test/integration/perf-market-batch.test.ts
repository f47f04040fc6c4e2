/**
 * Fills in one group commit write each moved pool once, just before the COMMIT (the market cache
 * moves with every fill in between). Whatever a savepoint or the whole transaction undoes, the
 * cache and the pending pool writes unwind with it, so the cache always equals a full load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMarket } from '../../src/db/sqlite/market-rows.js';
import { quoteAndExecute } from '../../src/domain/execute.js';
import { findToken } from '../../src/domain/tokens.js';
import type { Runtime } from '../../src/runtime.js';
import { testEnv } from '../helpers/runtime.js';
import { sqliteOf, sqliteStorageOf } from '../helpers/sqlite.js';

const env = testEnv('perf-market');
let rt: Runtime;
beforeAll(async () => {
  rt = await env.start({ roles: { worker: false } });
});
afterAll(() => env.cleanup());

const SOL = findToken('SOL')!;
const USDC = findToken('USDC')!;
const NOW = Math.floor(Date.UTC(2025, 5, 1) / 1000);

/** One swap against the current market, as a fill does (inside the group commit). */
const swap = (amountIn: bigint, at: number) =>
  sqliteStorageOf(rt).market.transactSync(at, (m) => ({ next: quoteAndExecute(m, SOL, USDC, amountIn, 0n, NOW).market, result: undefined }));

const poolVersions = () =>
  new Map((sqliteOf(rt).sqlite.prepare('SELECT id, version FROM pools').all() as { id: string; version: number }[]).map((r) => [r.id, r.version]));

describe('fills in one group commit', () => {
  it('write each moved pool once, with its last state and version, and bump the version per fill', async () => {
    const v0 = (await rt.market.current()).version;
    const poolWrites: string[] = [];
    sqliteOf(rt).sqlite.function('oee_trace', (id: unknown) => (poolWrites.push(String(id)), 0));
    sqliteOf(rt).sqlite.exec("CREATE TEMP TRIGGER trace_pools AFTER UPDATE ON main.pools BEGIN SELECT oee_trace(NEW.id); END");
    await Promise.all([1n, 2n, 3n, 4n].map((k, i) => sqliteOf(rt).uow.write(() => swap(k * 10n ** 9n, 1_000 + i))));
    sqliteOf(rt).sqlite.exec('DROP TRIGGER trace_pools');

    const cached = await rt.market.current();
    expect(cached.version).toBe(v0 + 4);
    expect(cached).toEqual(loadMarket(sqliteOf(rt)));
    // Each moved pool written once (not once per fill), stamped with the last fill's version.
    expect(poolWrites.length).toBeGreaterThan(0);
    expect(new Set(poolWrites).size).toBe(poolWrites.length);
    for (const id of poolWrites) expect(poolVersions().get(id)).toBe(v0 + 4);
  });

  it('a write that fails after its fill undoes that fill only, in the cache and the database', async () => {
    const v0 = (await rt.market.current()).version;
    const results = await Promise.allSettled([
      sqliteOf(rt).uow.write(() => swap(5n * 10n ** 9n, 2_000)),
      sqliteOf(rt).uow.write(() => {
        swap(7n * 10n ** 9n, 2_001);
        throw new Error('after the fill');
      }),
      sqliteOf(rt).uow.write(() => swap(9n * 10n ** 9n, 2_002)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const cached = await rt.market.current();
    expect(cached.version).toBe(v0 + 2);
    expect(cached).toEqual(loadMarket(sqliteOf(rt)));
  });

  it('a lost transaction leaves the market exactly as before, in the cache and the database', async () => {
    const before = await rt.market.current();
    const results = await Promise.allSettled([
      sqliteOf(rt).uow.write(() => swap(3n * 10n ** 9n, 3_000)),
      sqliteOf(rt).uow.write(() => {
        swap(4n * 10n ** 9n, 3_001);
        sqliteOf(rt).sqlite.exec('ROLLBACK'); // what SQLite does on e.g. SQLITE_FULL
      }),
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await rt.market.current()).toBe(before);
    expect(loadMarket(sqliteOf(rt))).toEqual(before);
  });
});
