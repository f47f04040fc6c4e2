import { formatAmount } from '../domain/amount.js';
import type { Token } from '../domain/tokens.js';

/** Digits after the point in API prices: enough for 4+ significant digits of a BONK-per-SOL price. */
export const PRICE_DECIMALS = 12;

const TEN = 10n;

/** Atoms of `token` as a decimal string in whole-token units (the API's only amount form). */
export function tokenAmount(atoms: bigint, token: Pick<Token, 'decimals'>): string {
  return formatAmount(atoms, token.decimals);
}

/**
 * tokenOut per tokenIn in whole tokens, floored to PRICE_DECIMALS, computed on bigint so no float
 * ever touches the amounts: out·10^(decIn+P) / (in·10^decOut).
 */
export function unitPrice(
  amountIn: bigint,
  tokenIn: Pick<Token, 'decimals'>,
  amountOut: bigint,
  tokenOut: Pick<Token, 'decimals'>,
): string {
  if (amountIn <= 0n) return formatAmount(0n, PRICE_DECIMALS);
  const num = amountOut * pow10(tokenIn.decimals + PRICE_DECIMALS);
  const den = amountIn * pow10(tokenOut.decimals);
  return formatAmount(num / den, PRICE_DECIMALS);
}

/** 10^0 … 10^63 as bigints, built once (token decimals plus PRICE_DECIMALS stay well inside). */
const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: 64 }, (_, i) => TEN ** BigInt(i));

function pow10(n: number): bigint {
  return POWERS_OF_TEN[n] ?? TEN ** BigInt(n);
}

/** Parts per million to basis points (1 bps = 100 ppm); a Float on the API. */
export function ppmToBps(ppm: number): number {
  return ppm / 100;
}

/**
 * A price the client gave as a decimal (a limit or stop price), written back as the shortest
 * decimal: the ratio parsed from decimal text always terminates, within the digits price.ts allows.
 */
export function ratioText(r: { readonly num: bigint; readonly den: bigint }): string {
  for (let d = 0; d <= 36; d++) {
    const scaled = r.num * pow10(d);
    if (scaled % r.den === 0n) return formatAmount(scaled / r.den, d);
  }
  return formatAmount((r.num * pow10(PRICE_DECIMALS)) / r.den, PRICE_DECIMALS);
}
