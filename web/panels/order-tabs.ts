/**
 * The ticket's order-type tabs (WAI-ARIA tabs: arrow keys move between them). Choosing a type shows
 * exactly the fields that type's mutation takes (web/order-kinds.ts) and renames the submit button;
 * the fields keep what was typed in them, so switching back and forth loses nothing.
 */
import { byId, setText } from '../dom.js';
import { ORDER_TYPES, type OrderType } from '../model.js';
import { submitLabel, TYPE_FIELDS, TYPE_LABEL } from '../order-kinds.js';
import type { Field } from './field-errors.js';

export interface OrderTabs {
  current(): OrderType;
}

/** Every field some type may hide; the pair and amount are always shown. */
const OPTIONAL: readonly Field[] = ['tokenOutMint', 'slippageBps', 'limitPrice', 'stopPrice', 'minLiquidity', 'maxPriceImpactBps', 'expiresAt'];

export function mountOrderTabs(onChange: (type: OrderType) => void): OrderTabs {
  const list = byId('order-tabs');
  const title = byId('ticket-title');
  const submit = byId<HTMLButtonElement>('submit');
  const form = byId<HTMLFormElement>('ticket');
  const tabs = new Map(ORDER_TYPES.map((t) => [t, byId<HTMLButtonElement>(`tab-${t.toLowerCase()}`)]));
  let type: OrderType = 'MARKET';

  function select(next: OrderType, focus: boolean, initial = false): void {
    type = next;
    for (const [t, tab] of tabs) {
      const on = t === next;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      if (on && focus) tab.focus();
    }
    const shown = new Set(TYPE_FIELDS[next]);
    for (const field of OPTIONAL) {
      const box = byId(field).closest<HTMLElement>('.field');
      if (box !== null) box.hidden = !shown.has(field);
    }
    form.dataset['type'] = next;
    setText(title, `${TYPE_LABEL[next]} order`);
    setText(submit, submitLabel(next));
    if (!initial) onChange(next);
  }

  for (const [t, tab] of tabs) tab.addEventListener('click', () => select(t, false));
  list.addEventListener('keydown', (ev) => {
    const step = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    ev.preventDefault();
    const i = ORDER_TYPES.indexOf(type);
    select(ORDER_TYPES[(i + step + ORDER_TYPES.length) % ORDER_TYPES.length] ?? 'MARKET', true);
  });
  select('MARKET', false, true);
  return { current: () => type };
}
