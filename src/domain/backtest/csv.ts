import { formatAmount } from '../amount.js';
import type { OrderResult } from './results.js';

/**
 * Per-order results as CSV (RFC 4180: comma-separated, a field with a comma, quote or line break is
 * quoted with quotes doubled; lines end with \n). Amounts are decimal strings of whole tokens, so
 * a row reads like the API; times are ms since the epoch. Pure: the caller writes the lines.
 */

export const CSV_COLUMNS = [
  'clientOrderId',
  'type',
  'status',
  'code',
  'tokenIn',
  'tokenOut',
  'amountIn',
  'submittedAtMs',
  'triggeredAtMs',
  'endedAtMs',
  'quotedOut',
  'minAmountOut',
  'amountOut',
  'slippageBps',
  'priceImpactBps',
  'routeKind',
  'venues',
  'fees',
  'bestSingleVenueOut',
  'savingsBps',
] as const;

/** The header line, newline included. */
export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\n`;

function field(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * One result as a CSV line (newline included), columns as CSV_COLUMNS. Empty fields for what does
 * not apply; fees as "amount mint" pairs joined by ';' (atoms, since a fee's mint may have no
 * symbol in the row).
 */
export function csvLine(r: OrderResult): string {
  const out = (atoms: bigint | undefined): string => (atoms === undefined || r.decimalsOut === undefined ? '' : formatAmount(atoms, r.decimalsOut));
  const num = (n: number | undefined, digits: number): string => (n === undefined ? '' : String(Math.round(n * 10 ** digits) / 10 ** digits));
  const cells = [
    r.clientOrderId,
    r.type,
    r.status,
    r.code ?? '',
    r.tokenIn,
    r.tokenOut,
    formatAmount(r.amountIn, r.decimalsIn),
    String(r.submittedAtMs),
    r.triggeredAtMs === undefined ? '' : String(r.triggeredAtMs),
    String(r.endedAtMs),
    out(r.quotedOut),
    out(r.minAmountOut),
    out(r.amountOut),
    num(r.slippageBps, 4),
    num(r.priceImpactPpm === undefined ? undefined : r.priceImpactPpm / 100, 2),
    r.routeKind ?? '',
    r.venues ?? '',
    r.fees.map((f) => `${f.amount} ${f.mint}`).join(';'),
    out(r.bestSingleVenueOut),
    num(r.savingsBps, 2),
  ];
  return `${cells.map(field).join(',')}\n`;
}
