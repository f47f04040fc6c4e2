/**
 * `npm run --silent market -- <command>`: the market, with the server's own settings (DATABASE_PATH
 * or DATABASE_URL, REDIS_URL, KEY_PREFIX, MARKET_FILE from the environment).
 *
 *   launch FILE.json   launches the pool FILE describes (the launchPool mutation's input as JSON:
 *                      venue, baseToken { mint, symbol, decimals, name }, quoteToken, price,
 *                      baseAmount, feeBps, binStep and binsPerSide for METEORA). Written through
 *                      storage as one market write, then announced on Redis, so running servers
 *                      quote it, list it and stream it at once. Prints the pool; a refusal prints
 *                      its code and field and exits 1 with nothing written.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { openStorage } from '../db/open.js';
import type { Storage } from '../db/port.js';
import { isDomainError } from '../domain/errors.js';
import { buildMarket } from '../domain/market/market.js';
import { createMarketEvents, type MarketChanged } from '../events/market-events.js';
import { createPubSub, type PubSub } from '../events/pubsub.js';
import { createLogger } from '../logger.js';
import { marketSpec } from '../market-file.js';
import { launch } from '../services/launches.js';

const USAGE = 'usage: npm run --silent market -- launch FILE.json';

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'launch' || rest.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger('silent');
  let storage: Storage | undefined;
  let pubsub: PubSub | undefined;
  try {
    const input: unknown = JSON.parse(readFileSync(rest[0]!, 'utf8'));
    storage = await openStorage(config);
    // A database no server started yet gets the market the server would seed.
    await storage.market.init(() => buildMarket(marketSpec(config), Math.floor(Date.now() / 1000)), Date.now());
    pubsub = createPubSub(config.redisUrl, config.keyPrefix);
    // Announced when Redis answers; otherwise servers see the pool at their next version check (≤ 1 s for quotes).
    const reachable = await Promise.race([pubsub.redis.ping().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(r, 1_000, false))]);
    const events = createMarketEvents(pubsub, logger);
    // The server's announcement is fire-and-forget; here it must have left before the connection closes.
    let announced: Promise<void> | undefined;
    const marketEvents = { ...events, publish: (change: MarketChanged | undefined) => void (announced = change && reachable ? pubsub!.publish(pubsub!.topics.market, change) : undefined) };
    const { pool, version } = await launch({ market: storage.market, marketEvents, clock: Date.now }, input, 'pool');
    await announced;
    process.stdout.write(`launched ${pool.id}: ${pool.venue} ${pool.tokenX.symbol}/${pool.tokenY.symbol} at ${pool.price} (market version ${version})\n`);
    return 0;
  } catch (err) {
    if (isDomainError(err)) {
      process.stderr.write(`market: ${err.code}${typeof err.details['field'] === 'string' ? ` (${err.details['field']})` : ''}: ${err.message}\n`);
    } else process.stderr.write(`market: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await pubsub?.close();
    await storage?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
