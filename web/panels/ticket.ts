/**
 * The order ticket: pair, amount and slippage, the live quote (web/panels/live-quote.ts) and
 * submission, for each order type (web/panels/order-tabs.ts). A resting order (limit, stop, sniper)
 * goes out as typed: its condition is about the future, so neither the quote nor the impact guard
 * stands in its way, and the server names any bad field. Submit sends the form's values (the server quotes again itself); the page only
 * checks what it must first: a valid slippage, a quote for exactly these inputs, and the
 * price-impact guard. The status line is the answer to the last submit: it stays until the next
 * submit or edit, whatever quotes arrive meanwhile.
 */
import { ApiError } from '../api/connection.js';
import type { Backend } from '../backend-contract.js';
import { byId, fill, h, setText } from '../dom.js';
import type { OrderInfo, OrderType, PoolInfo, TokenInfo } from '../model.js';
import { buildConditional, type ConditionInput } from '../order-kinds.js';
import { formInput, slippageHint, type FormInput } from '../ticket-input.js';
import { TokenBook } from '../tokens.js';
import { FieldErrors, splitErrors, type Field } from './field-errors.js';
import { mountImpactGuard } from './impact-guard.js';
import { mountLiveQuote } from './live-quote.js';
import { mountOrderTabs } from './order-tabs.js';

const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

export interface Ticket {
  setTokens(tokens: readonly TokenInfo[]): void;
  /** A confirmed fill: re-quotes when it traded the ticket's pair or a pool the quote uses. */
  onFill(order: OrderInfo): void;
  /** A poolUpdates emission: re-quotes when a pool the quote uses moved. */
  onPools(pools: readonly PoolInfo[]): void;
}

/** Whether the page may submit at all: orders need an API key. */
export interface KeyGate {
  hasKey(): boolean;
  /** Points the user at the key form. */
  askForKey(): void;
}

export function mountTicket(backend: Backend, gate: KeyGate, onSubmitted: (order: OrderInfo) => void, announce: (msg: string) => void): Ticket {
  const form = byId<HTMLFormElement>('ticket');
  const tokenIn = byId<HTMLSelectElement>('tokenIn');
  const tokenOut = byId<HTMLSelectElement>('tokenOut');
  const amountIn = byId<HTMLInputElement>('amountIn');
  const slippage = byId<HTMLInputElement>('slippageBps');
  const hint = byId('slippage-hint');
  const submit = byId<HTMLButtonElement>('submit');
  const flip = byId<HTMLButtonElement>('flip');
  const status = byId('ticket-status');
  const cond = (id: keyof ConditionInput): HTMLInputElement => byId<HTMLInputElement>(id);
  const conditions = { limitPrice: cond('limitPrice'), stopPrice: cond('stopPrice'), minLiquidity: cond('minLiquidity'), maxPriceImpactBps: cond('maxPriceImpactBps'), expiresAt: cond('expiresAt'), tokenOutMint: cond('tokenOutMint') };
  const inputs: Record<Field, HTMLInputElement | HTMLSelectElement> = { tokenIn, tokenOut, amountIn, slippageBps: slippage, ...conditions };
  const errors = new FieldErrors(inputs);
  const guard = mountImpactGuard();
  const tokens = new TokenBook();
  const read = (): FormInput => formInput(tokenIn.value, tokenOut.value, amountIn.value, slippage.value);
  const live = mountLiveQuote({ backend, read, errors, guard, tokens });
  let submitting = false;
  const tabs = mountOrderTabs(() => {
    errors.setSubmitted(new Map());
    setStatus('', '');
  });

  function setStatus(kind: '' | 'ok' | 'error', text: string): void {
    status.className = `form-status${kind === '' ? '' : ` ${kind}`}`;
    setText(status, text);
  }

  /** The page's own check of the slippage field, and the hint under it. */
  function checkSlippage(input: FormInput): void {
    setText(hint, slippageHint(input.slippage));
    errors.setClient('slippageBps', input.slippage.ok ? undefined : input.slippage.error);
  }

  function inputsChanged(): void {
    checkSlippage(read());
    live.inputsChanged();
  }

  /** The condition fields' units follow the pair: "(USDC per SOL)", "(SOL)". */
  function showUnits(): void {
    for (const el of form.querySelectorAll<HTMLElement>('[data-unit]')) {
      setText(el, el.dataset['unit'] === 'price' ? `(${tokenOut.value} per ${tokenIn.value})` : `(${tokenIn.value})`);
    }
  }

  function onEdit(): void {
    setStatus('', ''); // the last submit's answer is about inputs that are no longer there
    errors.setSubmitted(new Map());
    showUnits();
    inputsChanged();
  }

  for (const input of Object.values(inputs)) input.addEventListener('input', onEdit);
  flip.addEventListener('click', () => {
    const a = tokenIn.value;
    tokenIn.value = tokenOut.value;
    tokenOut.value = a;
    onEdit();
  });

  /** The answer to a refused submit: fields next to their inputs, the rest in the status line. */
  function refused(err: unknown, focus: boolean, remap: (f: Field) => Field = (f) => f): void {
    const split = splitErrors(err);
    const fields = new Map([...split.fields].map(([f, msg]) => [remap(f), msg]));
    errors.setSubmitted(fields);
    // A refusal of the key itself (e.g. FORBIDDEN: no trade scope) is named with its code.
    const code = err instanceof ApiError && AUTH_CODES.has(err.code ?? '') ? ` (${err.code})` : '';
    setStatus('error', `Not submitted${code}: ${split.general.length > 0 ? split.general.join('; ') : 'fix the highlighted field.'}`);
    const field = fields.keys().next().value;
    if (focus && field !== undefined) inputs[field].focus();
  }

  async function submitConditional(type: Exclude<OrderType, 'MARKET'>): Promise<void> {
    const input = read();
    checkSlippage(input);
    const values = Object.fromEntries(Object.entries(conditions).map(([k, el]) => [k, el.value])) as unknown as ConditionInput;
    const built = buildConditional(type, input, values, newClientOrderId());
    if (!built.ok) {
      errors.setSubmitted(built.errors);
      setStatus('error', 'Not submitted: fix the highlighted field.');
      const field = built.errors.keys().next().value;
      if (field !== undefined) inputs[field].focus();
      return;
    }
    try {
      const order = await backend.submitConditional(built.request);
      setStatus('ok', `${type.charAt(0)}${type.slice(1).toLowerCase()} order ${order.id.slice(0, 8)} placed: ${input.amountIn} ${input.tokenIn} → ${input.tokenOut}`);
      announce(`${type.toLowerCase()} order placed: ${input.amountIn} ${input.tokenIn} to ${input.tokenOut}`);
      onSubmitted(order);
    } catch (err) {
      // A sniper's typed mint is what the server's tokenOut error is about.
      const typedMint = built.request.type === 'SNIPER' && conditions.tokenOutMint.value.trim() !== '';
      refused(err, true, (f) => (typedMint && f === 'tokenOut' ? 'tokenOutMint' : f));
    }
  }

  async function submitOrder(): Promise<void> {
    if (!gate.hasKey()) {
      setStatus('error', 'Not submitted: orders need an API key. Paste one above.');
      gate.askForKey();
      return;
    }
    errors.setSubmitted(new Map());
    const type = tabs.current();
    if (type !== 'MARKET') return submitConditional(type);
    const input = read();
    checkSlippage(input);
    if (!input.slippage.ok) {
      setStatus('error', 'Not submitted: fix the slippage first.');
      slippage.focus();
      return;
    }
    // The guard needs the quote for exactly these inputs; one still being typed is fetched now.
    const current = await live.forInput(input);
    if (current === undefined && read().key !== input.key) {
      setStatus('error', 'Not submitted: the inputs changed meanwhile; check the quote and submit again.');
      return;
    }
    if (current === undefined) {
      const field = errors.first();
      setStatus('error', field !== undefined ? 'Not submitted: fix the highlighted field.' : 'Not submitted: there is no quote for this input.');
      if (field !== undefined) inputs[field].focus();
      return;
    }
    if (!guard.allows(input.key, current.quote.priceImpactBps)) return;
    try {
      const order = await backend.submit({ tokenIn: input.tokenIn, tokenOut: input.tokenOut, amountIn: input.amountIn, slippageBps: input.slippage.bps, clientOrderId: newClientOrderId() });
      guard.reset();
      setStatus('ok', `Order ${order.id.slice(0, 8)} submitted: ${input.amountIn} ${input.tokenIn} → ${input.tokenOut}`);
      announce(`Order submitted: ${input.amountIn} ${input.tokenIn} to ${input.tokenOut}`);
      onSubmitted(order);
    } catch (err) {
      refused(err, false);
    }
  }

  // A submit event covers both the button and Enter in any field.
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (submitting) return;
    submitting = true;
    submit.disabled = true;
    setStatus('', '');
    void submitOrder().finally(() => {
      submitting = false;
      submit.disabled = false;
    });
  });

  setText(hint, slippageHint(read().slippage));
  showUnits();

  return {
    setTokens(list) {
      tokens.set(list);
      const keepIn = tokenIn.value || 'SOL';
      const keepOut = tokenOut.value || 'USDC';
      for (const [select, keep] of [
        [tokenIn, keepIn],
        [tokenOut, keepOut],
      ] as const) {
        fill(select, ...list.map((t) => h('option', { value: t.symbol, title: t.name }, t.symbol)));
        select.value = list.some((t) => t.symbol === keep) ? keep : (list[0]?.symbol ?? '');
      }
      showUnits();
      inputsChanged(); // not an edit: a submit status stays
    },
    onFill: (order) => live.onFill(order),
    onPools: (pools) => live.onPools(pools),
  };
}

/** Unique per submit: the server makes resubmitting the same id idempotent, so it must never repeat. */
function newClientOrderId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `web-${Date.now().toString(36)}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
