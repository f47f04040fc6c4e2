/**
 * The market spec a process runs: MARKET_FILE when set, else the built-in default market. Read by
 * the runtime (the first start seeds the market from it; every start takes its launch schedule) and
 * by the `market` CLI (which seeds a database no server has started yet, as the server would).
 */
import { readFileSync } from 'node:fs';
import type { Config } from './config.js';
import { DEFAULT_MARKET_SPEC } from './domain/market/market.js';
import { parseMarketSpec, type MarketSpec } from './domain/market/market-spec.js';

/** @throws DomainError INVALID_MARKET (or a launch code) naming the spec's field; an fs or JSON error for the file */
export function marketSpec(config: Pick<Config, 'marketFile'>): MarketSpec {
  if (!config.marketFile) return DEFAULT_MARKET_SPEC;
  return parseMarketSpec(JSON.parse(readFileSync(config.marketFile, 'utf8')));
}
