/**
 * The live blotter. Rendering is capped to the newest rows (older orders still count in the
 * statistics) and batched per animation frame, so 1,000 orders arriving in a burst cost one layout.
 */
import { byId, setText } from '../dom.js';
import { isTerminal } from '../model.js';
import { frameBatcher } from '../schedule.js';
import type { OrdersStore } from '../orders-store.js';
import { createBlotterRow, type BlotterRow } from './blotter-row.js';

/** Rendered rows; the store (and the statistics) keep up to MAX_ORDERS. */
export const MAX_ROWS = 150;

export interface Blotter {
  /** What the blotter says while it has no orders (why there are none). */
  setEmptyText(text: string): void;
}

export function mountBlotter(store: OrdersStore, filterEl: HTMLSelectElement): Blotter {
  const body = byId<HTMLTableSectionElement>('blotter-body');
  const count = byId('blotter-count');
  const empty = byId('blotter-empty');
  const rows = new Map<string, BlotterRow>();
  const dirty = new Set<string>();

  const render = frameBatcher(() => {
    const filter = filterEl.value;
    const all = store.list();
    const matching = filter === 'ALL' ? all : all.filter((e) => (filter === 'OPEN' ? !isTerminal(e.order.status) : e.order.status === filter));
    const visible = matching.slice(0, MAX_ROWS);
    const keep = new Set(visible.map((e) => e.order.id));
    for (const [id, row] of rows) {
      if (!keep.has(id)) {
        row.el.remove();
        rows.delete(id);
      }
    }
    // Walk the wanted order and only move rows that are out of place.
    let cursor: ChildNode | null = body.firstChild;
    for (const entry of visible) {
      let row = rows.get(entry.order.id);
      if (row === undefined) {
        row = createBlotterRow(entry);
        rows.set(entry.order.id, row);
      } else if (dirty.has(entry.order.id)) {
        row.update(entry);
      }
      if (cursor === row.el) cursor = cursor.nextSibling;
      else body.insertBefore(row.el, cursor);
    }
    dirty.clear();
    empty.hidden = all.length > 0;
    const n = matching.length.toLocaleString('en-US');
    setText(count, matching.length > visible.length ? `newest ${visible.length} of ${n}` : `${n} order${matching.length === 1 ? '' : 's'}`);
  });

  store.onChange((changed) => {
    for (const id of changed) dirty.add(id);
    render();
  });
  filterEl.addEventListener('change', () => {
    for (const e of store.list()) dirty.add(e.order.id);
    render();
  });
  render();
  return { setEmptyText: (text) => setText(empty, text) };
}
