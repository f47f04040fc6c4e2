/**
 * The live quote: what each venue alone would give, side by side, then the route the router chose
 * and what the trader can count on (minimum received) and pays (fees, price impact).
 */
import { compareDecimal, bpsDifference } from '../decimal.js';
import { fill, h } from '../dom.js';
import { bpsAsPercent, formatAmount, formatBps } from '../format.js';
import { routeVenues, type QuoteInfo, type VenueQuoteInfo } from '../model.js';
import { describeRoute, venueName } from './blotter-row.js';
import { HIGH_IMPACT_BPS } from './impact-guard.js';

const KIND_LABEL: Record<string, string> = { DIRECT: 'Direct', SPLIT: 'Split', TWO_HOP: 'Two-hop', THREE_HOP: 'Three-hop', MULTI_PATH: 'Two paths' };

/** A token symbol as the trader knows it (WSOL of a SOL order is their SOL; see web/tokens.ts). */
export type TokenLabel = (symbol: string) => string;

export function renderQuoteMessage(box: HTMLElement, message: string): void {
  box.removeAttribute('aria-busy');
  delete box.dataset['stale'];
  fill(box, h('p', { class: 'muted quote-empty' }, message));
}

type Availability = 'ok' | 'no-pool' | 'insufficient';

function availability(alt: VenueQuoteInfo): Availability {
  if (alt.poolId === null) return 'no-pool';
  return alt.amountOut === null ? 'insufficient' : 'ok';
}

function venueCard(alt: VenueQuoteInfo, q: QuoteInfo, best: string | null): HTMLElement {
  const state = availability(alt);
  const isBest = alt.amountOut !== null && best !== null && compareDecimal(alt.amountOut, best) === 0;
  let out: string;
  let diff: string;
  if (state === 'no-pool') {
    out = 'No direct pool';
    diff = `no ${q.tokenIn}/${q.tokenOut} pool on ${venueName(alt.venue)}`;
  } else if (state === 'insufficient') {
    // The pool exists but its liquidity runs out before the whole amount is filled.
    out = 'Cannot fill this size';
    diff = 'not enough liquidity';
  } else {
    out = `${formatAmount(alt.amountOut)} ${q.tokenOut}`;
    const vsRoute = bpsDifference(alt.amountOut ?? '0', q.amountOut);
    diff = vsRoute === undefined ? '—' : vsRoute === 0 ? 'same as route' : `${formatBps(vsRoute, true)} vs route`;
  }
  return h(
    'div',
    { class: `venue-card${isBest ? ' best' : ''}${state === 'ok' ? '' : ' unavailable'}`, role: 'listitem', 'data-venue': alt.venue, 'data-availability': state },
    h('div', { class: 'venue-name' }, venueName(alt.venue), isBest ? h('span', { class: 'tag' }, 'best single') : null),
    h('div', { class: `venue-out ${state === 'ok' ? 'num' : 'venue-none'}` }, out),
    h('div', { class: 'venue-diff num muted' }, diff),
  );
}

export function renderQuote(box: HTMLElement, q: QuoteInfo, label: TokenLabel): void {
  box.removeAttribute('aria-busy');
  delete box.dataset['stale'];
  const best = q.alternatives.reduce<string | null>((acc, a) => (a.amountOut !== null && (acc === null || compareDecimal(a.amountOut, acc) > 0) ? a.amountOut : acc), null);

  const venues = h('div', { class: 'venues', role: 'list', 'aria-label': 'Output per venue' }, ...q.alternatives.map((alt) => venueCard(alt, q, best)));

  const legs = h(
    'ol',
    { class: 'legs' },
    ...q.route.legs.map((l) =>
      h(
        'li',
        {},
        h('span', { class: 'leg-venue' }, venueName(l.venue)),
        h('span', { class: 'num' }, `${formatAmount(l.amountIn)} ${label(l.tokenIn)} → ${formatAmount(l.amountOut)} ${label(l.tokenOut)}`),
        l.shareBps < 10_000 ? h('span', { class: 'num muted' }, `${(l.shareBps / 100).toFixed(0)}%`) : null,
      ),
    ),
  );

  const impactClass = q.priceImpactBps >= HIGH_IMPACT_BPS ? 'worse strong' : q.priceImpactBps >= 100 ? 'worse' : '';
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
      ...figure('Price impact', impactText(q.priceImpactBps), 'quote-impact', impactClass),
      ...figure('Fees', q.fees.length === 0 ? '—' : q.fees.map((f) => `${formatAmount(f.amount)} ${label(f.token)}`).join(' + '), 'quote-fees'),
      ...figure('Savings vs best single venue', formatBps(q.savingsBps, true), 'quote-savings', q.savingsBps > 0 ? 'better' : ''),
    ),
  );
}

function impactText(bps: number): string {
  return bps >= 100 ? `${formatBps(bps)} (${bpsAsPercent(bps)})` : formatBps(bps);
}

/**
 * One short line for the aria-live summary: amounts to 4 significant digits and impact to whole bps,
 * so the line (and what a screen reader announces) changes when the quote meaningfully does, not on
 * every re-quote after a pool moved by a hair.
 */
export function quoteSummary(q: QuoteInfo): string {
  const venues = routeVenues(q.route).map(venueName).join(' + ');
  const impact = q.priceImpactBps >= HIGH_IMPACT_BPS ? `high price impact ${bpsAsPercent(q.priceImpactBps)}` : `impact ${formatBps(Math.round(q.priceImpactBps))}`;
  return `${formatAmount(q.amountIn)} ${q.tokenIn} → ≈ ${formatAmount(q.amountOut, 4)} ${q.tokenOut} via ${venues} · ${impact}`;
}

function figure(label: string, value: string, id: string, cls = ''): HTMLElement[] {
  return [h('dt', {}, label), h('dd', { class: `num ${cls}`, 'data-figure': id }, value)];
}
