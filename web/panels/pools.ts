/**
 * Live pool prices, one card per pair with each venue's price and a chart of both over time.
 * The API has no pool subscription. Fills move pools, so the page refetches `pools` shortly after
 * orders confirm (debounced) and on every (re)connect; the simulated market also drifts on its own
 * (a motion tick, about once a second, that publishes nothing), which only a slow timer can show.
 * The timer waits whenever an event-driven refresh just happened or the tab is hidden.
 * History lives only in the page.
 */
import type uPlot from 'uplot';
import type { Backend } from '../backend.js';
import { compactNumber, smallChart, venueColor } from '../charts.js';
import { bpsDifference } from '../decimal.js';
import { byId, debounce, h, setText } from '../dom.js';
import { formatAmount, formatBps } from '../format.js';
import type { PoolInfo } from '../model.js';
import { venueName } from './blotter-row.js';

const MAX_POINTS = 240;
/** Drift refresh period; a fill-driven refresh restarts it. */
const DRIFT_REFRESH_MS = 3000;

interface PairCard {
  readonly venues: string[];
  readonly prices: Map<string, HTMLElement>;
  readonly changes: Map<string, HTMLElement>;
  readonly first: Map<string, string>;
  readonly chart: uPlot;
  readonly xs: number[];
  readonly ys: number[][];
}

export interface PoolsPanel {
  /** Refetch soon; many calls within the debounce window cost one request. */
  refreshSoon(): void;
  refreshNow(): Promise<void>;
}

function pairKey(p: PoolInfo): string {
  return `${p.tokenX}/${p.tokenY}`;
}

export function mountPools(backend: Backend): PoolsPanel {
  const container = byId('pools-grid');
  const updated = byId('pools-updated');
  const cards = new Map<string, PairCard>();
  let inFlight: Promise<void> | undefined;
  let again = false;

  function cardFor(key: string, pools: PoolInfo[]): PairCard {
    const existing = cards.get(key);
    if (existing !== undefined) return existing;
    const venues = pools.map((p) => p.venue);
    const prices = new Map<string, HTMLElement>();
    const changes = new Map<string, HTMLElement>();
    const rows = pools.map((p, i) => {
      const price = h('td', { class: 'num', 'data-pool-price': p.id });
      const change = h('td', { class: 'num muted' });
      prices.set(p.venue, price);
      changes.set(p.venue, change);
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, h('span', { class: 'swatch', style: `background:${venueColor(p.venue, i)}` }), venueName(p.venue)),
        h('td', { class: 'muted pool-kind' }, `${p.kind} · ${p.feeBps} bps fee`),
        price,
        change,
      );
    });
    const chartBox = h('div', { class: 'chart' });
    const [x, y] = key.split('/');
    const card = h(
      'article',
      { class: 'pair-card', 'data-pair': key },
      h('h3', {}, `${x} / ${y}`, h('span', { class: 'muted' }, ` price in ${y}`)),
      h('table', { class: 'mini' }, h('caption', { class: 'sr-only' }, `${key} price per venue`), h('tbody', {}, ...rows)),
      chartBox,
    );
    container.append(card);
    const chart = smallChart(chartBox, {
      series: venues.map((v, i) => ({ label: venueName(v), color: venueColor(v, i) })),
      height: 90,
      yFormat: compactNumber,
      title: `${key} price over time per venue`,
      xTime: true,
    });
    const created: PairCard = { venues, prices, changes, first: new Map(), chart, xs: [], ys: venues.map(() => []) };
    cards.set(key, created);
    return created;
  }

  function apply(pools: PoolInfo[]): void {
    const byPair = new Map<string, PoolInfo[]>();
    for (const p of pools) byPair.set(pairKey(p), [...(byPair.get(pairKey(p)) ?? []), p]);
    const now = Date.now() / 1000;
    for (const [key, list] of byPair) {
      const card = cardFor(key, list);
      card.xs.push(now);
      card.venues.forEach((venue, i) => {
        const pool = list.find((p) => p.venue === venue);
        const series = card.ys[i];
        if (series === undefined) return;
        series.push(pool === undefined ? NaN : Number(pool.price));
        if (pool === undefined) return;
        const first = card.first.get(venue) ?? pool.price;
        card.first.set(venue, first);
        const price = card.prices.get(venue);
        if (price !== undefined) setText(price, formatAmount(pool.price, 6, 12));
        const change = card.changes.get(venue);
        const diff = bpsDifference(pool.price, first);
        if (change !== undefined) {
          setText(change, diff === undefined || diff === 0 ? '±0 bps' : formatBps(diff, true));
          change.title = 'change since this page opened';
        }
      });
      if (card.xs.length > MAX_POINTS) {
        card.xs.shift();
        for (const s of card.ys) s.shift();
      }
      card.chart.setData([card.xs, ...card.ys]);
    }
    setText(updated, `updated ${new Date().toLocaleTimeString('en-GB', { hour12: false })}`);
  }

  let driftTimer: ReturnType<typeof setTimeout> | undefined;
  function scheduleDrift(): void {
    if (driftTimer !== undefined) clearTimeout(driftTimer);
    driftTimer = setTimeout(() => {
      if (document.hidden) scheduleDrift();
      else void refreshNow();
    }, DRIFT_REFRESH_MS);
  }

  async function refreshNow(): Promise<void> {
    // One request at a time; a refresh asked for meanwhile runs once when it finishes.
    if (inFlight !== undefined) {
      again = true;
      return inFlight;
    }
    inFlight = backend
      .pools()
      .then(apply)
      .catch(() => undefined) // the connection badge already tells the user; the next event retries
      .finally(() => {
        inFlight = undefined;
        scheduleDrift();
        if (again) {
          again = false;
          void refreshNow();
        }
      });
    return inFlight;
  }

  return { refreshSoon: debounce(() => void refreshNow(), 300), refreshNow };
}
