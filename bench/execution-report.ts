import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../src/db/sqlite/storage.js';
import { createRng } from '../src/domain/rng.js';
import { TOKENS } from '../src/domain/tokens.js';
import { createReportService } from '../src/services/execution-report.js';

/**
 * executionReport over a large stored order history on SQLite, beside a plain count(*) over the same
 * table in the same run (the goal: the report in ≤ 1 s at 1,000,000 orders, shown as a
 * ratio to count(*)).
 *
 * A fresh database file is migrated with the real migrations, then `orders` rows are bulk-inserted
 * with one prepared statement in large transactions (the order path's per-order transactions and
 * events would take minutes and measure something else). Rows look like the worker's: 90% filled
 * (report columns set, a ~300-byte fill JSON), 7% failed, the rest resting/expired/cancelled,
 * over 4 pairs, 3 venue mixes, 4 order types and 30 days. The report runs through the real service
 * and repository (the same SQL as the API), with no filter and with a filtered one (a pair, a venue
 * and one week).
 *
 * Run: npx tsx bench/execution-report.ts [--orders 1000000] [--keep-at FILE [--insert-only]]
 */

export interface BenchExecutionReportOptions {
  readonly orders?: number;
  readonly seed?: number;
  /** Write the database here and keep it (to study the queries); default: a temp file, removed. */
  readonly keepAt?: string;
  /** Only build the database (with keepAt: to run queries against it by hand). */
  readonly insertOnly?: boolean;
}

const PAIRS = [
  [TOKENS.SOL, TOKENS.USDC],
  [TOKENS.USDC, TOKENS.SOL],
  [TOKENS.SOL, TOKENS.USDT],
  [TOKENS.BONK, TOKENS.USDC],
] as const;
const VENUES = ['RAYDIUM', 'METEORA', 'RAYDIUM+METEORA'] as const;
const TYPES = ['MARKET', 'MARKET', 'MARKET', 'MARKET', 'MARKET', 'LIMIT', 'STOP', 'SNIPER'] as const;
const CODES = ['SLIPPAGE_EXCEEDED', 'INSUFFICIENT_LIQUIDITY', 'NO_ROUTE', 'NETWORK_ERROR'] as const;
const START = Date.UTC(2026, 10, 1);
const SPAN = 30 * 24 * 3_600_000;
const ACCOUNT = '0000000000000000000BENCH01';

const time = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const t0 = performance.now();
  const value = await fn();
  return { ms: Math.round((performance.now() - t0) * 10) / 10, value };
};

export async function benchExecutionReport(opts: BenchExecutionReportOptions = {}): Promise<Record<string, unknown>> {
  const total = opts.orders ?? 1_000_000;
  const rand = createRng(opts.seed ?? 42);
  const rng = (): number => rand.next();
  const dir = mkdtempSync(join(tmpdir(), 'oee-report-bench-'));
  const storage = await openSqliteStorage(opts.keepAt ?? join(dir, 'bench.db'));
  try {
    const raw = storage.db.sqlite;
    raw.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, 0)').run(ACCOUNT, 'bench');
    const insert = raw.prepare(`INSERT INTO orders (id, account_id, client_order_id, status, seq, token_in_mint, token_in_symbol,
        token_out_mint, token_out_symbol, amount_in, slippage_bps, quoted_amount_out, min_amount_out, attempts, fill, tx_hash,
        failure_code, failure_message, created_at, updated_at, type, routing_at, building_at, submitted_at, ended_at, venues,
        amount_out, best_single_out, fill_slippage_bps, impact_bps, savings_bps, savings_atoms, fee_mint_1, fee_atoms_1)
      VALUES (?, ?, ?, ?, 5, ?, ?, ?, ?, '1000000000', 100, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const fillJson = '{"amountOut":"0","legs":[{"venue":"RAYDIUM","poolId":"raydium-sol-usdc","hop":0,"mintIn":"x","mintOut":"y","amountIn":"1000000000","amountOut":"150000000","fee":"2500000","shareBps":10000}],"fees":[],"priceImpactPpm":120,"slippageBps":1,"txHash":"sig"}';
    const t0 = performance.now();
    const BATCH = 50_000;
    for (let start = 0; start < total; start += BATCH) {
      raw.transaction(() => {
        for (let i = start; i < Math.min(total, start + BATCH); i++) {
          const [tin, tout] = PAIRS[Math.floor(rng() * PAIRS.length)]!;
          const created = START + Math.floor((i / total) * SPAN);
          const r = rng();
          const type = TYPES[Math.floor(rng() * TYPES.length)]!;
          const status = r < 0.9 ? 'CONFIRMED' : r < 0.97 ? 'FAILED' : type === 'MARKET' ? 'FAILED' : r < 0.985 ? 'OPEN' : r < 0.995 ? 'EXPIRED' : 'CANCELLED';
          const filled = status === 'CONFIRMED';
          const ended = status === 'OPEN' ? null : created + 300 + Math.floor(rng() * 400);
          const quoted = 150_000_000n + BigInt(Math.floor(rng() * 1_000_000));
          const out = quoted - BigInt(Math.floor(rng() * 30_000));
          const best = out - BigInt(Math.floor(rng() * 20_000) - 2000);
          const executing = status === 'CONFIRMED' || status === 'FAILED';
          insert.run(
            `B${String(i).padStart(25, '0')}`,
            ACCOUNT,
            `c${i}`,
            status,
            tin.mint,
            tin.symbol,
            tout.mint,
            tout.symbol,
            quoted.toString(),
            ((quoted * 99n) / 100n).toString(),
            filled ? fillJson : null,
            filled ? `sig${i}` : null,
            status === 'FAILED' ? CODES[Math.floor(rng() * CODES.length)]! : null,
            status === 'FAILED' ? 'failed' : null,
            created,
            ended ?? created,
            type,
            executing ? created + 2 + Math.floor(rng() * 10) : null,
            executing ? created + 20 + Math.floor(rng() * 30) : null,
            executing ? created + 60 + Math.floor(rng() * 60) : null,
            ended,
            filled ? VENUES[Math.floor(rng() * VENUES.length)]! : null,
            filled ? out.toString() : null,
            filled ? best.toString() : null,
            filled ? Number(((quoted - out) * 1_000_000_000_000n) / quoted) / 1e8 : null,
            filled ? Math.floor(rng() * 5000) / 100 : null,
            filled ? Number(((out - best) * 1_000_000_000_000n) / best) / 1e8 : null,
            filled ? (out - best).toString() : null,
            filled ? tin.mint : null,
            filled ? String(2_500_000 + Math.floor(rng() * 1000)) : null,
          );
        }
      })();
    }
    const insertMs = Math.round(performance.now() - t0);
    raw.pragma('optimize');
    if (opts.insertOnly) return { orders: total, insertMs };
    const service = createReportService({ reports: storage.reports, tokens: () => Object.values(TOKENS) });
    const account = { accountId: ACCOUNT };
    const reports = service.forAccount(account);
    const countAll = () => time(async () => (raw.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n);
    const filter = { pair: 'SOL/USDC', venue: 'RAYDIUM', from: START + 7 * 24 * 3_600_000, to: START + 14 * 24 * 3_600_000 };
    // Warm the page cache once, as a running server's would be, then time each in turn.
    await countAll();
    await reports.report({});
    const count = await countAll();
    const full = await time(() => reports.report({}));
    const filtered = await time(() => reports.report(filter));
    const result = {
      orders: count.value,
      insertMs,
      countMs: count.ms,
      reportMs: full.ms,
      reportFilteredMs: filtered.ms,
      reportToCountRatio: Math.round((full.ms / Math.max(count.ms, 0.1)) * 10) / 10,
      reportFilteredToCountRatio: Math.round((filtered.ms / Math.max(count.ms, 0.1)) * 10) / 10,
      goalReportMs: 1000,
      meetsGoal: full.ms <= 1000,
      reportedOrders: full.value.all.orders,
      filteredOrders: filtered.value.all.orders,
    };
    return result;
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('execution-report.ts');
if (isMain) {
  const i = process.argv.indexOf('--orders');
  const orders = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  const k = process.argv.indexOf('--keep-at');
  const keepAt = k >= 0 ? process.argv[k + 1] : undefined;
  const insertOnly = process.argv.includes('--insert-only');
  console.log(JSON.stringify(await benchExecutionReport({ ...(orders === undefined ? {} : { orders }), ...(keepAt === undefined ? {} : { keepAt }), insertOnly }), null, 2));
}
