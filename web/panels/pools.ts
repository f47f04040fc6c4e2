/**
 * Live pool prices, one card per pair with each venue's price and a chart of both over time.
 * Everything arrives by the poolUpdates subscription: the current pools when it starts (and again
 * after every reconnect, when graphql-ws resubscribes), then fresh pools whenever fills or market
 * motion move them, coalesced by the server. Each emission is one chart point; history lives only
 * in the page.
 */
import type uPlot from 'uplot';
import type { Backend } from '../backend.js';
import { compactNumber, smallChart, venueColor } from '../charts.js';
import { bpsDifference } from '../decimal.js';
import { byId, h, setText } from '../dom.js';
import { formatAmount, formatBps } from '../format.js';
import type { PoolInfo } from '../model.js';
import { venueName } from './blotter-row.js';

/** Chart history per pair: at ~1 emission per second, the last five minutes or so. */
const MAX_POINTS = 300;

interface PairCard {
  readonly venues: string[];
  readonly prices: Map<string, HTMLElement>;
  readonly changes: Map<string, HTMLElement>;
  readonly first: Map<string, string>;
  readonly chart: uPlot;
  readonly xs: number[];
  readonly ys: number[][];
}

function pairKey(p: PoolInfo): string {
  return `${p.tokenX}/${p.tokenY}`;
}

/** Mounts the panel and subscribes; the returned function unsubscribes. */
export function mountPools(backend: Backend, onError: (err: unknown) => void): () => void {
  const container = byId('pools-grid');
  const updated = byId('pools-updated');
  const cards = new Map<string, PairCard>();

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
        card.xs.splice(0, card.xs.length - MAX_POINTS);
        for (const s of card.ys) s.splice(0, s.length - MAX_POINTS);
      }
      card.chart.setData([card.xs, ...card.ys]);
    }
    setText(updated, `updated ${new Date().toLocaleTimeString('en-GB', { hour12: false })}`);
  }

  return backend.poolUpdates(apply, onError);
}
