/**
 * The ticket's per-field error slots (role=alert). A slot's text changes only when its message
 * does: re-quoting the same bad input must not re-announce the same error on every answer, and a
 * clear-then-set would do exactly that. The page's own check (slippage) wins over the server's
 * answer for the same field, since it is about what is in the field now. A submit's answer is kept
 * apart from the live quote's: a re-quote on a market move must not wipe what the submit said
 * about, say, the limit price; it stays until the next edit or submit.
 */
import { ApiError } from '../api/connection.js';
import { byId, setText } from '../dom.js';

export const FIELDS = ['tokenIn', 'tokenOut', 'amountIn', 'slippageBps', 'limitPrice', 'stopPrice', 'minLiquidity', 'maxPriceImpactBps', 'expiresAt', 'tokenOutMint'] as const;
export type Field = (typeof FIELDS)[number];
// tokenOutMint is the page's own: a sniper's unlisted tokenOut, typed (the server calls it tokenOut).

export interface SplitErrors {
  readonly fields: ReadonlyMap<Field, string>;
  readonly general: readonly string[];
}

/** Sorts API errors by the field their extensions.field names (e.g. "input.amountIn"). */
export function splitErrors(err: unknown): SplitErrors {
  const errors = err instanceof ApiError ? err.errors : [{ message: err instanceof Error ? err.message : 'request failed', extensions: undefined }];
  const fields = new Map<Field, string>();
  const general: string[] = [];
  for (const e of errors) {
    const raw = e.extensions?.['field'];
    const name = typeof raw === 'string' ? raw.split('.').pop() : undefined;
    if (name !== undefined && (FIELDS as readonly string[]).includes(name)) fields.set(name as Field, e.message);
    else general.push(e.message);
  }
  return { fields, general };
}

export class FieldErrors {
  private server: ReadonlyMap<Field, string> = new Map();
  private submitted: ReadonlyMap<Field, string> = new Map();
  private readonly client = new Map<Field, string>();

  constructor(private readonly inputs: Record<Field, HTMLElement>) {}

  /** The page's own verdict on a field (undefined: fine). */
  setClient(field: Field, message: string | undefined): void {
    if (message === undefined) this.client.delete(field);
    else this.client.set(field, message);
    this.render();
  }

  /** The server's verdict on the latest input it saw, replacing the previous one. */
  setServer(fields: ReadonlyMap<Field, string>): void {
    this.server = fields;
    this.render();
  }

  /** The last submit's verdict (empty map: none), shown until the next edit or submit. */
  setSubmitted(fields: ReadonlyMap<Field, string>): void {
    this.submitted = fields;
    this.render();
  }

  has(field: Field): boolean {
    return this.client.has(field) || this.submitted.has(field) || this.server.has(field);
  }

  /** The first field with an error, to move focus to. */
  first(): Field | undefined {
    return FIELDS.find((f) => this.has(f));
  }

  private render(): void {
    for (const field of FIELDS) {
      const message = this.client.get(field) ?? this.submitted.get(field) ?? this.server.get(field);
      setText(byId(`err-${field}`), message ?? '');
      const input = this.inputs[field];
      if (message === undefined) input.removeAttribute('aria-invalid');
      else if (input.getAttribute('aria-invalid') !== 'true') input.setAttribute('aria-invalid', 'true');
    }
  }
}
