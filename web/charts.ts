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

export interface ChartSpec {
  readonly series: readonly SeriesSpec[];
  readonly height: number;
  readonly yFormat: (v: number) => string;
  /** Accessible name of the chart. */
  readonly title: string;
  /** x is epoch seconds (time axis) or a plain index (e.g. the n-th fill). */
  readonly xTime: boolean;
}

function seriesOptions(s: SeriesSpec): uPlot.Series {
  return {
    label: s.label,
    stroke: s.color,
    width: 1.5,
    // Points only while there are few, so the first fills are visible at all.
    points: { show: (u: uPlot) => (u.data[0]?.length ?? 0) < 40, size: 4 },
    ...(s.bars === true ? { paths: uPlot.paths.bars?.({ size: [0.6, 8] }), fill: s.color + '99' } : {}),
  };
}

/** A small chart that follows its container's width. */
export function smallChart(target: HTMLElement, { series, height, yFormat, title, xTime }: ChartSpec): uPlot {
  const opts: uPlot.Options = {
    width: Math.max(target.clientWidth, 200),
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 5 } },
    scales: {
      // A lone point would otherwise stretch the x axis over years (time) or nothing (index); uPlot
      // has already widened a single value's range by the time it asks, so count the points instead.
      x: {
        time: xTime,
        range: (u, min, max) => {
          const xs = u.data[0] ?? [];
          const pad = xTime ? 30 : 1;
          if (xs.length === 1 && xs[0] !== undefined && xs[0] !== null) return [xs[0] - pad, xs[0] + pad];
          return min === max ? [min - pad, max + pad] : [min, max];
        },
      },
    },
    axes: [
      { ...AXIS, size: 28, space: 60, ...(xTime ? {} : { values: (_u: uPlot, splits: number[]) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) }) },
      { ...AXIS, size: 64, values: (_u, splits) => splits.map(yFormat) },
    ],
    series: [{}, ...series.map(seriesOptions)],
  };
  const data: uPlot.AlignedData = [[], ...series.map(() => [])];
  const resize = new ResizeObserver(() => {
    const width = Math.max(target.clientWidth, 200);
    if (width !== chart.width) chart.setSize({ width, height });
  });
  // A chart rebuilt with other series (a new pool) must not leave its observer behind.
  opts.hooks = { destroy: [() => resize.disconnect()] };
  const chart = new uPlot(opts, data, target);
  chart.root.setAttribute('role', 'img');
  chart.root.setAttribute('aria-label', title);
  resize.observe(target);
  return chart;
}

/** Significant digits for an axis label, compact for large numbers and readable for tiny prices. */
export function compactNumber(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs < 0.001) return v.toExponential(2);
  if (abs >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return v.toPrecision(4).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
