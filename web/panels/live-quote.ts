/**
 * The ticket's live quote: when to ask, and what to show meanwhile.
 *
 * - Every request carries a sequence number, so a slow answer to an older input never overwrites
 *   the quote for what is in the form now; the quote shown always names the inputs it answers and is
 *   cleared (other pair) or marked outdated (other amount or slippage) the moment an input changes.
 * - Typing re-quotes after a short pause (debounce). The market moving re-quotes at most every
 *   REQUOTE_MS (leading + trailing throttle), never while a quote is in flight, and only when the
 *   quote's pair or pools moved (web/quote-triggers.ts): a burst of unrelated fills changes nothing.
 */
import type { Backend, QuoteRequest } from '../backend-contract.js';
import { byId, setText } from '../dom.js';
import { quotePoolIds, type OrderInfo, type PoolInfo, type QuoteInfo } from '../model.js';
import { fillTouches, intersects, PoolMoves } from '../quote-triggers.js';
import { debounce, throttle } from '../schedule.js';
import type { FormInput } from '../ticket-input.js';
import type { TokenBook } from '../tokens.js';
import { splitErrors, type FieldErrors } from './field-errors.js';
import type { ImpactGuard } from './impact-guard.js';
import { quoteSummary, renderQuote, renderQuoteMessage } from './quote-view.js';

const TYPING_MS = 250;
/** At most one market-driven re-quote per this many ms. */
const REQUOTE_MS = 500;

export interface ShownQuote {
  readonly input: FormInput;
  readonly quote: QuoteInfo;
  readonly pools: ReadonlySet<string>;
}

export interface LiveQuote {
  /** The inputs changed: what is shown no longer answers them (said at once); quote after a pause. */
  inputsChanged(): void;
  /** The quote for exactly these inputs: the one shown, or a fresh one (undefined: none). */
  forInput(input: FormInput): Promise<ShownQuote | undefined>;
  /** A confirmed fill: re-quotes when it traded the ticket's pair or a pool the quote uses. */
  onFill(order: OrderInfo): void;
  /** A poolUpdates emission: re-quotes when a pool the quote uses moved. */
  onPools(pools: readonly PoolInfo[]): void;
}

export interface LiveQuoteDeps {
  readonly backend: Backend;
  readonly read: () => FormInput;
  readonly errors: FieldErrors;
  readonly guard: ImpactGuard;
  readonly tokens: TokenBook;
}

export function mountLiveQuote({ backend, read, errors, guard, tokens }: LiveQuoteDeps): LiveQuote {
  const box = byId('quote');
  const summary = byId('quote-summary');
  const poolMoves = new PoolMoves();
  let shown: ShownQuote | undefined;
  let seq = 0;
  /** Sequence number of the request in flight, 0 when none. */
  let inFlight = 0;
  /** A market-driven re-quote was asked for while a request was in flight. */
  let again = false;

  /** The live summary (the quote panel's only aria-live part): set only when its text changes. */
  function setSummary(text: string): void {
    summary.classList.remove('stale');
    setText(summary, text);
  }

  function showMessage(message: string): void {
    shown = undefined;
    guard.update(undefined, undefined);
    renderQuoteMessage(box, message);
    setSummary(message);
  }

  /** Quotes the form as it is now; resolves with the quote when it is still the current one. */
  async function quoteNow(): Promise<ShownQuote | undefined> {
    const input = read();
    const mine = ++seq; // also drops any answer in flight: it is for other inputs
    if (!input.slippage.ok || input.amountIn === '' || input.tokenIn === '' || input.tokenOut === '') {
      inFlight = 0;
      showMessage(input.slippage.ok ? 'Enter an amount to see a quote.' : 'Enter a valid slippage to see a quote.');
      return undefined;
    }
    const req: QuoteRequest = { tokenIn: input.tokenIn, tokenOut: input.tokenOut, amountIn: input.amountIn, slippageBps: input.slippage.bps };
    inFlight = mine;
    try {
      const quote = await backend.quote(req);
      if (mine !== seq) return undefined; // a newer input is being quoted
      errors.setServer(new Map());
      shown = { input, quote, pools: quotePoolIds(quote) };
      renderQuote(box, quote, (symbol) => tokens.label(symbol, quote.tokenIn, quote.tokenOut));
      setSummary(quoteSummary(quote));
      guard.update(input.key, quote.priceImpactBps);
      return shown;
    } catch (err) {
      if (mine !== seq) return undefined;
      const split = splitErrors(err);
      errors.setServer(split.fields);
      // A field's error is already next to the field (and announced there): not repeated here.
      showMessage(split.general.length > 0 ? `No quote for this input: ${split.general.join('; ')}` : 'No quote: fix the highlighted field.');
      return undefined;
    } finally {
      if (mine === seq) {
        // Which request the panel shows the answer to (tests wait on it rather than on time).
        box.dataset['answered'] = String(mine);
        inFlight = 0;
        if (again) {
          again = false;
          requote();
        }
      }
    }
  }

  const afterTyping = debounce(() => void quoteNow(), TYPING_MS);

  /** Market-driven: keeps the quote shown meanwhile; leaves the field to a typed input's quote. */
  const requote = throttle(() => {
    if (afterTyping.pending()) return;
    if (inFlight !== 0) {
      again = true;
      return;
    }
    void quoteNow();
  }, REQUOTE_MS);

  return {
    inputsChanged() {
      const input = read();
      // Re-quotes asked for the old inputs are moot: the quote for the new ones is coming.
      requote.cancel();
      again = false;
      if (shown !== undefined && (shown.input.tokenIn !== input.tokenIn || shown.input.tokenOut !== input.tokenOut)) {
        // Figures in another pair's tokens would only mislead: clear them.
        shown = undefined;
        guard.update(undefined, undefined);
        renderQuoteMessage(box, `Quoting ${input.tokenIn} → ${input.tokenOut}…`);
        summary.classList.add('stale');
      } else if (shown !== undefined && shown.input.key !== input.key) {
        box.dataset['stale'] = 'true';
        summary.classList.add('stale');
        guard.update(undefined, undefined);
      }
      box.setAttribute('aria-busy', 'true');
      if (input.slippage.ok) {
        afterTyping();
      } else {
        afterTyping.cancel();
        void quoteNow(); // says why there is no quote, and drops any answer in flight
      }
    },
    async forInput(input) {
      if (shown?.input.key === input.key) return shown;
      afterTyping.cancel();
      const fresh = await quoteNow();
      return fresh?.input.key === input.key ? fresh : undefined;
    },
    onFill(order) {
      const input = read();
      if (fillTouches(order, input.tokenIn, input.tokenOut, shown?.pools ?? new Set())) requote();
    },
    onPools(pools) {
      const moved = poolMoves.changed(pools);
      if (shown !== undefined && intersects(shown.pools, moved)) requote();
    },
  };
}
