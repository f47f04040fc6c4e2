import { parseAmount } from '../amount.js';
import { parseDuration } from '../duration.js';
import { fieldError, isDomainError, withField } from '../errors.js';
import type { Token } from '../tokens.js';

/**
 * Reading a strategy's parameters: every rejection is STRATEGY_PARAM_INVALID (wrong type or shape)
 * or STRATEGY_PARAM_OUT_OF_RANGE (a value outside its bounds), with details.field = `params.<key>`.
 */

export type Params = Readonly<Record<string, unknown>>;

/** The params object itself. @throws DomainError STRATEGY_PARAM_INVALID */
export function paramsObject(raw: unknown): Params {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fieldError('STRATEGY_PARAM_INVALID', 'params', 'must be an object');
  return raw as Params;
}

const field = (key: string): string => `params.${key}`;

export function paramInt(p: Params, key: string, min: number, max: number, fallback?: number): number {
  const v = p[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw fieldError('STRATEGY_PARAM_INVALID', field(key), 'must be an integer', { value: v });
  if (v < min || v > max) throw fieldError('STRATEGY_PARAM_OUT_OF_RANGE', field(key), `must be from ${min} to ${max}`, { value: v });
  return v;
}

export function paramNumber(p: Params, key: string, min: number, max: number, fallback?: number): number {
  const v = p[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw fieldError('STRATEGY_PARAM_INVALID', field(key), 'must be a finite number', { value: v });
  if (v < min || v > max) throw fieldError('STRATEGY_PARAM_OUT_OF_RANGE', field(key), `must be from ${min} to ${max}`, { value: v });
  return v;
}

/** A duration ("90s", "5m" or ms), within [minMs, maxMs]. */
export function paramDuration(p: Params, key: string, minMs: number, maxMs: number, fallback?: number): number {
  const v = p[key] ?? fallback;
  let ms: number;
  try {
    ms = parseDuration(v, field(key));
  } catch (e) {
    if (isDomainError(e)) throw fieldError('STRATEGY_PARAM_INVALID', field(key), e.message, { value: v });
    throw e;
  }
  if (ms < minMs || ms > maxMs) throw fieldError('STRATEGY_PARAM_OUT_OF_RANGE', field(key), `must be from ${minMs} to ${maxMs} ms`, { value: v });
  return ms;
}

/** A token symbol or mint (resolved against the market when the strategy starts). */
export function paramToken(p: Params, key: string): string {
  const v = p[key];
  if (typeof v !== 'string' || v.trim() === '' || v.length > 64) throw fieldError('STRATEGY_PARAM_INVALID', field(key), 'must be a token symbol or mint');
  return v;
}

/** A positive decimal string (kept as text until the token's decimals are known). */
export function paramDecimal(p: Params, key: string): string {
  const v = p[key];
  if (typeof v !== 'string' || !/^\d+(\.\d+)?$/.test(v) || !/[1-9]/.test(v)) {
    throw fieldError('STRATEGY_PARAM_INVALID', field(key), 'must be a positive decimal string', { value: v });
  }
  return v;
}

/**
 * The token a param names, as the market knows it at start.
 * @throws DomainError UNKNOWN_TOKEN naming the param
 */
export function resolveToken(lookup: (s: string) => Token | undefined, text: string, key: string): Token {
  const t = lookup(text);
  if (t === undefined) throw fieldError('UNKNOWN_TOKEN', field(key), `the market knows no token ${text}`);
  return t;
}

/**
 * A decimal param in atoms of `token`.
 * @throws DomainError STRATEGY_PARAM_OUT_OF_RANGE (too precise or too large for the token)
 */
export function atomsOf(text: string, token: Token, key: string): bigint {
  try {
    return withField(field(key), () => parseAmount(text, token.decimals));
  } catch (e) {
    if (isDomainError(e)) throw fieldError('STRATEGY_PARAM_OUT_OF_RANGE', field(key), e.message, { value: text });
    throw e;
  }
}
