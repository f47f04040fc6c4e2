/** Exact comparisons of the API's decimal strings, on BigInt, for the few sums the page does itself. */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string as an integer of `scale` fractional digits (truncated), or undefined if malformed. */
export function toScaled(value: string, scale: number): bigint | undefined {
  const m = DECIMAL.exec(value.trim());
  if (m === null) return undefined;
  const frac = ((m[3] ?? '') + '0'.repeat(scale)).slice(0, scale);
  const n = BigInt((m[2] ?? '0') + frac);
  return m[1] === '-' ? -n : n;
}

function fracDigits(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** (a − b) / b in basis points, rounded toward zero; undefined when either is malformed or b is 0. */
export function bpsDifference(a: string, b: string): number | undefined {
  const scale = Math.max(fracDigits(a), fracDigits(b));
  const x = toScaled(a, scale);
  const y = toScaled(b, scale);
  if (x === undefined || y === undefined || y === 0n) return undefined;
  return Number(((x - y) * 10_000n) / y);
}

/** a < b, a = b, a > b as −1, 0, 1. */
export function compareDecimal(a: string, b: string): number {
  const scale = Math.max(fracDigits(a), fracDigits(b));
  const x = toScaled(a, scale) ?? 0n;
  const y = toScaled(b, scale) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Integer atoms (a decimal string of digits, maybe negative) as whole tokens of `decimals` places, exactly. */
export function atomsToDecimal(atoms: string, decimals: number): string | undefined {
  const m = /^(-?)(\d+)$/.exec(atoms.trim());
  if (m === null) return undefined;
  const digits = (m[2] ?? '0').padStart(decimals + 1, '0');
  const int = digits.slice(0, digits.length - decimals);
  const frac = decimals === 0 ? '' : digits.slice(-decimals).replace(/0+$/, '');
  return (m[1] === '-' && /[1-9]/.test(digits) ? '-' : '') + int + (frac === '' ? '' : `.${frac}`);
}
