/**
 * The order ticket: pair, amount and slippage, a live quote while typing, and submission. Every
 * quote request carries a sequence number so a slow answer to an older input never overwrites the
 * quote for what is in the form now.
 */
import { ApiError } from '../api/connection.js';
import type { Backend, QuoteRequest } from '../backend.js';
import { byId, debounce, fill, h } from '../dom.js';
import type { OrderInfo, TokenInfo } from '../model.js';
import { renderQuote, renderQuoteMessage } from './quote-view.js';

const FIELDS = ['tokenIn', 'tokenOut', 'amountIn', 'slippageBps'] as const;
type Field = (typeof FIELDS)[number];

export interface Ticket {
  setTokens(tokens: readonly TokenInfo[]): void;
  /** Re-quotes the current input (after a reconnect or when pools moved). */
  refreshQuote(): void;
}

export function mountTicket(backend: Backend, onSubmitted: (order: OrderInfo) => void, announce: (msg: string) => void): Ticket {
  const form = byId<HTMLFormElement>('ticket');
  const tokenIn = byId<HTMLSelectElement>('tokenIn');
  const tokenOut = byId<HTMLSelectElement>('tokenOut');
  const amountIn = byId<HTMLInputElement>('amountIn');
  const slippage = byId<HTMLInputElement>('slippageBps');
  const submit = byId<HTMLButtonElement>('submit');
  const flip = byId<HTMLButtonElement>('flip');
  const formStatus = byId('ticket-status');
  const quoteBox = byId('quote');
  const inputs: Record<Field, HTMLInputElement | HTMLSelectElement> = { tokenIn, tokenOut, amountIn, slippageBps: slippage };

  let quoteSeq = 0;
  let submitting = false;

  function request(): QuoteRequest {
    return {
      tokenIn: tokenIn.value,
      tokenOut: tokenOut.value,
      amountIn: amountIn.value.trim(),
      slippageBps: slippage.value.trim() === '' ? 50 : Number(slippage.value),
    };
  }

  function clearErrors(): void {
    for (const f of FIELDS) setFieldError(f, undefined);
    fill(formStatus);
    formStatus.className = 'form-status';
  }

  function setFieldError(field: Field, message: string | undefined): void {
    const input = inputs[field];
    const slot = byId(`err-${field}`);
    slot.textContent = message ?? '';
    if (message === undefined) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
  }

  /** Puts each API error next to the field its extensions.field names (e.g. "input.amountIn"). */
  function showErrors(err: unknown): void {
    const errors = err instanceof ApiError ? err.errors : [{ message: err instanceof Error ? err.message : 'request failed' }];
    const general: string[] = [];
    for (const e of errors) {
      const raw = e.extensions?.['field'];
      const name = typeof raw === 'string' ? raw.split('.').pop() : undefined;
      if (name !== undefined && (FIELDS as readonly string[]).includes(name)) setFieldError(name as Field, e.message);
      else general.push(e.message);
    }
    if (general.length > 0) {
      formStatus.className = 'form-status error';
      formStatus.textContent = general.join('; ');
    }
  }

  const runQuote = debounce(async () => {
    const seq = ++quoteSeq;
    const req = request();
    if (req.amountIn === '' || req.tokenIn === '' || req.tokenOut === '') {
      renderQuoteMessage(quoteBox, 'Enter an amount to see a quote.');
      return;
    }
    try {
      const quote = await backend.quote(req);
      if (seq !== quoteSeq) return; // a newer input is being quoted
      clearErrors();
      renderQuote(quoteBox, quote);
    } catch (err) {
      if (seq !== quoteSeq) return;
      clearErrors();
      showErrors(err);
      renderQuoteMessage(quoteBox, 'No quote for this input.');
    }
  }, 250);

  function onInput(): void {
    quoteBox.setAttribute('aria-busy', 'true');
    runQuote();
  }

  for (const input of Object.values(inputs)) input.addEventListener('input', onInput);
  flip.addEventListener('click', () => {
    const a = tokenIn.value;
    tokenIn.value = tokenOut.value;
    tokenOut.value = a;
    onInput();
  });

  // A submit event covers both the button and Enter in any field.
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (submitting) return;
    submitting = true;
    submit.disabled = true;
    clearErrors();
    const req = { ...request(), clientOrderId: newClientOrderId() };
    backend
      .submit(req)
      .then((order) => {
        formStatus.className = 'form-status ok';
        formStatus.textContent = `Order ${order.id.slice(0, 8)} submitted: ${req.amountIn} ${req.tokenIn} → ${req.tokenOut}`;
        announce(`Order submitted: ${req.amountIn} ${req.tokenIn} to ${req.tokenOut}`);
        onSubmitted(order);
      })
      .catch(showErrors)
      .finally(() => {
        submitting = false;
        submit.disabled = false;
      });
  });

  return {
    setTokens(tokens) {
      const keepIn = tokenIn.value || 'SOL';
      const keepOut = tokenOut.value || 'USDC';
      for (const [select, keep] of [
        [tokenIn, keepIn],
        [tokenOut, keepOut],
      ] as const) {
        fill(select, ...tokens.map((t) => h('option', { value: t.symbol, title: t.name }, t.symbol)));
        select.value = tokens.some((t) => t.symbol === keep) ? keep : (tokens[0]?.symbol ?? '');
      }
      onInput();
    },
    refreshQuote: onInput,
  };
}

/** Unique per submit: the server makes resubmitting the same id idempotent, so it must never repeat. */
function newClientOrderId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `web-${Date.now().toString(36)}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
