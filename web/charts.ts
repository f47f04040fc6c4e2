/**
 * uPlot set up once for the page's dark theme, so each panel only says what it plots. Chart values
 * are Numbers: they are pixels on a screen, never amounts anyone settles.
 */
import uPlot from 'uplot';

export const VENUE_COLORS: Record<string, string> = { RAYDIUM: '#a78bfa', METEORA: '#fbbf24' };
const FALLBACK_COLORS = ['#38bdf8', '#34d399', '#f472b6'];

export function venueColor(venue: string, index = 0): string {
  return VENUE_COLORS[venue] ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length] ?? '#38bdf8';
}

const AXIS: uPlot.Axis = {
  stroke: '#9aa4b2',
  grid: { stroke: '#1f2937', width: 1 },
  ticks: { stroke: '#1f2937', width: 1 },
  font: '11px system-ui, sans-serif',
};

export interface SeriesSpec {
  readonly label: string;
  readonly color: string;
  readonly bars?: boolean;
}

/** A small time-series chart that follows its container's width. */
export function smallChart(target: HTMLElement, series: readonly SeriesSpec[], height: number, yFormat: (v: number) => string, title: string): uPlot {
  const opts: uPlot.Options = {
    width: Math.max(target.clientWidth, 200),
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 5 } },
    scales: { x: { time: true } },
    axes: [
      { ...AXIS, size: 28, space: 60 },
      { ...AXIS, size: 64, values: (_u, splits) => splits.map(yFormat) },
    ],
    series: [
      {},
      ...series.map<uPlot.Series>((s) => ({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        points: { show: false },
        ...(s.bars === true ? { paths: uPlot.paths.bars?.({ size: [0.6, 8] }), fill: s.color + '99' } : {}),
      })),
    ],
  };
  const data: uPlot.AlignedData = [[], ...series.map(() => [])];
  const chart = new uPlot(opts, data, target);
  chart.root.setAttribute('role', 'img');
  chart.root.setAttribute('aria-label', title);
  new ResizeObserver(() => {
    const width = Math.max(target.clientWidth, 200);
    if (width !== chart.width) chart.setSize({ width, height });
  }).observe(target);
  return chart;
}

/** Significant digits for an axis label, compact for large numbers and readable for tiny prices. */
export function compactNumber(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return v.toPrecision(4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
