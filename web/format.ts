/**
 * Display formatting. Amounts arrive from the API as decimal strings and are rounded here on their
 * digits (BigInt), never through a float, so what the page shows is what the server computed.
 * Basis points are small integers, so plain numbers are fine for them.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Rounds a decimal string half-up to `frac` fractional digits, digits only. */
function roundDecimal(value: string, frac: number): { neg: boolean; int: string; frac: string } | undefined {
  const m = DECIMAL.exec(value.trim());
  if (m === null) return undefined;
  const neg = m[1] === '-';
  const intPart = m[2] ?? '0';
  const fracPart = m[3] ?? '';
  const kept = (fracPart + '0'.repeat(frac)).slice(0, frac);
  const nextDigit = fracPart.length > frac ? Number(fracPart[frac]) : 0;
  let atoms = BigInt(intPart + kept);
  if (nextDigit >= 5) atoms += 1n;
  const digits = atoms.toString().padStart(frac + 1, '0');
  return { neg, int: digits.slice(0, digits.length - frac), frac: digits.slice(digits.length - frac) };
}

function groupThousands(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A decimal string for reading: thousands grouped, about `significant` significant digits, but
 * never more than `maxFrac` fractional ones (tiny prices such as BONK's keep their leading zeros).
 */
export function formatAmount(value: string | null | undefined, significant = 6, maxFrac = 9): string {
  if (value === null || value === undefined || value === '') return '—';
  const m = DECIMAL.exec(value.trim());
  if (m === null) return value;
  const intPart = (m[2] ?? '0').replace(/^0+(?=\d)/, '');
  const fracPart = m[3] ?? '';
  let frac: number;
  if (intPart !== '0') frac = Math.max(0, significant - intPart.length);
  else {
    const leadingZeros = /^0*/.exec(fracPart)?.[0].length ?? 0;
    frac = leadingZeros === fracPart.length ? 2 : leadingZeros + significant;
  }
  frac = Math.min(frac, maxFrac, Math.max(fracPart.length, 2));
  const r = roundDecimal(value, frac);
  if (r === undefined) return value;
  const fracShown = r.frac.replace(/0+$/, '');
  const body = groupThousands(r.int) + (fracShown === '' ? '' : '.' + fracShown);
  return (r.neg && /[1-9]/.test(body) ? '-' : '') + body;
}

/** Basis points with a sign and unit, e.g. "+12 bps", "−3 bps", "0 bps". */
export function formatBps(bps: number | null | undefined, signed = false): string {
  if (bps === null || bps === undefined || !Number.isFinite(bps)) return '—';
  const rounded = Math.round(bps * 10) / 10;
  const sign = signed && rounded > 0 ? '+' : rounded < 0 ? '−' : '';
  return `${sign}${Math.abs(rounded).toLocaleString('en-US')} bps`;
}

/** bps as a percentage for the ticket ("0.50%"), where traders think in percent. */
export function bpsAsPercent(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

/** First and last characters of a base58 id; the full value goes in a title attribute. */
export function shortHash(hash: string, keep = 6): string {
  return hash.length <= keep * 2 + 1 ? hash : `${hash.slice(0, keep)}…${hash.slice(-keep)}`;
}

const timeFmt = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
});

/** Wall-clock time with milliseconds, because the lifecycle stages are tens of ms apart. */
export function formatTime(ms: number | undefined): string {
  return ms === undefined ? '—' : timeFmt.format(new Date(ms));
}

/** Elapsed time between two instants, "43 ms" or "2.41 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Parses an API timestamp that may be epoch ms (number or numeric string) or ISO-8601. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}
