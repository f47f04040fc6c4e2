/**
 * sharedSubscribe: an event is executed once per distinct operation (document, operation name,
 * variables) however many subscribers receive it; different variables are executed apart; return()
 * reaches the source (that is what releases a subscriber's Redis subscription); errors surface like
 * graphql-js's subscribe.
 */
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sharedSubscribe } from '../../src/graphql/shared-subscribe.js';
import { AsyncQueue } from '../../src/events/async-queue.js';

interface Tick {
  readonly n: number;
}

function setup() {
  let resolved = 0;
  const sources: AsyncQueue<Tick>[] = [];
  const Tick = new GraphQLObjectType({
    name: 'Tick',
    fields: {
      n: { type: GraphQLInt },
      label: {
        type: GraphQLString,
        args: { prefix: { type: GraphQLString } },
        resolve: (t: Tick, a: { prefix?: string }) => {
          resolved++;
          return `${a.prefix ?? ''}${t.n}`;
        },
      },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { x: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticks: {
          type: Tick,
          subscribe: () => {
            const q = new AsyncQueue<Tick>();
            sources.push(q);
            return q;
          },
          resolve: (t: Tick) => t,
        },
      },
    }),
  });
  return { schema, sources, resolved: () => resolved };
}

const doc = parse('subscription($p: String) { ticks { n label(prefix: $p) } }');

async function open(schema: GraphQLSchema, variables: Record<string, unknown> = {}) {
  const it = (await sharedSubscribe({ schema, document: doc, variableValues: variables })) as AsyncIterableIterator<ExecutionResult>;
  return it;
}

describe('sharedSubscribe', () => {
  it('executes an event once for every subscriber of the same operation', async () => {
    const { schema, sources, resolved } = setup();
    const subs = await Promise.all(Array.from({ length: 50 }, () => open(schema, { p: '#' })));
    const event: Tick = { n: 7 };
    for (const s of sources) s.push(event); // the hub pushes the same object to every subscriber
    const results = await Promise.all(subs.map((s) => s.next()));
    expect(results.every((r) => (r.value as ExecutionResult<{ ticks: { label: string } }>).data?.ticks.label === '#7')).toBe(true);
    expect(resolved()).toBe(1);
  });

  it('executes apart for other variables, and for another event object', async () => {
    const { schema, sources, resolved } = setup();
    const a = await open(schema, { p: 'a' });
    const b = await open(schema, { p: 'b' });
    const event: Tick = { n: 1 };
    for (const s of sources) s.push(event);
    expect((await a.next()).value).toEqual({ data: { ticks: { n: 1, label: 'a1' } } });
    expect((await b.next()).value).toEqual({ data: { ticks: { n: 1, label: 'b1' } } });
    sources[0]!.push({ n: 1 }); // equal, not the same object
    await a.next();
    expect(resolved()).toBe(3);
  });

  it('return() ends the source at once', async () => {
    const { schema, sources } = setup();
    const it = await open(schema);
    const pending = it.next();
    await it.return!();
    expect(sources[0]!.closed).toBe(true);
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  it('a failing subscribe resolver gives an error result, as graphql-js does', async () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { x: { type: GraphQLInt } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: { ticks: { type: GraphQLInt, subscribe: () => { throw new Error('no such order'); } } },
      }),
    });
    const r = (await sharedSubscribe({ schema, document: parse('subscription { ticks }') })) as ExecutionResult;
    expect(r.errors?.[0]?.message).toBe('no such order');
  });
});
