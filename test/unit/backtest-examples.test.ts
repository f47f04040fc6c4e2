/**
 * The example scenarios shipped in examples/scenarios each load and run, and the CLI runs one as a
 * real child process: a summary table on a non-TTY stdout (no progress bar), report.json,
 * a self-contained report.html (inline SVG, nothing fetched) and orders.csv written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrderResult } from '../../src/domain/backtest/results.js';
import { runBacktest } from '../../src/domain/backtest/run.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DIR = join(ROOT, 'examples/scenarios');
const load = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Record<string, unknown>;
const out = mkdtempSync(join(tmpdir(), 'oee-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('example scenarios', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

  it('ships a TWAP, an iceberg, a mean reversion and an order list', () => {
    expect(files.sort()).toEqual(['iceberg.json', 'mean-reversion.json', 'order-list.json', 'twap-default-market.json']);
  });

  it.each(['iceberg.json', 'mean-reversion.json', 'order-list.json', 'twap-default-market.json'])('%s runs and fills orders', (file) => {
    const results: OrderResult[] = [];
    const summary = runBacktest(load(file), { onResult: (r) => results.push(r) });
    expect(summary.orders).toBe(results.length);
    expect(summary.filled).toBeGreaterThan(0);
  });

  it('the order list under SMART saves against the best single venue at least as much as under BEST_SINGLE_VENUE', () => {
    const mean = (mode: string) => {
      const rs: OrderResult[] = [];
      runBacktest({ ...load('order-list.json'), routerMode: mode }, { onResult: (r) => rs.push(r) });
      const filled = rs.filter((r) => r.status === 'FILLED');
      return filled.reduce((s, r) => s + (r.savingsBps ?? 0), 0) / filled.length;
    };
    expect(mean('SMART')).toBeGreaterThan(mean('BEST_SINGLE_VENUE'));
  });
});

describe('npm run backtest (the CLI, as a child process)', () => {
  it('prints a summary table and writes the report as JSON, HTML with inline charts, and CSV', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/backtest.ts', join(DIR, 'iceberg.json'), '--router', 'BEST_SINGLE_VENUE', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(stdout).toMatch(/^orders +\d+$/m);
    expect(stdout).toMatch(/^fill rate +[\d.]+%$/m);
    expect(stdout).not.toContain('\r'); // no progress bar on a non-TTY stdout
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { report: { all: { orders: number } } };
    expect(report.report.all.orders).toBeGreaterThan(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(readFileSync(join(out, 'orders.csv'), 'utf8')).toMatch(/^clientOrderId,/);
  }, 60_000);

  it('--json prints the report; --strategy/--param override the scenario; a bad param exits 1 naming it', () => {
    const json = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/backtest.ts', join(DIR, 'twap-default-market.json'), '--strategy', 'twap', '--param', 'slices=12', '--json', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect((JSON.parse(json) as { summary: { orders: number } }).summary.orders).toBe(12);
    let stderr = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/backtest.ts', join(DIR, 'twap-default-market.json'), '--strategy', 'twap', '--param', 'slices=0', '--out', out], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      stderr = String((e as { stderr?: string }).stderr);
      status = (e as { status?: number }).status ?? -1;
    }
    expect(status).toBe(1);
    expect(stderr).toContain('STRATEGY_PARAM_OUT_OF_RANGE (params.slices)');
  }, 60_000);
});
