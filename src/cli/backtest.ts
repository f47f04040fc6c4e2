/**
 * `npm run --silent backtest -- SCENARIO.json [--strategy twap --param k=v …] [--router SMART]
 * [--json] [--out DIR]`: runs a scenario in process on the domain (no server, no database), with a
 * progress bar on a terminal (nothing when stdout is not one), then prints a summary table (or the
 * report as JSON with --json) and writes DIR/report.json, DIR/report.html (charts as inline SVG)
 * and DIR/orders.csv (DIR defaults to backtest-out).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CollectedRun } from '../domain/backtest/collector.js';
import { publicReason } from '../domain/backtest/failure.js';
import { prepareScenario } from '../domain/backtest/prepare.js';
import { runSliced } from '../jobs/backtest-run.js';
import { reportHtml } from './backtest-html.js';
import { strategyName, strategyParams } from './strategy-args.js';

const USAGE = 'usage: npm run --silent backtest -- SCENARIO.json [--strategy NAME --param k=v ...] [--router SMART|BEST_SINGLE_VENUE|VENUE_RAYDIUM|VENUE_METEORA] [--json] [--out DIR]';

export function summaryTable(run: CollectedRun, wallMs: number): string {
  const a = run.report.all;
  const rows: [string, string][] = [
    ['orders', String(run.summary.orders)],
    ['filled', String(a.filled)],
    ['failed', String(a.failed)],
    ['rejected / expired / cancelled / open', `${a.rejected} / ${a.expired} / ${a.cancelled} / ${a.open}`],
    ['fill rate', `${(a.fillRate * 100).toFixed(2)}%`],
    ['slippage bps mean / p50 / p95 / worst', `${a.slippageBps.mean} / ${a.slippageBps.p50} / ${a.slippageBps.p95} / ${a.slippageBps.max}`],
    ['price impact bps mean / p95', `${a.priceImpactBps.mean} / ${a.priceImpactBps.p95}`],
    ['savings vs best single venue (mean bps)', String(a.savings.meanBps)],
    ['simulated', `${((run.summary.endMs - run.summary.startMs) / 1000).toFixed(0)} s in ${run.summary.events} events`],
    ['wall time', `${wallMs} ms (${wallMs > 0 ? Math.round((run.summary.orders / wallMs) * 1000) : run.summary.orders} orders/s)`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      strategy: { type: 'string' },
      param: { type: 'string', multiple: true },
      router: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string', default: 'backtest-out' },
    },
  });
  const file = positionals[0];
  if (file === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (values.router !== undefined) raw['routerMode'] = values.router;
  if (values.strategy !== undefined) {
    const params = strategyParams(values.param ?? [], (raw['strategy'] as { params?: Record<string, unknown> } | undefined)?.params);
    delete raw['orders'];
    raw['strategy'] = { name: strategyName(values.strategy), params };
  }
  const tty = process.stdout.isTTY === true;
  const started = Date.now();
  let run: CollectedRun;
  try {
    const { scenario } = prepareScenario(raw);
    run = await runSliced(scenario, {
      clock: Date.now,
      everyMs: 100,
      onProgress: tty
        ? (p) => {
            const width = 30;
            const done = Math.round(p.fraction * width);
            const eta = p.etaMs === undefined ? '' : ` ETA ${(p.etaMs / 1000).toFixed(1)} s`;
            process.stdout.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(p.fraction * 100).toFixed(0).padStart(3)}%  ${p.ordersDone} orders${eta}   `);
          }
        : undefined,
    });
  } catch (e) {
    if (tty) process.stdout.write('\n');
    const r = publicReason(e);
    process.stderr.write(`backtest failed: ${r.code}${r.field ? ` (${r.field})` : ''}: ${r.message}\n`);
    return 1;
  }
  const wallMs = Date.now() - started;
  if (tty) process.stdout.write('\n');
  const table = summaryTable(run, wallMs);
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'report.json'), `${JSON.stringify({ summary: run.summary, report: run.report, series: run.series }, null, 2)}\n`);
  writeFileSync(join(values.out, 'report.html'), reportHtml(`Backtest: ${basename(file)}`, run, table));
  writeFileSync(join(values.out, 'orders.csv'), run.ordersCsv);
  if (values.json) process.stdout.write(`${JSON.stringify({ summary: run.summary, report: run.report, wallMs })}\n`);
  else process.stdout.write(`${table}\n\nwrote ${join(values.out, 'report.json')}, report.html, orders.csv\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  },
);
