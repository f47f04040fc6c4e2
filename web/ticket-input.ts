/**
 * What the ticket's fields mean before anything is sent. Only slippage is checked here: the server
 * owns amount rules (per-token decimals) and answers each quote with field errors; but a slippage the
 * page cannot even express as an Int would go out as null and silently become the server's default.
 */
import { bpsAsPercent } from './format.js';

/** Mirrors src/services/order-input.ts (MAX_SLIPPAGE_BPS): integer bps from 0 to 5,000 (50%). */
export const MAX_SLIPPAGE_BPS = 5_000;

export type SlippageParse = { readonly ok: true; readonly bps: number } | { readonly ok: false; readonly error: string };

/** The ticket's fields as they are now. */
export interface FormInput {
  /** Identifies the inputs a quote answers: pair, amount and slippage as typed. */
  readonly key: string;
  readonly tokenIn: string;
  readonly tokenOut: string;
  readonly amountIn: string;
  readonly slippage: SlippageParse;
}

export function formInput(tokenIn: string, tokenOut: string, amountText: string, slippageText: string): FormInput {
  const amountIn = amountText.trim();
  const s = slippageText.trim();
  return { key: `${tokenIn}|${tokenOut}|${amountIn}|${s}`, tokenIn, tokenOut, amountIn, slippage: parseSlippage(s) };
}

export function parseSlippage(text: string): SlippageParse {
  const t = text.trim();
  if (t === '') return { ok: false, error: `Enter a slippage tolerance, 0 to ${MAX_SLIPPAGE_BPS} bps.` };
  if (!/^\d+$/.test(t)) return { ok: false, error: `Slippage must be a whole number of bps (0 to ${MAX_SLIPPAGE_BPS}).` };
  const bps = Number(t);
  if (bps > MAX_SLIPPAGE_BPS) return { ok: false, error: `Slippage can be at most ${MAX_SLIPPAGE_BPS} bps (${bpsAsPercent(MAX_SLIPPAGE_BPS)}).` };
  return { ok: true, bps };
}

/** The hint under the field: the value in percent, or the accepted range while it is invalid. */
export function slippageHint(parsed: SlippageParse): string {
  return parsed.ok ? `${parsed.bps} bps = ${bpsAsPercent(parsed.bps)}` : `0–${MAX_SLIPPAGE_BPS} bps (0–${bpsAsPercent(MAX_SLIPPAGE_BPS)})`;
}
