/**
 * The depth chart of one pair, chosen from the ticket's tokens: each venue's bids and asks from the
 * orderBookUpdates subscription (the book now, then after every change to the pair's pools), with
 * the trader's resting limit and stop orders on that pair drawn as vertical lines. Drawn as SVG by
 * hand: two step outlines per venue and a few lines need no charting library. Changing the pair
 * stops the old subscription before the new one starts.
 */
import type { Backend } from '../backend-contract.js';
import { compactNumber, venueColor } from '../charts.js';
import { bookPrice, depthShapes, MARGIN } from '../depth-geometry.js';
import { byId, fill, h, setText } from '../dom.js';
import { formatAmount } from '../format.js';
import type { OrderBookInfo, TokenInfo } from '../model.js';
import type { OrdersStore } from '../orders-store.js';
import { frameBatcher } from '../schedule.js';
import { venueName } from './blotter-row.js';

const SVG = 'http://www.w3.org/2000/svg';
const LEVELS = 20;
const HEIGHT = 220;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export interface DepthChart {
  setTokens(tokens: readonly TokenInfo[]): void;
}

export function mountDepthChart(backend: Backend, store: OrdersStore, announce: (msg: string) => void): DepthChart {
  const baseSel = byId<HTMLSelectElement>('depth-base');
  const quoteSel = byId<HTMLSelectElement>('depth-quote');
  const box = byId('depth-chart');
  const info = byId('depth-info');
  let mints = new Map<string, string>();
  let book: OrderBookInfo | undefined;
  let stop: (() => void) | undefined;
  let pair = '';

  const draw = frameBatcher(() => {
    if (book === undefined) return;
    const b = book;
    const width = Math.max(box.clientWidth, 240);
    const orders = store
      .list()
      .filter((e) => e.order.status === 'OPEN')
      .flatMap((e) => {
        const price = bookPrice(e.order, (s) => mints.get(s), b);
        return price === undefined ? [] : [{ order: e.order, price }];
      });
    const shapes = depthShapes(b, orders, { width, height: HEIGHT });
    const root = svg('svg', { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', class: 'depth-svg' });
    root.setAttribute('aria-label', `${b.base}/${b.quote} depth per venue: ${b.venues.map((v) => `${venueName(v.venue)} mid ${formatAmount(v.mid)}`).join(', ')}; ${orders.length} open order line${orders.length === 1 ? '' : 's'}`);
    let total = 0;
    b.venues.forEach((v, i) => {
      for (const p of shapes.paths.filter((s) => s.venue === v.venue)) {
        total += p.levels;
        root.append(svg('path', { d: p.d, class: `depth-${p.side}`, stroke: venueColor(v.venue, i), 'data-venue': v.venue, 'data-side': p.side, 'data-levels': p.levels }));
      }
    });
    const baseY = HEIGHT - MARGIN.bottom;
    root.append(svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: baseY, y2: baseY, class: 'depth-axis' }));
    for (const t of shapes.ticks) root.append(svg('text', { x: t.x, y: HEIGHT - 6, class: 'depth-tick', 'text-anchor': 'middle' }, compactNumber(t.price)));
    root.append(svg('text', { x: MARGIN.left + 2, y: MARGIN.top + 10, class: 'depth-tick' }, `${compactNumber(shapes.maxDepth)} ${b.base}`));
    for (const l of shapes.lines) {
      const g = svg('g', { 'data-depth-line': l.kind, 'data-order-id': l.orderId, 'data-price': l.label });
      g.append(svg('line', { x1: l.x, x2: l.x, y1: MARGIN.top, y2: baseY, class: `depth-line depth-${l.kind}` }), svg('title', {}, `${l.kind} ${l.label}`));
      g.append(svg('text', { x: l.x + 3, y: MARGIN.top + 22, class: `depth-label depth-${l.kind}` }, `${l.kind} ${formatAmount(l.label, 8, 12)}`));
      root.append(g);
    }
    root.dataset['levels'] = String(total);
    root.dataset['pair'] = `${b.base}/${b.quote}`;
    root.dataset['version'] = String(b.version);
    box.replaceChildren(root);
    setText(info, b.venues.length === 0 ? 'No pool trades this pair.' : b.venues.map((v) => `${venueName(v.venue)} ${v.kind} mid ${formatAmount(v.mid, 6, 12)}`).join(' · '));
  });

  function follow(): void {
    const next = `${baseSel.value}/${quoteSel.value}`;
    if (next === pair || baseSel.value === '' || quoteSel.value === '') return;
    pair = next;
    stop?.();
    book = undefined;
    box.replaceChildren();
    setText(info, 'Loading the book…');
    if (baseSel.value === quoteSel.value) {
      stop = undefined;
      setText(info, 'Choose two different tokens.');
      return;
    }
    const mine = pair;
    stop = backend.orderBookUpdates(
      baseSel.value,
      quoteSel.value,
      LEVELS,
      (next) => {
        if (mine !== pair) return; // a book of the pair before
        book = next;
        draw();
      },
      (err) => {
        if (mine !== pair) return;
        const msg = err instanceof Error ? err.message : 'connection error';
        setText(info, `No book for ${mine}: ${msg}`);
        announce(`Order book for ${mine} interrupted: ${msg}`);
      },
    );
  }

  baseSel.addEventListener('change', follow);
  quoteSel.addEventListener('change', follow);
  store.onChange(() => draw()); // an order placed, triggered or cancelled moves its line
  new ResizeObserver(() => draw()).observe(box);

  return {
    setTokens(tokens) {
      mints = new Map(tokens.map((t) => [t.symbol, t.mint]));
      for (const [sel, fallback] of [
        [baseSel, 'SOL'],
        [quoteSel, 'USDC'],
      ] as const) {
        const keep = sel.value || fallback;
        fill(sel, ...tokens.map((t) => h('option', { value: t.symbol, title: t.name }, t.symbol)));
        sel.value = tokens.some((t) => t.symbol === keep) ? keep : (tokens[0]?.symbol ?? '');
      }
      follow();
    },
  };
}
