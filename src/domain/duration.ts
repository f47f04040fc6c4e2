import { fieldError } from './errors.js';

/**
 * Durations written for people in specs and scenarios: an integer and a unit, "500ms", "60s",
 * "5m", "2h", "1d". No fractions, spaces or combinations, so a value has one spelling.
 */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SHAPE = /^(\d{1,9})(ms|s|m|h|d)$/;

/**
 * Milliseconds in `text`; a non-negative integer number is taken as milliseconds already.
 * @throws DomainError DURATION_MALFORMED naming `field`
 */
export function parseDuration(text: unknown, field: string): number {
  if (typeof text === 'number') {
    if (Number.isSafeInteger(text) && text >= 0) return text;
    throw fieldError('DURATION_MALFORMED', field, 'a number of milliseconds must be a non-negative integer', { value: text });
  }
  const m = typeof text === 'string' ? SHAPE.exec(text) : null;
  if (m === null) {
    throw fieldError('DURATION_MALFORMED', field, 'must be an integer and a unit (ms, s, m, h, d), e.g. "60s" or "5m"', { value: String(text).slice(0, 32) });
  }
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}
