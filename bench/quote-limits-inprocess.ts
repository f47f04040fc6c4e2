/**
 * What the rate limits cost a quote, in this process's CPU: the bench's quote document through
 * `yoga.fetch` with and without the rate-limit plugin (limits of 10^6/s, so nothing is refused; the
 * process leases LEASE_MAX points per Redis round trip), 50 requests in flight as under load,
 * alternating rounds. CPU time (process.cpuUsage) rather than wall time: the Redis round trip's
 * latency is not a cost to the server, its CPU is. Redis's own CPU is not in these figures.
 *
 *   npx tsx bench/quote-limits-inprocess.ts            (ROUNDS=21 for a steadier median on a busy machine)
 *
 * Uses the Redis at 127.0.0.1:6379 under a fresh key prefix (removed at the end) and a temp SQLite.
 */
import { DEFAULT_LIMITS } from '../src/graphql/limits.js';
import { createGraphQLServer } from '../src/graphql/yoga.js';
import { createLogger } from '../src/logger.js';
import { createRateLimits } from '../src/services/rate-limits.js';
import { testEnv } from '../test/helpers/runtime.js';
import { QUOTE } from './lib/operations.js';

const env = testEnv('quote-limits-inprocess');
const rt = await env.start({ roles: { api: true, worker: false } });
const logger = createLogger('silent');
const huge = 1_000_000;
const rateLimits = createRateLimits({
  redis: rt.pubsub.redis,
  keyPrefix: env.prefix,
  settings: { ordersPerSecond: huge, orderBurst: huge, quotesPerSecond: huge, quoteBurst: huge, anonPerSecond: huge, anonBurst: huge },
  logger,
  metrics: rt.metrics,
});
const off = createGraphQLServer({ service: rt.service, auth: rt.auth, logger }, DEFAULT_LIMITS, { countBodyBytes: false });
const on = createGraphQLServer({ service: rt.service, auth: rt.auth, logger, rateLimits }, DEFAULT_LIMITS, { countBodyBytes: false });

const amounts = ['0.5', '1', '2.5', '10', '33', '120'];
const pairs = [['SOL', 'USDC'], ['USDC', 'SOL'], ['BONK', 'USDC'], ['JUP', 'SOL'], ['SOL', 'USDT'], ['BONK', 'JUP']] as const;
const bodies = amounts.flatMap((amountIn) => pairs.map(([tokenIn, tokenOut]) => JSON.stringify({ query: QUOTE, variables: { input: { tokenIn, tokenOut, amountIn } } })));

async function run(yoga: typeof off, n: number): Promise<number> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < n) {
      const body = bodies[next++ % bodies.length] as string;
      const res = await yoga.fetch('http://local/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await res.text();
      if (res.status !== 200 || text.includes('"errors"')) throw new Error(`unexpected response ${res.status}: ${text.slice(0, 300)}`);
    }
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: 50 }, lane));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
try {
  await run(off, 3_000);
  await run(on, 3_000);
  const offs: number[] = [];
  const ons: number[] = [];
  for (let i = 0; i < Number(process.env['ROUNDS'] ?? 5); i++) {
    offs.push(await run(off, 5_000));
    ons.push(await run(on, 5_000));
  }
  const [a, b] = [median(offs), median(ons)];
  console.log(`limits off  ${a.toFixed(1)} µs CPU/quote   (runs ${offs.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`limits on   ${b.toFixed(1)} µs CPU/quote   (runs ${ons.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`on / off = ${(b / a).toFixed(3)}`);
} finally {
  await env.cleanup();
}
