/**
 * Live pool prices, one card per pair with each pool's price and a chart of all of them over the
 * last five minutes (web/pool-history.ts). Everything arrives by the poolUpdates subscription (main.ts
 * feeds `apply`): the current pools when it starts, and again after every reconnect, then fresh pools
 * whenever fills or market motion move them, coalesced by the server. History lives only in the
 * page. A pool the page has not seen before, in a known pair or a new one, gets its row and series
 * when it first appears.
 */
import type uPlot from 'uplot';
import { compactNumber, smallChart, venueColor } from '../charts.js';
import { bpsDifference } from '../decimal.js';
import { byId, h, setText } from '../dom.js';
import { formatAmount, formatBps } from '../format.js';
import type { PoolInfo } from '../model.js';
import { PriceHistory } from '../pool-history.js';
import { frameBatcher } from '../schedule.js';
import { venueName } from './blotter-row.js';

interface PoolRow {
  readonly price: HTMLElement;
  readonly change: HTMLElement;
  /** The price when the page first saw the pool: the change column's reference. */
  readonly first: string;
}

interface PairCard {
  readonly key: string;
  readonly tbody: HTMLElement;
  readonly chartBox: HTMLElement;
  /** Built for the pools known at the time; rebuilt (rarely) when a pool joins the pair. */
  chart: uPlot | undefined;
  readonly history: PriceHistory;
  readonly rows: Map<string, PoolRow & { readonly venue: string; readonly color: string }>;
  readonly redraw: () => void;
}

function pairKey(p: PoolInfo): string {
  return `${p.tokenX}/${p.tokenY}`;
}

export interface PoolsPanel {
  apply(pools: readonly PoolInfo[]): void;
}

export function mountPools(): PoolsPanel {
  const container = byId('pools-grid');
  const updated = byId<HTMLTimeElement>('pools-updated');
  const cards = new Map<string, PairCard>();

  function cardFor(key: string): PairCard {
    const existing = cards.get(key);
    if (existing !== undefined) return existing;
    const tbody = h('tbody');
    const chartBox = h('div', { class: 'chart' });
    const [x, y] = key.split('/');
    container.append(
      h(
        'article',
        { class: 'pair-card', 'data-pair': key },
        h('h3', {}, `${x} / ${y}`, h('span', { class: 'muted' }, ` price in ${y}`)),
        h('table', { class: 'mini' }, h('caption', { class: 'sr-only' }, `${key} price per venue`), tbody),
        chartBox,
      ),
    );
    const history = new PriceHistory();
    const card: PairCard = {
      key,
      tbody,
      chartBox,
      chart: undefined,
      history,
      rows: new Map(),
      // Emissions can come every ~250 ms for many pairs: one chart redraw per frame at most.
      redraw: frameBatcher(() => {
        if (card.chart === undefined || card.chart.series.length !== history.poolIds.length + 1) rebuildChart(card);
        card.chart?.setData(history.data());
        chartBox.dataset['points'] = String(history.length);
        chartBox.dataset['spanS'] = history.spanSeconds().toFixed(0);
        chartBox.dataset['series'] = String(history.poolIds.length);
      }),
    };
    cards.set(key, card);
    return card;
  }

  function rebuildChart(card: PairCard): void {
    card.chart?.destroy();
    card.chart = smallChart(card.chartBox, {
      series: [...card.rows.values()].map((r) => ({ label: venueName(r.venue), color: r.color })),
      height: 90,
      yFormat: compactNumber,
      title: `${card.key} price per venue over the last 5 minutes`,
      xTime: true,
    });
  }

  function addPool(card: PairCard, p: PoolInfo): PoolRow {
    const color = venueColor(p.venue, card.rows.size);
    const row = { price: h('td', { class: 'num', 'data-pool-price': p.id }), change: h('td', { class: 'num muted', title: 'change since this page opened' }), first: p.price, venue: p.venue, color };
    card.tbody.append(
      h(
        'tr',
        { 'data-pool-id': p.id },
        h('th', { scope: 'row' }, h('span', { class: 'swatch', style: `background:${color}` }), venueName(p.venue)),
        h('td', { class: 'muted pool-kind' }, `${p.kind} · ${p.feeBps} bps fee`),
        row.price,
        row.change,
      ),
    );
    card.rows.set(p.id, row);
    card.history.addSeries(p.id); // the chart follows on its next redraw
    return row;
  }

  function apply(pools: readonly PoolInfo[]): void {
    const byPair = new Map<string, PoolInfo[]>();
    for (const p of pools) byPair.set(pairKey(p), [...(byPair.get(pairKey(p)) ?? []), p]);
    const now = Date.now();
    for (const [key, list] of byPair) {
      const card = cardFor(key);
      const prices = new Map<string, number>();
      for (const pool of list) {
        const row = card.rows.get(pool.id) ?? addPool(card, pool);
        prices.set(pool.id, Number(pool.price));
        setText(row.price, formatAmount(pool.price, 6, 12));
        const diff = bpsDifference(pool.price, row.first);
        setText(row.change, diff === undefined || diff === 0 ? '±0 bps' : formatBps(diff, true));
      }
      card.history.push(now, prices);
      card.redraw();
    }
    setText(updated, `updated ${new Date(now).toLocaleTimeString('en-GB', { hour12: false })}`);
    // When the charts last took a point, exactly and in the page's time (tests wait on it, not on time).
    updated.dateTime = new Date(now).toISOString();
  }

  return { apply };
}
