import { builder } from '../builder.js';

/**
 * Timestamps are ms since the epoch inside the service and ISO-8601 strings (UTC, ms precision) on
 * the wire, which browsers and every client language parse without help.
 */
export const DateTime = builder.scalarType('DateTime', {
  description: 'An instant as an ISO-8601 string in UTC, e.g. "2025-01-31T12:00:00.000Z".',
  serialize: (ms) => new Date(ms).toISOString(),
  parseValue: (value) => {
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(ms)) throw new TypeError('DateTime must be an ISO-8601 string');
    return ms;
  },
});

/** Free-form JSON: backtest scenarios in, reports and time series out (their shapes are documented on the fields). */
export const JSONScalar = builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (v) => v,
  parseValue: (v) => v,
});
