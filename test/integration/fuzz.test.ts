/**
 * The whole input surface, fuzzed (fast-check, fixed seed): every operation the typed client has,
 * with arbitrary JSON for its variables — shaped like the real inputs with hostile values, or any
 * JSON at all — over HTTP and over graphql-ws, with a key and without one. Every answer is data or
 * an error with a stable code; never a masked "Unexpected error." (a bug we did not code for), and
 * never a stall.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import fc from 'fast-check';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  OrderDocument,
  OrdersDocument,
  OrderUpdatesDocument,
  PoolsDocument,
  PoolUpdatesDocument,
  QuoteDocument,
  RevokeApiKeyDocument,
  SubmitMarketOrderDocument,
  TokensDocument,
  ViewerDocument,
} from '../../src/client/graphql.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { gqlRaw, wsClient, type GqlError } from '../helpers/gql.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp('fuzz');
});
afterAll(async () => {
  await t?.stop();
});

/** Per answer: a server that takes longer than this has stalled on something it should refuse. */
const STALL_MS = 10_000;

// Values that have broken parsers elsewhere: huge, empty, unicode, numbers as strings and back.
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('', ' ', '0', '-1', '1e9', '1.', '.5', 'NaN', 'Infinity', '1'.repeat(5_000), `1.${'0'.repeat(20_000)}1`, '\u0000', 'SOL', 'USDC', 'oee_'),
  fc.nat().map(String),
  fc.double().map(String),
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(hostileString, { maxLength: 4 }),
);
const shaped = (keys: readonly string[]) => fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: keys.length + 1 });

const SWAP_KEYS = ['tokenIn', 'tokenOut', 'amountIn', 'slippageBps', 'clientOrderId', 'extra'];
/** Each operation with a generator of variables for it: real names with hostile values, or junk. */
const OPERATIONS: readonly { name: string; doc: TypedDocumentNode<unknown, any>; variables: fc.Arbitrary<unknown> }[] = [
  { name: 'Quote', doc: QuoteDocument, variables: fc.record({ input: shaped(SWAP_KEYS) }) },
  { name: 'SubmitMarketOrder', doc: SubmitMarketOrderDocument, variables: fc.record({ input: shaped(SWAP_KEYS) }) },
  { name: 'Order', doc: OrderDocument, variables: shaped(['id']) },
  { name: 'Orders', doc: OrdersDocument, variables: shaped(['first', 'after', 'status']) },
  { name: 'Pools', doc: PoolsDocument, variables: fc.constant({}) },
  { name: 'Tokens', doc: TokensDocument, variables: fc.constant({}) },
  { name: 'Viewer', doc: ViewerDocument, variables: fc.constant({}) },
  { name: 'ApiKeys', doc: ApiKeysDocument, variables: fc.constant({}) },
  { name: 'CreateApiKey', doc: CreateApiKeyDocument, variables: fc.record({ input: shaped(['name', 'scopes', 'account']) }) },
  { name: 'RevokeApiKey', doc: RevokeApiKeyDocument, variables: shaped(['nameOrId']) },
];
const SUBSCRIPTIONS: typeof OPERATIONS = [
  { name: 'OrderUpdates', doc: OrderUpdatesDocument, variables: shaped(['orderId']) },
  { name: 'PoolUpdates', doc: PoolUpdatesDocument, variables: fc.constant({}) },
];
const BY_NAME = new Map([...OPERATIONS, ...SUBSCRIPTIONS].map((o) => [o.name, o]));
/** Draws an operation's name (counterexamples print names, not documents) and variables for it. */
const draw = (ops: typeof OPERATIONS) => fc.constantFrom(...ops.map((o) => o.name)).chain((name) => fc.tuple(fc.constant(name), BY_NAME.get(name)!.variables));
/** A subscription that neither errs nor sends within this is live and quiet: an answer too. */
const LIVE_MS = 500;

/** What every answer must be: data, or errors that each carry a code, none of them a masked one. */
function expectCoded(errors: readonly GqlError[] | undefined, what: string): void {
  for (const e of errors ?? []) {
    expect(e.extensions?.code, `${what}: an error without a code: ${JSON.stringify(e)}`).toBeTypeOf('string');
    expect(e.extensions?.code, `${what}: a masked error: ${JSON.stringify(e)}`).not.toBe('INTERNAL_SERVER_ERROR');
    expect(e.message).not.toBe('Unexpected error.');
  }
}

const withTimeout = <T>(p: Promise<T>, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${STALL_MS} ms`)), STALL_MS))]);

describe('fuzzing every operation', () => {
  it('over HTTP, with and without a key: data or coded errors, never masked, never a stall', async () => {
    await fc.assert(
      fc.asyncProperty(draw(OPERATIONS), fc.boolean(), async ([name, variables], anonymous) => {
        const o = BY_NAME.get(name)!;
        const what = `${o.name} ${JSON.stringify(variables).slice(0, 200)}`;
        const result = await withTimeout(gqlRaw(t.url, { query: print(o.doc), variables }, anonymous ? null : undefined), what);
        expect([200, 400, 401, 413, 429], what).toContain(result.status);
        expect(result.data !== undefined || (result.errors?.length ?? 0) > 0, what).toBe(true);
        expectCoded(result.errors, what);
      }),
      { numRuns: 300 },
    );
  }, 240_000);

  it('over graphql-ws: every subscription and query answers with data or coded errors, never a stall', async () => {
    const client = wsClient(t.url);
    try {
      await fc.assert(
        fc.asyncProperty(draw([...SUBSCRIPTIONS, ...OPERATIONS]), async ([name, variables]) => {
          const o = BY_NAME.get(name)!;
          const subscription = SUBSCRIPTIONS.includes(o);
          const what = `ws ${o.name} ${JSON.stringify(variables).slice(0, 200)}`;
          const outcome = await withTimeout(
            new Promise<{ errors: GqlError[]; data: boolean; live?: boolean }>((resolve) => {
              const errors: GqlError[] = [];
              let data = false;
              let stop: () => void = () => {};
              if (subscription) {
                setTimeout(() => {
                  stop();
                  resolve({ errors, data, live: true });
                }, LIVE_MS);
              }
              stop = client.subscribe({ query: print(o.doc), variables: variables as Record<string, unknown> }, {
                next: (r) => {
                  if (r.errors) errors.push(...(r.errors as unknown as GqlError[]));
                  if (r.data) data = true;
                  // A live subscription that delivered its first event has answered: stop it.
                  if (data || errors.length > 0) {
                    stop();
                    resolve({ errors, data });
                  }
                },
                error: (e) => {
                  errors.push(...(Array.isArray(e) ? (e as GqlError[]) : [{ message: String(e), extensions: { code: 'SOCKET' } }]));
                  resolve({ errors, data });
                },
                complete: () => resolve({ errors, data }),
              });
            }),
            what,
          );
          expect(outcome.data || outcome.errors.length > 0 || outcome.live === true, what).toBe(true);
          expectCoded(outcome.errors, what);
        }),
        { numRuns: 150 },
      );
    } finally {
      await client.dispose();
    }
  }, 240_000);
});
