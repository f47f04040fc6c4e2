/**
 * Execution quality: headline figures as numbers, venue usage and failure reasons as bars (a share
 * reads faster as a length), and slippage / price impact per fill as a chart over time.
 *
 * Redrawn at most every REDRAW_MS, in an animation frame: a burst of 1,000 fills would otherwise
 * rebuild the bars and redraw the chart on every frame. The bars are rebuilt only when what they
 * show changed, and the chart only when there is a new fill.
 */
import { compactNumber, smallChart, venueColor } from '../charts.js';
import { byId, fill, h, setText } from '../dom.js';
import { formatBps } from '../format.js';
import type { OrdersStore } from '../orders-store.js';
import { throttledFrame } from '../schedule.js';
import { qualityStats } from '../stats.js';
import { venueName } from './blotter-row.js';

const CHART_POINTS = 200;
const REDRAW_MS = 250;

export function mountQuality(store: OrdersStore): void {
  const kpi = {
    fill: byId('kpi-fill'),
    fillDetail: byId('kpi-fill-detail'),
    slippage: byId('kpi-slippage'),
    impact: byId('kpi-impact'),
    savings: byId('kpi-savings'),
  };
  const venueBars = barList(byId('venue-bars'), 'No fills yet.');
  const failureBars = barList(byId('failure-bars'), 'No failures.');
  const chart = smallChart(byId('quality-chart'), {
    // The legend in index.html paints these through .legend-swatch.slippage / .impact (styles.css).
    series: [
      { label: 'Slippage (bps)', color: '#38bdf8' },
      { label: 'Price impact (bps)', color: '#f472b6' },
    ],
    height: 120,
    yFormat: compactNumber,
    title: 'Slippage and price impact per confirmed order, in bps',
    xTime: false,
  });
  let chartKey = '';

  const render = throttledFrame(() => {
    const entries = store.list();
    const s = qualityStats(entries.map((e) => e.order));
    setText(kpi.fill, s.fillRate === undefined ? '—' : `${(s.fillRate * 100).toFixed(1)}%`);
    setText(kpi.fillDetail, `${s.confirmed} filled · ${s.failed} failed · ${s.open} open`);
    setText(kpi.slippage, formatBps(s.avgSlippageBps, true));
    setText(kpi.impact, formatBps(s.avgPriceImpactBps));
    setText(kpi.savings, formatBps(s.avgSavingsBps, true));

    venueBars([...s.byVenue].map(([v, n], i) => ({ label: venueName(v), value: n, color: venueColor(v, i) })), s.confirmed);
    failureBars([...s.failuresByCode].map(([code, n]) => ({ label: code, value: n, color: '#f87171' })), s.failed);

    // Oldest to newest, confirmed only, the newest CHART_POINTS of them, numbered by fill.
    const allFills = entries.filter((e) => e.order.status === 'CONFIRMED');
    const key = `${allFills.length}:${allFills[0]?.order.id ?? ''}`;
    if (key === chartKey) return;
    chartKey = key;
    const fills = allFills.slice(0, CHART_POINTS).reverse();
    const firstIndex = allFills.length - fills.length + 1;
    chart.setData([
      fills.map((_e, i) => firstIndex + i),
      fills.map((e) => e.order.executedSlippageBps ?? NaN),
      fills.map((e) => e.order.priceImpactBps ?? NaN),
    ]);
  }, REDRAW_MS);
  store.onChange(render);
  render();
}

interface Bar {
  readonly label: string;
  readonly value: number;
  readonly color: string;
}

/** A bar list that rebuilds its items only when their labels or values changed. */
function barList(target: HTMLElement, emptyText: string): (items: readonly Bar[], total: number) => void {
  let last: string | undefined;
  return (items, total) => {
    const sorted = [...items].sort((a, b) => b.value - a.value);
    const key = `${total}|${sorted.map((b) => `${b.label}=${b.value}`).join(',')}`;
    if (key === last) return;
    last = key;
    if (sorted.length === 0) {
      fill(target, h('li', { class: 'muted' }, emptyText));
      return;
    }
    fill(
      target,
      ...sorted.map((b) => {
        const pct = total === 0 ? 0 : (b.value / total) * 100;
        return h(
          'li',
          {},
          h('span', { class: 'bar-label' }, b.label),
          h('span', { class: 'bar-track', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill', style: `width:${pct.toFixed(1)}%;background:${b.color}` })),
          h('span', { class: 'bar-value num' }, `${b.value} (${pct.toFixed(0)}%)`),
        );
      }),
    );
  };
}
