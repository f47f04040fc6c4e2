/**
 * One blotter row: built once per order, then updated in place as the order moves, so a busy
 * blotter changes a few text nodes per update instead of rebuilding the table.
 */
import { h, setText } from '../dom.js';
import { formatAmount, formatBps, formatDuration, formatTime, shortHash } from '../format.js';
import { LIFECYCLE, routeVenues, type Leg, type RouteInfo, type Status } from '../model.js';
import { describeCondition } from '../order-condition.js';
import type { OrderEntry } from '../orders-store.js';

const VENUE_SHORT: Record<string, string> = { RAYDIUM: 'Raydium', METEORA: 'Meteora' };

export function venueName(venue: string): string {
  return VENUE_SHORT[venue] ?? venue.charAt(0) + venue.slice(1).toLowerCase();
}

/** The tokens one path of a route passes through: "SOL → USDC → RAY". */
function pathTokens(legs: readonly Leg[]): string {
  const hops = [...new Set(legs.map((l) => l.hop))].sort();
  return [legs[0]?.tokenIn ?? '?', ...hops.map((hop) => legs.find((l) => l.hop === hop)?.tokenOut ?? '?')].join(' → ');
}

/**
 * "Raydium 60% · Meteora 40%", "SOL → USDC → RAY via Raydium, Meteora", "SOL → USDC 96% · SOL → USDT →
 * USDC 4%" (two paths, by share of the order), plus wrap/unwrap.
 */
export function describeRoute(route: RouteInfo | null): string {
  if (route === null || route.legs.length === 0) return '—';
  let text: string;
  if (route.kind === 'MULTI_PATH') {
    const paths = [...new Set(route.legs.map((l) => l.path))];
    const inputs = paths.map((p) => route.legs.filter((l) => l.path === p && l.hop === 0).reduce((s, l) => s + Number(l.amountIn), 0));
    const total = inputs.reduce((s, x) => s + x, 0);
    text = paths.map((p, i) => `${pathTokens(route.legs.filter((l) => l.path === p))} ${total > 0 ? Math.round((inputs[i]! / total) * 100) : 0}%`).join(' · ');
  } else if (route.kind === 'TWO_HOP' || route.kind === 'THREE_HOP') {
    text = `${pathTokens(route.legs)} via ${routeVenues(route).map(venueName).join(', ')}`;
  } else if (route.kind === 'SPLIT' || route.legs.length > 1) {
    text = route.legs.map((l) => `${venueName(l.venue)} ${Math.round(l.shareBps / 100)}%`).join(' · ');
  } else {
    text = venueName(route.legs[0]?.venue ?? '?');
  }
  const steps = route.steps.map((s) => (s === 'WRAP_SOL' ? 'wrap SOL' : s === 'UNWRAP_SOL' ? 'unwrap SOL' : s.toLowerCase()));
  return steps.length > 0 ? `${text} (${steps.join(', ')})` : text;
}

export interface BlotterRow {
  readonly el: HTMLTableRowElement;
  update(entry: OrderEntry): void;
}

export function createBlotterRow(entry: OrderEntry): BlotterRow {
  const time = h('td', { class: 'num' });
  const typeBadge = h('span', { class: 'type-badge' });
  const pairText = h('span');
  const pair = h('td', {}, typeBadge, pairText);
  const segments = LIFECYCLE.map((stage) => h('span', { class: 'seg', 'data-stage': stage }));
  const statusText = h('span', { class: 'status-text' });
  const progress = h('div', { class: 'progress', role: 'img' }, ...segments);
  const statusCell = h('td', { class: 'status-cell' }, progress, statusText);
  const route = h('td', { class: 'route' });
  const quoted = h('td', { class: 'num' });
  const executed = h('td', { class: 'num' });
  const slip = h('td', { class: 'num' });
  const result = h('td', { class: 'result' });
  // Stage times as a native disclosure: keyboard-focusable and read by screen readers, where the
  // segments' title tooltips are reachable by mouse only.
  const latencyText = h('span', { class: 'latency-value' });
  const stageList = h('ol', { class: 'stage-times' });
  const stages = h('details', { class: 'stages' }, h('summary', {}, latencyText, h('span', { class: 'sr-only' }, ', stage times')), stageList);
  const latency = h('td', { class: 'num latency' }, stages);
  const el = h('tr', { 'data-order-id': entry.order.id }, time, pair, statusCell, route, quoted, executed, slip, result, latency);

  let lastSeq = -1;
  function update(e: OrderEntry): void {
    const o = e.order;
    if (o.seq === lastSeq) return;
    lastSeq = o.seq;
    el.dataset['status'] = o.status;
    setText(time, formatTime(o.createdAt));
    setText(typeBadge, o.type);
    typeBadge.className = `type-badge type-${o.type.toLowerCase()}`;
    setText(pairText, `${formatAmount(o.amountIn)} ${o.tokenIn} → ${o.tokenOut}`);
    pair.title = describeCondition(o);

    const failedAt = o.status === 'FAILED' ? failedStage(e) : undefined;
    const reachedIndex = LIFECYCLE.findIndex((s) => s === (o.status === 'FAILED' ? failedAt : o.status));
    segments.forEach((seg, i) => {
      const stage = LIFECYCLE[i] as Status;
      // Resting, or ended without executing: no execution stage was reached (or will be).
      const idle = o.status === 'OPEN' ? 'todo' : o.status === 'CANCELLED' || o.status === 'EXPIRED' ? 'void' : undefined;
      let state = idle !== undefined ? idle : i < reachedIndex || (i === reachedIndex && o.status === 'CONFIRMED') ? 'done' : i === reachedIndex ? (o.status === 'FAILED' ? 'failed' : 'active') : 'todo';
      // A failed order loaded from history: the stage it failed in is not known, so claim none.
      if (o.status === 'FAILED' && failedAt === undefined) state = 'failed-unknown';
      if (seg.dataset['state'] !== state) seg.dataset['state'] = state;
      const at = e.reachedAt[stage];
      seg.title = `${stage}${at !== undefined ? ` at ${formatTime(at)}` : ''}`;
    });
    progress.setAttribute('aria-label', `${o.status}${failedAt !== undefined ? ` during ${failedAt}` : ''}`);
    setText(statusText, o.status);
    statusText.className = `status-text status-${o.status.toLowerCase()}`;

    setText(route, describeRoute(o.route));
    route.title = route.textContent ?? '';
    setText(quoted, o.quotedAmountOut === null ? '—' : `${formatAmount(o.quotedAmountOut)} ${o.tokenOut}`);
    setText(executed, o.executedAmountOut === null ? '—' : `${formatAmount(o.executedAmountOut)} ${o.tokenOut}`);
    setText(slip, o.executedSlippageBps === null ? '—' : formatBps(o.executedSlippageBps, true));
    slip.className = `num ${o.executedSlippageBps === null || o.executedSlippageBps === 0 ? '' : o.executedSlippageBps > 0 ? 'worse' : 'better'}`;

    if (o.status === 'CONFIRMED' && o.txHash !== null) {
      result.replaceChildren(h('code', { class: 'tx', title: o.txHash }, shortHash(o.txHash)));
    } else if (o.status === 'OPEN') {
      result.replaceChildren(h('span', { class: 'condition' }, describeCondition(o)));
    } else if (o.status === 'CANCELLED' || o.status === 'EXPIRED') {
      const when = e.reachedAt[o.status] ?? o.updatedAt;
      result.replaceChildren(h('span', { class: 'muted' }, `${o.status === 'CANCELLED' ? 'cancelled' : 'expired'} at ${formatTime(when)}`));
    } else if (o.status === 'FAILED') {
      const reason = `${o.failureCode ?? 'FAILED'}${o.failureMessage ? `: ${o.failureMessage}` : ''}`;
      result.replaceChildren(h('span', { class: 'failure', title: `${reason} (${o.attempts} attempt${o.attempts === 1 ? '' : 's'})` }, reason));
    } else {
      result.replaceChildren(h('span', { class: 'muted' }, e.detail ?? (o.attempts > 1 ? `attempt ${o.attempts}` : '…')));
    }

    // Latency is execution's: from PENDING (a resting order's trigger) to now or the end.
    const start = e.reachedAt.PENDING ?? (o.type === 'MARKET' ? o.createdAt : undefined);
    const end = e.reachedAt[o.status] ?? o.updatedAt;
    setText(latencyText, start === undefined || o.status === 'OPEN' ? '—' : formatDuration(Math.max(0, end - start)));
    renderStageTimes(stageList, e, start ?? o.createdAt);
  }

  update(entry);
  return { el, update };
}

/** One line per stage the page saw: wall-clock time and time since PENDING; "not seen" otherwise. */
function renderStageTimes(list: HTMLElement, e: OrderEntry, start: number): void {
  const o = e.order;
  const head: Status[] = o.type === 'MARKET' ? [] : ['OPEN'];
  let stages: Status[];
  if (o.status === 'FAILED') stages = [...head, ...LIFECYCLE.filter((s) => s !== 'CONFIRMED'), 'FAILED'];
  else if (o.status === 'CANCELLED' || o.status === 'EXPIRED') stages = [...head, ...(e.reachedAt.PENDING !== undefined ? (['PENDING'] as const) : []), o.status];
  else stages = [...head, ...LIFECYCLE];
  while (list.children.length > stages.length) list.lastElementChild?.remove();
  stages.forEach((stage, i) => {
    let li = list.children[i] as HTMLElement | undefined;
    if (li === undefined) {
      li = h('li', {}, h('span', { class: 'stage-name' }), h('span', { class: 'stage-at' }), h('span', { class: 'stage-since muted' }));
      list.append(li);
    }
    const at = e.reachedAt[stage];
    li.dataset['stage'] = stage;
    const [name, when, since] = [...li.children] as HTMLElement[];
    if (name !== undefined) setText(name, stage);
    if (when !== undefined) setText(when, at === undefined ? 'not seen' : formatTime(at));
    if (since !== undefined) setText(since, at === undefined ? '' : `+${formatDuration(Math.max(0, at - start))}`);
  });
}

/**
 * The stage an order failed in: the last one the page saw it reach before FAILED. Undefined when
 * the page only knows the order from a snapshot (it saw PENDING and FAILED and nothing between).
 */
function failedStage(e: OrderEntry): Status | undefined {
  let last: Status | undefined;
  for (const stage of LIFECYCLE) if (stage !== 'PENDING' && stage !== 'CONFIRMED' && e.reachedAt[stage] !== undefined) last = stage;
  return last;
}
