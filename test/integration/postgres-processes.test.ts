/**
 * Scale-out on PostgreSQL: the API and three worker processes (the real entry point, src/main.ts)
 * share one database and one Redis, and 1,000 orders trade against the same few pools at the same
 * time. Every order is filled exactly once (events 1..5), no lost race surfaces in any
 * process's log, and every pool's vaults hold exactly their starting amounts plus what the stored
 * fills' legs put in and took out, to the atom: a fill that traded against a stale pool, or a pool
 * write that overwrote another's, would break the sum.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { SubmitMarketOrderDocument } from '../../src/client/graphql.js';
import { decodeJson } from '../../src/domain/codec.js';
import type { OrderFill } from '../../src/domain/order-view.js';
import type { Pool } from '../../src/domain/venues/pool.js';
import { createDatabase, databaseName, databaseUrl, dropDatabase, queryAt, TEST_ENGINE } from '../helpers/database.js';
import { gql, ok } from '../helpers/gql.js';
import { freePort, keyForProcesses, spawnMain, waitForHealth, type MainProcess } from '../helpers/processes.js';
import { deleteKeysByPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const ORDERS = 1_000;
const IN_FLIGHT = 40;
const WORKERS = 3;
const prefix = uniquePrefix('pg-procs');
const dbName = databaseName(`pgprocs_${randomBytes(3).toString('hex')}`);
const url = databaseUrl(dbName);

const query = <R extends pg.QueryResultRow>(text: string): Promise<R[]> => queryAt<R>(url, text);

async function pools(): Promise<Map<string, Pool>> {
  const rows = await query<{ id: string; state: string }>('SELECT id, state FROM pools');
  return new Map(rows.map((r) => [r.id, decodeJson<Pool>(r.state)]));
}

/** What a pool's two vaults hold: pricing reserves (or bins) plus the fees kept apart from them. */
function vaults(p: Pool): { x: bigint; y: bigint } {
  if (p.kind === 'CPMM') return { x: p.reserveX + p.protocolFeesX + p.fundFeesX, y: p.reserveY + p.protocolFeesY + p.fundFeesY };
  let x = p.protocolFeeX;
  let y = p.protocolFeeY;
  for (const b of p.bins) {
    x += b.amountX;
    y += b.amountY;
  }
  return { x, y };
}

const filledBy = (p: MainProcess) => p.output().split('\n').filter((l) => l.includes('"order filled"')).length;

describe.skipIf(TEST_ENGINE !== 'postgres')('the API and three workers on one PostgreSQL', () => {
  afterAll(async () => {
    await deleteKeysByPrefix(prefix);
    await dropDatabase(dbName);
  });

  it('fill 1,000 orders on the same pools exactly once each, and the pools hold exactly what the fills moved', async () => {
    await createDatabase(dbName);
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: prefix,
      DATABASE_URL: url,
      LATENCY_SCALE: '0',
      TRANSIENT_FAILURE_RATE: '0',
      MOTION_INTERVAL_MS: '0',
      WORKER_CONCURRENCY: '32',
      LOG_LEVEL: 'info',
      // 1,000 orders as fast as one key can send them: a throughput test, not a rate-limit one.
      RATE_LIMITS: 'false',
    };
    const processes: MainProcess[] = [spawnMain('api', { ...env, PORT: String(port) })];
    try {
      await waitForHealth(api, 60_000);
      await keyForProcesses(api, env);
      const start = await pools();
      for (let i = 0; i < WORKERS; i++) processes.push(spawnMain('worker', env));
      const workers = processes.slice(1);
      await Promise.all(
        workers.map(async (w) => {
          for (const until = Date.now() + 60_000; !w.output().includes('"worker started"'); ) {
            if (Date.now() > until || w.child.exitCode !== null) throw new Error(`worker did not start:\n${w.output()}`);
            await new Promise((r) => setTimeout(r, 50));
          }
        }),
      );

      // SOL against USDC (a DLMM pool) and USDT (a CPMM pool), each direction in turn so prices stay put.
      const mix = [
        { tokenIn: 'USDC', tokenOut: 'SOL', amountIn: '40' },
        { tokenIn: 'SOL', tokenOut: 'USDT', amountIn: '0.25' },
        { tokenIn: 'SOL', tokenOut: 'USDC', amountIn: '0.25' },
        { tokenIn: 'USDT', tokenOut: 'SOL', amountIn: '40' },
      ];
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < ORDERS) {
            const i = next++;
            const input = { ...mix[i % mix.length]!, slippageBps: 300, clientOrderId: `${prefix}-${i}` };
            ok(await gql(api, SubmitMarketOrderDocument, { input }));
          }
        }),
      );
      for (const until = Date.now() + 120_000; ; ) {
        const [{ n } = { n: '0' }] = await query<{ n: string }>(`SELECT count(*) AS n FROM orders WHERE status IN ('CONFIRMED', 'FAILED')`);
        if (Number(n) === ORDERS) break;
        if (Date.now() > until) throw new Error(`only ${n} of ${ORDERS} orders terminal`);
        await new Promise((r) => setTimeout(r, 200));
      }

      // Exactly once: every order CONFIRMED with one event per status, seqs 1..5.
      const histories = await query<{ h: string }>(`SELECT string_agg(seq || ':' || status, ' ' ORDER BY seq) AS h FROM order_events GROUP BY order_id`);
      expect(histories).toHaveLength(ORDERS);
      expect(new Set(histories.map((r) => r.h))).toEqual(new Set(['1:PENDING 2:ROUTING 3:BUILDING 4:SUBMITTED 5:CONFIRMED']));

      // Every fill bumped the market version once.
      const [{ version } = { version: '0' }] = await query<{ version: string }>('SELECT version FROM market_meta');
      expect(Number(version)).toBe(1 + ORDERS);

      // The pools: start + Σ legs, exactly.
      const expected = new Map([...start].map(([id, p]) => [id, vaults(p)]));
      const fills = await query<{ fill: string }>('SELECT fill FROM orders');
      const touched = new Set<string>();
      for (const { fill } of fills) {
        for (const leg of decodeJson<OrderFill>(fill).legs) {
          const pool = start.get(leg.poolId);
          const v = expected.get(leg.poolId);
          if (!pool || !v) throw new Error(`a leg on unknown pool ${leg.poolId}`);
          touched.add(leg.poolId);
          if (leg.mintIn === pool.mintX && leg.mintOut === pool.mintY) expected.set(leg.poolId, { x: v.x + leg.amountIn, y: v.y - leg.amountOut });
          else if (leg.mintIn === pool.mintY && leg.mintOut === pool.mintX) expected.set(leg.poolId, { x: v.x - leg.amountOut, y: v.y + leg.amountIn });
          else throw new Error(`leg ${leg.mintIn} → ${leg.mintOut} does not match pool ${leg.poolId}`);
        }
      }
      expect(touched.size).toBeGreaterThanOrEqual(2);
      const stored = await pools();
      for (const [id, v] of expected) expect({ id, ...vaults(stored.get(id)!) }).toEqual({ id, ...v });

      // Every worker took part; no lost race (deadlock, serialization failure) and no error surfaced anywhere.
      for (let i = 0; i < 100 && workers.reduce((a, w) => a + filledBy(w), 0) < ORDERS; i++) await new Promise((r) => setTimeout(r, 50));
      expect(workers.map(filledBy).reduce((a, b) => a + b, 0)).toBe(ORDERS);
      for (const w of workers) expect(filledBy(w)).toBeGreaterThan(0);
      for (const p of processes) {
        expect(p.output()).not.toMatch(/deadlock|40P01|40001|could not serialize/i);
        expect(p.output()).not.toMatch(/"level":(50|60)/);
      }
    } finally {
      for (const p of processes) p.child.kill('SIGTERM');
      await Promise.all(processes.map((p) => p.exited));
    }
  }, 240_000);
});
