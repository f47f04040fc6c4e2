/**
 * Plain-text table for the terminal and a Markdown one for the README, from the same rows.
 */
export type Cell = string | number;

function text(cell: Cell): string {
  if (typeof cell === 'string') return cell;
  if (Number.isNaN(cell)) return 'n/a';
  if (!Number.isFinite(cell)) return String(cell);
  const abs = Math.abs(cell);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return cell.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const all = [header, ...rows.map((r) => r.map(text))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(all[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

export function formatMarkdown(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const r = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [r(header), r(header.map(() => '---')), ...rows.map((row) => r(row.map(text)))].join('\n');
}
