/**
 * sharedSubscribe: an event is executed once per distinct operation (document, operation name,
 * variables) however many subscribers receive it; different variables are executed apart; return()
 * reaches the source (that is what releases a subscriber's Redis subscription); errors surface like
 * graphql-js's subscribe.
 */
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sharedSubscribe } from '../../src/graphql/shared-subscribe.js';
import { pushStream, type StreamSink } from '../../src/services/streams.js';

interface Tick {
  readonly n: number;
}

function setup() {
  let resolved = 0;
  /** Each subscriber's source, registered once its stream starts (on the first next()). */
  const sources: (StreamSink<Tick> & { closed: boolean })[] = [];
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
          subscribe: () =>
            pushStream<Tick>((sink) => {
              const source = Object.assign(sink, { closed: false });
              sources.push(source);
              return () => {
                source.closed = true;
              };
            }),
          resolve: (t: Tick) => t,
        },
      },
    }),
  });
  return { schema, sources, resolved: () => resolved };
}

/** Waits until `n` sources have started (a stream starts on its first next()). */
async function started(sources: readonly unknown[], n: number): Promise<void> {
  for (let i = 0; i < 100 && sources.length < n; i++) await new Promise((r) => setImmediate(r));
  expect(sources).toHaveLength(n);
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
    const pending = subs.map((s) => s.next());
    await started(sources, 50);
    const event: Tick = { n: 7 };
    for (const s of sources) s.push(event); // the hub pushes the same object to every subscriber
    const results = await Promise.all(pending);
    expect(results.every((r) => (r.value as ExecutionResult<{ ticks: { label: string } }>).data?.ticks.label === '#7')).toBe(true);
    expect(resolved()).toBe(1);
  });

  it('executes apart for other variables, and for another event object', async () => {
    const { schema, sources, resolved } = setup();
    const a = await open(schema, { p: 'a' });
    const b = await open(schema, { p: 'b' });
    const [nextA, nextB] = [a.next(), b.next()];
    await started(sources, 2);
    const event: Tick = { n: 1 };
    for (const s of sources) s.push(event);
    expect((await nextA).value).toEqual({ data: { ticks: { n: 1, label: 'a1' } } });
    expect((await nextB).value).toEqual({ data: { ticks: { n: 1, label: 'b1' } } });
    sources[0]!.push({ n: 1 }); // equal, not the same object
    await a.next();
    expect(resolved()).toBe(3);
  });

  it('return() ends the source at once', async () => {
    const { schema, sources } = setup();
    const it = await open(schema);
    const pending = it.next();
    await started(sources, 1);
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
