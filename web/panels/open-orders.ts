/**
 * The account's orders that can still be cancelled: resting (OPEN) or queued (PENDING, until a
 * worker takes it; only the server knows when that happens, so it decides). The list follows the
 * order store, which the orderUpdates subscription feeds, so an order that triggers, fills, expires
 * or is cancelled elsewhere leaves it on its own. A refused cancel (NOT_CANCELLABLE: a trigger or a
 * worker won the race) is said in the panel's status line, which outlives the row.
 */
import { ApiError } from '../api/connection.js';
import type { Backend } from '../backend-contract.js';
import { byId, h, setText } from '../dom.js';
import { formatAmount } from '../format.js';
import { isCancellable, type OrderInfo } from '../model.js';
import { describeCondition, describeExpiry } from '../order-condition.js';
import type { OrdersStore } from '../orders-store.js';
import { frameBatcher } from '../schedule.js';

/** Rows shown; more open orders than this are counted, not listed. */
const MAX_ROWS = 100;

interface Row {
  readonly el: HTMLLIElement;
  readonly status: HTMLElement;
  readonly cancel: HTMLButtonElement;
}

export function mountOpenOrders(store: OrdersStore, backend: Backend, announce: (msg: string) => void): void {
  const list = byId('open-orders');
  const count = byId('open-orders-count');
  const empty = byId('open-orders-empty');
  const status = byId('open-orders-status');
  const rows = new Map<string, Row>();

  function say(kind: 'ok' | 'error', text: string, code?: string): void {
    status.className = `form-status ${kind}`;
    if (code === undefined) delete status.dataset['code'];
    else status.dataset['code'] = code;
    setText(status, text);
  }

  async function refresh(id: string): Promise<void> {
    const now = await backend.order(id).catch(() => null);
    if (now !== null) store.applySnapshot(now);
  }

  async function cancel(o: OrderInfo, row: Row): Promise<void> {
    row.cancel.disabled = true;
    setText(row.cancel, 'Cancelling…');
    const label = `${o.type.toLowerCase()} order ${o.id.slice(0, 8)}`;
    try {
      store.applySnapshot(await backend.cancel(o.id));
      say('ok', `Cancelled ${label}.`);
      announce(`Cancelled ${label}`);
    } catch (err) {
      const code = err instanceof ApiError ? err.code : undefined;
      const why = code === 'NOT_CANCELLABLE' ? 'it was already triggered, taken by a worker or ended (NOT_CANCELLABLE)' : err instanceof Error ? err.message : 'request failed';
      say('error', `Could not cancel ${label}: ${why}.`, code);
      announce(`Could not cancel ${label}`);
      row.cancel.disabled = false;
      setText(row.cancel, 'Cancel');
      // The race's winner moved the order on: show where it is now (updates will follow as well).
      if (code === 'NOT_CANCELLABLE') await refresh(o.id);
    }
  }

  function createRow(o: OrderInfo): Row {
    const statusEl = h('span', { class: 'status-text' });
    const cancelBtn = h('button', { type: 'button', class: 'secondary small-btn', 'aria-label': `Cancel ${o.type.toLowerCase()} order ${o.amountIn} ${o.tokenIn} to ${o.tokenOut}` }, 'Cancel');
    const el = h(
      'li',
      { 'data-order-id': o.id },
      h('span', { class: `type-badge type-${o.type.toLowerCase()}` }, o.type),
      h('span', { class: 'open-pair' }, `${formatAmount(o.amountIn)} ${o.tokenIn} → ${o.tokenOut}`),
      h('span', { class: 'open-cond muted' }, [describeCondition(o), describeExpiry(o)].filter((t) => t !== '').join(' · ')),
      statusEl,
      cancelBtn,
    );
    const row = { el, status: statusEl, cancel: cancelBtn };
    cancelBtn.addEventListener('click', () => void cancel(store.get(o.id)?.order ?? o, row));
    return row;
  }

  const render = frameBatcher(() => {
    const open = store.list().filter((e) => isCancellable(e.order.status));
    const visible = open.slice(0, MAX_ROWS);
    const keep = new Set(visible.map((e) => e.order.id));
    for (const [id, row] of rows) {
      if (keep.has(id)) continue;
      row.el.remove();
      rows.delete(id);
    }
    let cursor: ChildNode | null = list.firstChild;
    for (const { order } of visible) {
      let row = rows.get(order.id);
      if (row === undefined) rows.set(order.id, (row = createRow(order)));
      row.el.dataset['status'] = order.status;
      setText(row.status, order.status);
      row.status.className = `status-text status-${order.status.toLowerCase()}`;
      if (cursor === row.el) cursor = cursor.nextSibling;
      else list.insertBefore(row.el, cursor);
    }
    empty.hidden = open.length > 0;
    setText(count, open.length > visible.length ? `newest ${visible.length} of ${open.length}` : `${open.length}`);
  });

  store.onChange(() => render());
  render();
}
