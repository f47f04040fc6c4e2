/**
 * The backtest report as one self-contained HTML file: the summary table and charts drawn as
 * inline SVG here (no script, no CDN, no network), the report JSON embedded for reference.
 */
import type { CollectedRun, SeriesPoint } from '../domain/backtest/collector.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A line chart of (x, y) points, scaled into a 640×200 box, with its min and max labelled. */
export function svgLine(title: string, points: readonly (readonly [number, number])[]): string {
  const W = 640;
  const H = 200;
  if (points.length < 2) return `<figure><figcaption>${esc(title)}</figcaption><p>not enough samples</p></figure>`;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => ((x - x0) / (x1 - x0 || 1)) * (W - 20) + 10;
  const sy = (y: number) => H - 10 - ((y - y0) / (y1 - y0 || 1)) * (H - 20);
  const path = points.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
  return `<figure><figcaption>${esc(title)} (min ${y0.toPrecision(6)}, max ${y1.toPrecision(6)})</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="#fafafa" stroke="#ccc"/><polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="${path}"/></svg></figure>`;
}

function charts(series: readonly SeriesPoint[]): string {
  const out: string[] = [];
  const first = series[0];
  const t = (s: SeriesPoint) => (s.atMs - (first?.atMs ?? 0)) / 60_000;
  for (const pool of (first?.pools ?? []).slice(0, 4)) {
    out.push(svgLine(`${pool.pair} on ${pool.venue} (price, by minute)`, series.flatMap((s) => {
      const p = s.pools.find((q) => q.poolId === pool.poolId);
      return p ? [[t(s), Number(p.price)] as const] : [];
    })));
  }
  out.push(svgLine('Fills so far', series.map((s) => [t(s), s.fills] as const)));
  const mints = new Set(series.flatMap((s) => s.cumulativeSavings.map((c) => c.symbol)));
  for (const symbol of mints) {
    out.push(svgLine(`Cumulative savings against the best single venue, ${symbol} (atoms)`, series.map((s) => [t(s), Number(s.cumulativeSavings.find((c) => c.symbol === symbol)?.atoms ?? 0)] as const)));
  }
  return out.join('\n');
}

export function reportHtml(title: string, run: CollectedRun, table: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}pre{background:#f4f4f4;padding:1rem;overflow:auto}figure{margin:1.5rem 0}</style>
</head><body>
<h1>${esc(title)}</h1>
<pre>${esc(table)}</pre>
${charts(run.series)}
<h2>Report</h2>
<pre>${esc(JSON.stringify(run.report, null, 2))}</pre>
</body></html>
`;
}
