/**
 * The shape of bench/results.json and of the printed table: each scenario reports rows of
 * "our figure vs its raw baseline measured in the same run", and goals on those ratios.
 */
import { writeFileSync } from 'node:fs';
import type { MachineInfo } from './machine.js';
import { round, type Goal } from './stats.js';
import { formatMarkdown, formatTable, type Cell } from './table.js';

export interface Row {
  readonly measure: string;
  readonly ours: number;
  readonly unit: string;
  /** What the baseline is, e.g. "yoga { hello }". Empty when the row has no baseline. */
  readonly baselineName: string;
  readonly baseline: number;
  /** ours / baseline (or baseline / ours where lower is better: then the name says so). */
  readonly ratio: number;
  readonly goal?: Goal;
}

export interface ScenarioResult {
  readonly name: string;
  readonly rows: Row[];
  /** Every raw figure measured, for results.json (rates, percentiles, counts, RSS...). */
  readonly figures: Record<string, unknown>;
  readonly notes: string[];
  error?: string;
  durationMs?: number;
}

export function newScenario(name: string): ScenarioResult {
  return { name, rows: [], figures: {}, notes: [] };
}

export interface BenchReport {
  readonly machine: MachineInfo;
  readonly mode: 'quick' | 'full';
  readonly command: string;
  readonly setup: string[];
  readonly scenarios: ScenarioResult[];
  readonly goals: (Goal & { scenario: string })[];
  readonly passed: boolean;
  readonly durationMs: number;
  readonly loadAverage1mAtEnd: number;
}

const HEADER = ['scenario', 'measure', 'ours', 'unit', 'baseline (same run)', 'baseline', 'ratio', 'goal', 'result'];

function cells(s: ScenarioResult, r: Row): Cell[] {
  const g = r.goal;
  return [
    s.name,
    r.measure,
    round(r.ours),
    r.unit,
    r.baselineName,
    r.baselineName === '' ? '' : round(r.baseline),
    r.baselineName === '' ? '' : round(r.ratio),
    g === undefined ? '' : `${g.kind === 'atLeast' ? '>=' : '<='} ${g.target}`,
    g === undefined ? '' : g.pass ? 'PASS' : 'FAIL',
  ];
}

function allRows(report: Pick<BenchReport, 'scenarios'>): Cell[][] {
  const rows: Cell[][] = [];
  for (const s of report.scenarios) {
    if (s.error !== undefined) rows.push([s.name, 'ERROR', s.error.split('\n')[0]?.slice(0, 100) ?? '', '', '', '', '', '', 'FAIL']);
    for (const r of s.rows) rows.push(cells(s, r));
  }
  return rows;
}

export function renderText(report: Pick<BenchReport, 'scenarios'>): string {
  return formatTable(HEADER, allRows(report));
}

export function renderMarkdown(report: Pick<BenchReport, 'scenarios'>): string {
  return formatMarkdown(HEADER, allRows(report));
}

/** JSON cannot hold NaN/Infinity: they become null, which a reader can't mistake for a figure. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'number') return round(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export function writeReport(path: string, report: BenchReport): void {
  writeFileSync(path, JSON.stringify(report, replacer, 2) + '\n');
}
