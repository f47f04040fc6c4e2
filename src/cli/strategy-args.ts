/**
 * `--strategy NAME --param k=v …` as the backtest and strategy CLIs read them, so one command line
 * means the same strategy in a backtest and live.
 */

/**
 * "k=v" as a strategy param: amounts, prices, tokens and durations stay text (the params take
 * decimal strings and "90s"); other numbers and booleans are parsed.
 */
export function paramValue(key: string, v: string): unknown {
  if (/amount|price|position|token|base|quote|after|duration/i.test(key)) return v;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

/** The registry's name for `--strategy` ("twap", "mean-reversion" → TWAP, MEAN_REVERSION). */
export function strategyName(text: string): string {
  return text.toUpperCase().replace(/-/g, '_');
}

/** `--param` values into `base`. @throws Error on a value without "k=" */
export function strategyParams(pairs: readonly string[], base: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const params: Record<string, unknown> = { ...base };
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new Error(`--param wants k=v, got ${p}`);
    params[p.slice(0, i)] = paramValue(p.slice(0, i), p.slice(i + 1));
  }
  return params;
}
