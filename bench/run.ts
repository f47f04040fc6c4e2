/**
 * `npm run bench [-- --quick]`: starts a private Redis, runs every scenario next to its raw
 * baseline in the same run, prints a table and writes bench/results.json (quick runs write
 * bench/results.quick.json so the committed full figures are not overwritten by a smoke check).
 * Children (redis-server, servers, client processes) are killed at the end, on error and on Ctrl-C.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './lib/args.js';
import { FULL, QUICK, logger, type BenchContext } from './lib/context.js';
import { machineInfo } from './lib/machine.js';
import { installCleanup, setLogDir, stopAll, stopAllExcept } from './lib/procs.js';
import { startRedis } from './lib/redis.js';
import { newScenario, renderMarkdown, renderText, writeReport, type BenchReport, type ScenarioResult } from './lib/results.js';
import { fanoutScenario } from './scenarios/fanout.js';
import { latencyScenario } from './scenarios/latency.js';
import { persistenceScenario } from './scenarios/persistence.js';
import { quoteScenario } from './scenarios/quote.js';
import { recoveryScenario } from './scenarios/recovery.js';
import { scaleOutScenario } from './scenarios/scale-out.js';
import { throughputScenario, type ThroughputRun } from './scenarios/throughput.js';
import { triggersScenario } from './scenarios/triggers.js';
import { backtestScenario } from './scenarios/backtest.js';

const args = parseArgs(process.argv.slice(2));
installCleanup();
const log = logger();
const started = Date.now();
const tmpDir = mkdtempSync(join(tmpdir(), 'oee-bench-'));
const logDir = join(tmpDir, 'logs');
mkdirSync(logDir);
setLogDir(logDir);
if (args.cpuProf !== undefined) mkdirSync(args.cpuProf, { recursive: true });

const machine = machineInfo();
const sizes = { ...(args.quick ? QUICK : FULL), ...(args.orders !== undefined ? { orders: args.orders } : {}) };
if (machine.loadAverage1m > machine.cores / 2) {
  log(`WARNING: load average ${machine.loadAverage1m} on ${machine.cores} cores: other work is sharing the CPU, absolute figures will be low (ratios suffer less)`);
}
log(`${args.quick ? 'quick' : 'full'} run on ${machine.cores} cores (${machine.cpuModel}), node ${machine.node}; scratch ${tmpDir}`);
const redis = await startRedis();
log(`private redis-server on ${redis.url}`);
const ctx: BenchContext = { args, sizes, redis, tmpDir, shared: new Map(), log };

const scenarios: ScenarioResult[] = [];
const wanted = (name: string): boolean => args.only === undefined || args.only.has(name);

async function run(name: string, title: string, body: (result: ScenarioResult) => Promise<ScenarioResult>): Promise<ScenarioResult | undefined> {
  if (!wanted(name)) return undefined;
  const t0 = Date.now();
  // Created here so that figures measured before a failure (the baselines) are kept and reported.
  const result = newScenario(title);
  try {
    await body(result);
  } catch (error) {
    // Loud, not zero: the scenario appears in the table as an ERROR with the reason.
    result.error = error instanceof Error ? error.message : String(error);
    log(`${name} FAILED: ${result.error}`);
    // Whatever the scenario left running goes before the next one measures anything.
    await stopAllButRedis();
  }
  result.durationMs = Date.now() - t0;
  scenarios.push(result);
  return result;
}

async function stopAllButRedis(): Promise<void> {
  await stopAllExcept(redis.child);
}

let exitCode = 0;
try {
  const tp = await run('throughput', '1 throughput', (r) => throughputScenario(ctx, r));
  await run('persistence', '5 persistence', (r) => persistenceScenario(ctx, r, tp?.figures['runs'] as ThroughputRun[] | undefined));
  await run('quote', '3 quote', (r) => quoteScenario(ctx, r));
  await run('latency', '2 latency', (r) => latencyScenario(ctx, r));
  await run('fanout', '4 fan-out', (r) => fanoutScenario(ctx, r));
  await run('scale-out', '6 scale-out', (r) => scaleOutScenario(ctx, r));
  await run('recovery', '7 recovery', (r) => recoveryScenario(ctx, r));
  await run('triggers', '8 triggers', (r) => triggersScenario(ctx, r));
  await run('backtest', '9 backtest', (r) => backtestScenario(ctx, r));
} finally {
  await stopAll();
}

const goals = scenarios.flatMap((s) => s.rows.filter((r) => r.goal !== undefined).map((r) => ({ ...r.goal!, scenario: s.name })));
const errors = scenarios.filter((s) => s.error !== undefined);
const report: BenchReport = {
  machine,
  mode: args.quick ? 'quick' : 'full',
  command: `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`,
  setup: [
    `${machine.cores} cores: every server (ours and the baselines) runs in its own child process; HTTP clients and autocannon run in the orchestrator process; graphql-ws subscribers for fan-out in separate client processes. Clients and servers still share the ${machine.cores} cores.`,
    'Private redis-server (no RDB/AOF) on a free port; a fresh SQLite file (or PostgreSQL database on the local server) and key prefix per server start, and a fresh API key (read, trade) for the orders.',
    'Our servers: node --import tsx src/main.ts [api|worker], LATENCY_SCALE=0 and every latency 0, TRANSIENT_FAILURE_RATE=0, MOTION_INTERVAL_MS=0, WORKER_CONCURRENCY=' + sizes.workerConcurrency + ', LOG_LEVEL=warn, NODE_ENV=production.',
    'Fixed seeds for every request mix. Medians of repeated short runs where cheap (autocannon, BullMQ, SQLite).',
  ],
  scenarios,
  goals,
  passed: errors.length === 0 && goals.every((g) => g.pass),
  durationMs: Date.now() - started,
  loadAverage1mAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
};
const out = args.out ?? join(import.meta.dirname, args.quick ? 'results.quick.json' : 'results.json');
writeReport(out, { ...report, markdownTable: renderMarkdown(report) } as BenchReport);

process.stdout.write('\n' + renderText(report) + '\n\n');
for (const line of report.setup) process.stdout.write(`- ${line}\n`);
for (const s of scenarios) for (const note of s.notes) process.stdout.write(`- ${note}\n`);
process.stdout.write(`\n${goals.filter((g) => g.pass).length}/${goals.length} goals met; ${errors.length} scenario error(s); ${((Date.now() - started) / 1000).toFixed(0)} s; written to ${out}\n`);

if (errors.length > 0) {
  exitCode = 1;
  process.stdout.write(`child logs kept in ${logDir}\n`);
} else {
  rmSync(tmpDir, { recursive: true, force: true });
}
process.exit(exitCode);
