/**
 * The live quote: what each venue alone would give, side by side, then the route the router chose
 * and what the trader can count on (minimum received) and pays (fees, price impact).
 */
import { compareDecimal, bpsDifference } from '../decimal.js';
import { fill, h } from '../dom.js';
import { formatAmount, formatBps } from '../format.js';
import type { QuoteInfo } from '../model.js';
import { describeRoute, venueName } from './blotter-row.js';

const KIND_LABEL: Record<string, string> = { DIRECT: 'Direct', SPLIT: 'Split', TWO_HOP: 'Two-hop' };

export function renderQuoteMessage(box: HTMLElement, message: string): void {
  box.removeAttribute('aria-busy');
  fill(box, h('p', { class: 'muted quote-empty' }, message));
}

export function renderQuote(box: HTMLElement, q: QuoteInfo): void {
  box.removeAttribute('aria-busy');
  const best = q.alternatives.reduce<string | null>((acc, a) => (a.amountOut !== null && (acc === null || compareDecimal(a.amountOut, acc) > 0) ? a.amountOut : acc), null);

  const venues = h(
    'div',
    { class: 'venues', role: 'list', 'aria-label': 'Output per venue' },
    ...q.alternatives.map((alt) => {
      const isBest = alt.amountOut !== null && best !== null && compareDecimal(alt.amountOut, best) === 0;
      const vsRoute = alt.amountOut === null ? undefined : bpsDifference(alt.amountOut, q.amountOut);
      return h(
        'div',
        { class: `venue-card${isBest ? ' best' : ''}`, role: 'listitem', 'data-venue': alt.venue },
        h('div', { class: 'venue-name' }, venueName(alt.venue), isBest ? h('span', { class: 'tag' }, 'best single') : null),
        h('div', { class: 'venue-out num' }, alt.amountOut === null ? 'cannot fill' : `${formatAmount(alt.amountOut)} ${q.tokenOut}`),
        h('div', { class: 'venue-diff num muted' }, vsRoute === undefined ? 'no direct pool' : vsRoute === 0 ? 'same as route' : `${formatBps(vsRoute, true)} vs route`),
      );
    }),
  );

  const legs = h(
    'ol',
    { class: 'legs' },
    ...q.route.legs.map((l) =>
      h(
        'li',
        {},
        h('span', { class: 'leg-venue' }, venueName(l.venue)),
        h('span', { class: 'num' }, `${formatAmount(l.amountIn)} ${l.tokenIn} → ${formatAmount(l.amountOut)} ${l.tokenOut}`),
        q.route.kind === 'SPLIT' ? h('span', { class: 'num muted' }, `${(l.shareBps / 100).toFixed(0)}%`) : null,
      ),
    ),
  );

  const savingsClass = q.savingsBps > 0 ? 'better' : '';
  fill(
    box,
    venues,
    h(
      'div',
      { class: 'route-summary' },
      h('span', { class: `kind kind-${q.route.kind.toLowerCase()}` }, KIND_LABEL[q.route.kind] ?? q.route.kind),
      h('span', { class: 'route-text' }, describeRoute(q.route)),
    ),
    legs,
    h(
      'dl',
      { class: 'quote-figures' },
      ...figure('Expected output', `${formatAmount(q.amountOut)} ${q.tokenOut}`, 'quote-out'),
      ...figure('Minimum received', `${formatAmount(q.minAmountOut)} ${q.tokenOut}`, 'quote-min'),
      ...figure('Price impact', formatBps(q.priceImpactBps), 'quote-impact', q.priceImpactBps >= 100 ? 'worse' : ''),
      ...figure('Fees', q.fees.length === 0 ? '—' : q.fees.map((f) => `${formatAmount(f.amount)} ${f.token}`).join(' + '), 'quote-fees'),
      ...figure('Savings vs best single venue', formatBps(q.savingsBps, true), 'quote-savings', savingsClass),
    ),
  );
}

function figure(label: string, value: string, id: string, cls = ''): HTMLElement[] {
  return [h('dt', {}, label), h('dd', { class: `num ${cls}`, 'data-figure': id }, value)];
}
