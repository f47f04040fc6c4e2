/**
 * The GraphQL layer's own cost on the quote path, without HTTP or a load generator: the bench's
 * quote document against `{ __typename }`, run through `yoga.fetch` in this process.
 *
 *   npx tsx bench/quote-inprocess.ts            # µs per request for both, and their ratio
 *   node --cpu-prof --import tsx bench/quote-inprocess.ts quote   # profile the quote path alone
 *
 * Uses the Redis at 127.0.0.1:6379 under a fresh key prefix (removed at the end) and a temp SQLite.
 */
import { DEFAULT_LIMITS } from '../src/graphql/limits.js';
import { createGraphQLServer } from '../src/graphql/yoga.js';
import { createLogger } from '../src/logger.js';
import { testEnv } from '../test/helpers/runtime.js';
import { QUOTE, TYPENAME } from './lib/operations.js';

const env = testEnv('quote-inprocess');
const rt = await env.start({ roles: { api: true, worker: false } });
const yoga = createGraphQLServer({ service: rt.service, auth: rt.auth, logger: createLogger('silent') }, DEFAULT_LIMITS, { countBodyBytes: false });

const amounts = ['0.5', '1', '2.5', '10', '33', '120'];
const pairs = [['SOL', 'USDC'], ['USDC', 'SOL'], ['BONK', 'USDC'], ['JUP', 'SOL'], ['SOL', 'USDT'], ['BONK', 'JUP']] as const;
const quoteBodies = amounts.flatMap((amountIn) =>
  pairs.map(([tokenIn, tokenOut]) => JSON.stringify({ query: QUOTE, variables: { input: { tokenIn, tokenOut, amountIn } } })),
);
const typenameBody = JSON.stringify({ query: TYPENAME });

async function post(body: string): Promise<void> {
  const res = await yoga.fetch('http://local/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(`unexpected response ${res.status}: ${text.slice(0, 300)}`);
}

async function usPerRequest(bodyAt: (k: number) => string, n = 20_000): Promise<number> {
  for (let k = 0; k < 2_000; k++) await post(bodyAt(k)); // warm-up: JIT, caches
  const start = process.hrtime.bigint();
  for (let k = 0; k < n; k++) await post(bodyAt(k));
  return Number(process.hrtime.bigint() - start) / 1_000 / n;
}

const which = process.argv[2] ?? 'both';
try {
  const typename = which === 'quote' ? undefined : await usPerRequest(() => typenameBody);
  const quote = which === 'typename' ? undefined : await usPerRequest((k) => quoteBodies[k % quoteBodies.length] as string);
  if (typename !== undefined) console.log(`{ __typename }  ${typename.toFixed(1)} µs/request`);
  if (quote !== undefined) console.log(`quote           ${quote.toFixed(1)} µs/request`);
  if (typename !== undefined && quote !== undefined) console.log(`quote rate / trivial rate = ${(typename / quote).toFixed(2)}`);
} finally {
  await env.cleanup();
}
