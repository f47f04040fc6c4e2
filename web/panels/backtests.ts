/**
 * The Backtests view: start a run of an example scenario in a chosen router mode, watch its
 * progress (percent, orders done, ETA) live, read a finished run's report and charts, and compare
 * two runs of one scenario side by side. Runs belong to the key's account; nothing here polls:
 * progress arrives by subscription, and the list is read once per key and after each start.
 */
import { ApiError } from '../api/connection.js';
import type { BacktestDetail, BacktestProgress, BacktestRow, BacktestsBackend, Comparison } from '../backtests/contract.js';
import { EXAMPLES, ROUTER_MODES, type RouterModeName } from '../backtests/examples.js';
import { formatEta, reportFigures, seriesCharts, type Distribution } from '../backtests/results.js';
import { compactNumber, smallChart, venueColor } from '../charts.js';
import { atomsToDecimal } from '../decimal.js';
import { byId, fill, h, setText } from '../dom.js';
import { formatAmount, formatBps } from '../format.js';
import type { TokenInfo } from '../model.js';

export interface BacktestsView {
  /** The key changed (or was dropped): forget the old account's runs, read the new one's. */
  reset(signedIn: boolean): void;
  setTokens(tokens: readonly TokenInfo[]): void;
}

const LIST_SIZE = 20;
const TERMINAL = new Set(['DONE', 'FAILED']);

export function mountBacktests(backend: BacktestsBackend, deps: { readonly csvHeaders: () => Record<string, string> | undefined; readonly announce: (m: string) => void }): BacktestsView {
  const form = byId<HTMLFormElement>('bt-form');
  const scenarioSelect = byId<HTMLSelectElement>('bt-scenario');
  const modeSelect = byId<HTMLSelectElement>('bt-mode');
  const runButton = byId<HTMLButtonElement>('bt-run');
  const error = byId('bt-error');
  const rowsBody = byId('bt-rows');
  const empty = byId('bt-empty');
  const compareBox = byId('bt-compare');
  const detailBox = byId('bt-detail');

  fill(scenarioSelect, ...EXAMPLES.map((e) => h('option', { value: e.id }, e.label)));
  fill(modeSelect, ...ROUTER_MODES.map((m) => h('option', { value: m }, m)));

  const runs = new Map<string, BacktestRow>();
  const stops = new Map<string, () => void>();
  const picked: string[] = [];
  let tokens: readonly TokenInfo[] = [];
  let signedIn = false;
  let generation = 0;

  const tokenOf = (mint: string): TokenInfo | undefined => tokens.find((t) => t.mint === mint && !t.native) ?? tokens.find((t) => t.mint === mint);

  function render(): void {
    const list = [...runs.values()].sort((a, b) => b.createdAt - a.createdAt);
    empty.hidden = list.length > 0;
    fill(rowsBody, ...list.map(rowOf));
  }

  function rowOf(r: BacktestRow): HTMLTableRowElement {
    const checkbox = h('input', { type: 'checkbox', 'aria-label': `Compare run ${r.id}`, disabled: r.status !== 'DONE' });
    checkbox.checked = picked.includes(r.id);
    checkbox.addEventListener('change', () => togglePick(r.id, checkbox.checked));
    const view = h('button', { type: 'button', class: 'link', disabled: r.status !== 'DONE' }, 'Report');
    view.addEventListener('click', () => void showDetail(r.id));
    const progress = h('progress', { max: 100, value: r.percent, 'aria-label': `Progress of run ${r.id}` });
    const state = r.status === 'FAILED' ? `FAILED: ${r.failure?.message ?? ''}` : r.status;
    return h(
      'tr',
      { 'data-id': r.id, 'data-status': r.status },
      h('td', {}, checkbox),
      h('td', { class: 'num' }, new Date(r.createdAt).toLocaleTimeString()),
      h('td', {}, r.routerMode),
      h('td', { class: `bt-status ${r.status.toLowerCase()}` }, state),
      h('td', {}, progress, ' ', h('span', { class: 'num small' }, `${r.percent.toFixed(0)}%`)),
      h('td', { class: 'num' }, r.ordersDone.toLocaleString('en-US')),
      h('td', { class: 'muted small' }, r.status === 'RUNNING' ? formatEta(r.etaMs) : ''),
      h('td', {}, view),
    );
  }

  function follow(id: string): void {
    if (stops.has(id)) return;
    const mine = generation;
    const stop = backend.updates(
      id,
      (p: BacktestProgress) => {
        if (mine !== generation) return;
        const r = runs.get(id);
        if (r === undefined) return;
        runs.set(id, { ...r, status: p.status, percent: p.percent, ordersDone: p.ordersDone, etaMs: p.etaMs, failure: p.failure });
        if (TERMINAL.has(p.status)) {
          stops.get(id)?.();
          stops.delete(id);
          deps.announce(`Backtest ${r.routerMode} ${p.status === 'DONE' ? 'done' : 'failed'}`);
        }
        render();
      },
      () => stops.delete(id),
    );
    stops.set(id, stop);
  }

  function stopAll(): void {
    for (const stop of stops.values()) stop();
    stops.clear();
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    stopAll();
    runs.clear();
    picked.length = 0;
    compareBox.hidden = true;
    detailBox.hidden = true;
    render();
    if (!signedIn) return;
    try {
      const list = await backend.list(LIST_SIZE);
      if (mine !== generation) return;
      for (const r of list) runs.set(r.id, r);
      for (const r of list) if (!TERMINAL.has(r.status)) follow(r.id);
      render();
    } catch (e) {
      if (mine === generation) showError(e);
    }
  }

  function showError(e: unknown): void {
    const code = e instanceof ApiError ? e.code : undefined;
    const field = e instanceof ApiError ? e.errors[0]?.extensions?.['field'] : undefined;
    setText(error, e instanceof Error ? `${code ? `${code}${typeof field === 'string' ? ` (${field})` : ''}: ` : ''}${e.message}` : 'The server did not answer.');
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setText(error, '');
    if (!signedIn) {
      setText(error, 'Backtests need an API key with the trade scope: paste one in the order ticket.');
      return;
    }
    const example = EXAMPLES.find((e) => e.id === scenarioSelect.value);
    if (example === undefined) return;
    runButton.disabled = true;
    backend
      .run(example.scenario, modeSelect.value as RouterModeName)
      .then((r) => {
        runs.set(r.id, r);
        render();
        follow(r.id);
      })
      .catch(showError)
      .finally(() => (runButton.disabled = false));
  });

  function togglePick(id: string, on: boolean): void {
    const i = picked.indexOf(id);
    if (on && i < 0) picked.push(id);
    if (!on && i >= 0) picked.splice(i, 1);
    // Two at most: ticking a third drops the oldest pick.
    while (picked.length > 2) picked.shift();
    render();
    if (picked.length === 2) void showComparison(picked[0]!, picked[1]!);
    else compareBox.hidden = true;
  }

  async function showComparison(a: string, b: string): Promise<void> {
    try {
      const c = await backend.compare(a, b);
      renderComparison(c);
    } catch (e) {
      fill(compareBox, h('p', { class: 'field-error', role: 'alert' }, e instanceof ApiError && e.code === 'NOT_COMPARABLE' ? 'These two runs are not of one scenario: compare runs of the same example.' : e instanceof Error ? e.message : 'Comparison failed.'));
      compareBox.hidden = false;
    }
  }

  function renderComparison(c: Comparison): void {
    const cell = (v: number, unit: 'pct' | 'bps' | 'count', signed = false): string =>
      unit === 'pct' ? `${signed && v > 0 ? '+' : ''}${(v * 100).toFixed(2)}%` : unit === 'bps' ? formatBps(v, signed) : `${signed && v > 0 ? '+' : ''}${v.toLocaleString('en-US')}`;
    fill(
      compareBox,
      h('h3', { class: 'sub' }, `Compare: ${c.a.routerMode} (a) against ${c.b.routerMode} (b)`),
      h(
        'table',
        { class: 'bt-compare-table', 'aria-label': 'Comparison of two backtests' },
        h('thead', {}, h('tr', {}, h('th', {}, 'figure'), h('th', {}, `a: ${c.a.routerMode}`), h('th', {}, `b: ${c.b.routerMode}`), h('th', {}, 'b − a'))),
        h('tbody', {}, ...c.rows.map(([label, d, unit]) => h('tr', {}, h('td', {}, label), h('td', { class: 'num' }, cell(d.a, unit)), h('td', { class: 'num' }, cell(d.b, unit)), h('td', { class: 'num' }, cell(d.delta, unit, true))))),
      ),
    );
    compareBox.hidden = false;
  }

  let charts: { destroy(): void }[] = [];
  async function showDetail(id: string): Promise<void> {
    let d: BacktestDetail | null;
    try {
      d = await backend.detail(id);
    } catch (e) {
      showError(e);
      return;
    }
    if (d === null) return;
    for (const c of charts) c.destroy();
    charts = [];
    const f = reportFigures(d.report);
    const dist = (x: Distribution | undefined): string => (x === undefined ? '—' : `mean ${formatBps(x.mean)} · p50 ${formatBps(x.p50)} · p95 ${formatBps(x.p95)} · p99 ${formatBps(x.p99)} · worst ${formatBps(x.max)}`);
    const tokenAmount = (mint: string, atoms: string): string => {
      const t = tokenOf(mint);
      return t === undefined ? `${atoms} atoms of ${mint.slice(0, 6)}…` : `${formatAmount(atomsToDecimal(atoms, t.decimals))} ${t.symbol}`;
    };
    const kv = (label: string, value: string) => h('div', { class: 'kpi' }, h('span', { class: 'kpi-label' }, label), h('span', { class: 'kpi-value num' }, value));
    const priceChart = h('div', { class: 'chart', id: 'bt-price-chart' });
    const fillsChart = h('div', { class: 'chart', id: 'bt-fills-chart' });
    const csv = h('button', { type: 'button', class: 'link' }, 'Download per-order CSV');
    csv.addEventListener('click', () => void download(d.ordersCsvPath, `backtest-${d.id}.csv`));
    const s = seriesCharts(d.series);
    fill(
      detailBox,
      h('h3', { class: 'sub' }, `Report: ${d.routerMode}, run ${d.id}`),
      f === undefined
        ? h('p', { class: 'muted' }, 'No report stored.')
        : h(
            'div',
            {},
            h('div', { class: 'kpis' }, kv('Orders', f.orders.toLocaleString('en-US')), kv('Fill rate', `${(f.fillRate * 100).toFixed(1)}%`), kv('Mean savings vs best venue', formatBps(f.savingsMeanBps, true)), kv('Still open at end', String(f.open))),
            h('p', { class: 'bt-line' }, h('strong', {}, 'Slippage vs quote: '), dist(f.slippage)),
            h('p', { class: 'bt-line' }, h('strong', {}, 'Price impact: '), dist(f.impact)),
            h('p', { class: 'bt-line' }, h('strong', {}, 'Fees: '), Object.entries(f.feesByMint).map(([m, a]) => tokenAmount(m, a)).join(' · ') || '—'),
            h('p', { class: 'bt-line' }, h('strong', {}, 'Saved against the best single venue: '), Object.entries(f.savingsAtomsByMint).map(([m, a]) => tokenAmount(m, a)).join(' · ') || '—'),
            h('p', { class: 'bt-line' }, h('strong', {}, 'Failures: '), Object.entries(f.failuresByCode).map(([c, n]) => `${c} ${n}`).join(' · ') || 'none'),
          ),
      h('h3', { class: 'sub' }, `${s.pair ?? 'Pool'} price per venue over the run`),
      priceChart,
      h('h3', { class: 'sub' }, 'Fills over the run'),
      fillsChart,
      csv,
    );
    detailBox.hidden = false;
    if (s.t.length > 0 && s.pools.length > 0) {
      const chart = smallChart(priceChart, { series: s.pools.map((p, i) => ({ label: p.label, color: venueColor(p.venue, i) })), height: 140, yFormat: compactNumber, title: `${s.pair ?? ''} price per venue`, xTime: false });
      chart.setData([s.t, ...s.pools.map((p) => p.price)] as never);
      charts.push(chart);
    }
    if (s.t.length > 0) {
      const chart = smallChart(fillsChart, { series: [{ label: 'Fills', color: '#34d399' }], height: 100, yFormat: compactNumber, title: 'Cumulative fills', xTime: false });
      chart.setData([s.t, s.fills] as never);
      charts.push(chart);
    }
  }

  /** The CSV needs the key as a Bearer header, which a plain link cannot send: fetch, then save. */
  async function download(path: string, name: string): Promise<void> {
    const headers = deps.csvHeaders();
    if (headers === undefined) return;
    const res = await fetch(path, { headers });
    if (!res.ok) {
      deps.announce(`CSV download refused (${res.status})`);
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return {
    reset(nowSignedIn) {
      signedIn = nowSignedIn;
      void load();
    },
    setTokens(list) {
      tokens = list;
    },
  };
}
