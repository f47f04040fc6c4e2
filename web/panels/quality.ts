/**
 * Execution quality: headline figures as numbers, venue usage and failure reasons as bars (a share
 * reads faster as a length), and slippage / price impact per fill as a chart over time.
 *
 * The figures and bars cover every order of the key's account: they come from the server's
 * executionReport (computed in the database), fetched again at most every REPORT_MS while orders
 * change. Without a key, or while the report cannot be read, they fall back to the orders this
 * page knows. The chart plots the page's newest fills (a per-fill series, not an aggregate).
 *
 * Redrawn at most every REDRAW_MS, in an animation frame: a burst of 1,000 fills would otherwise
 * rebuild the bars and redraw the chart on every frame. The bars are rebuilt only when what they
 * show changed, and the chart only when there is a new fill.
 */
import { compactNumber, smallChart, venueColor } from '../charts.js';
import { byId, fill, h, setText } from '../dom.js';
import { formatBps } from '../format.js';
import type { QualityReport } from '../backend-contract.js';
import type { OrdersStore } from '../orders-store.js';
import { throttledFrame } from '../schedule.js';
import { qualityStats } from '../stats.js';
import { venueName } from './blotter-row.js';

const CHART_POINTS = 200;
const REDRAW_MS = 250;
const REPORT_MS = 1000;

/** The headline figures, from the account's report or, failing that, the page's orders. */
interface Figures {
  readonly fillRate: number | undefined;
  readonly confirmed: number;
  readonly failed: number;
  readonly open: number;
  readonly slippage: number | undefined;
  readonly impact: number | undefined;
  readonly savings: number | undefined;
  readonly byVenue: ReadonlyMap<string, number>;
  readonly failuresByCode: ReadonlyMap<string, number>;
}

function fromReport(r: QualityReport): Figures {
  return {
    fillRate: r.fillRate,
    confirmed: r.filled,
    failed: r.failed,
    open: r.orders - r.filled - r.failed,
    slippage: r.meanSlippageBps,
    impact: r.meanPriceImpactBps,
    savings: r.meanSavingsBps,
    byVenue: r.fillsByVenue,
    failuresByCode: r.failuresByCode,
  };
}

export function mountQuality(store: OrdersStore, loadReport?: () => Promise<QualityReport>): void {
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
  let report: QualityReport | undefined;

  // One report request at a time; a change while it runs asks for one more after it.
  let fetching = false;
  let again = false;
  const refresh = throttledFrame(() => {
    if (loadReport === undefined) return;
    if (fetching) return void (again = true);
    fetching = true;
    loadReport()
      .then((r) => void (report = r))
      .catch(() => void (report = undefined))
      .finally(() => {
        fetching = false;
        render();
        if (again) {
          again = false;
          refresh();
        }
      });
  }, REPORT_MS);

  const render = throttledFrame(() => {
    const entries = store.list();
    let s: Figures;
    if (report !== undefined) s = fromReport(report);
    else {
      const q = qualityStats(entries.map((e) => e.order));
      s = { ...q, slippage: q.avgSlippageBps, impact: q.avgPriceImpactBps, savings: q.avgSavingsBps };
    }
    setText(kpi.fill, s.fillRate === undefined ? '—' : `${(s.fillRate * 100).toFixed(1)}%`);
    setText(kpi.fillDetail, `${s.confirmed} filled · ${s.failed} failed · ${s.open} open`);
    setText(kpi.slippage, formatBps(s.slippage, true));
    setText(kpi.impact, formatBps(s.impact));
    setText(kpi.savings, formatBps(s.savings, true));

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
  store.onChange(() => {
    render();
    refresh();
  });
  render();
  refresh();
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
