/**
 * Raw baseline server for fan-out: a minimal graphql-ws server (no yoga, no plugins, no auth) whose
 * one subscription `tick` is fed by Redis pub/sub through graphql-redis-subscriptions, the same way
 * our order updates travel. Our orderUpdates fan-out is held against this at equal subscriber counts.
 * Usage: graphql-ws-fanout-server.ts <port> <redisUrl> <channel>; prints BENCH_READY <ws url>.
 */
import { createServer } from 'node:http';
import { execute, subscribe } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createSchema } from 'graphql-yoga';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';

const [portArg = '0', redisUrl = 'redis://127.0.0.1:6379', channel = 'bench:tick'] = process.argv.slice(2);
const pubsub = new RedisPubSub({ publisher: new Redis(redisUrl), subscriber: new Redis(redisUrl) });
const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query { hello: String! }
    type Tick { seq: Int!, at: Float!, label: String! }
    type Subscription { tick: Tick! }
  `,
  resolvers: {
    Query: { hello: () => 'world' },
    Subscription: {
      // Messages arrive as the JSON the publisher wrote: { seq, at, label }.
      tick: { subscribe: () => pubsub.asyncIterableIterator(channel) as AsyncIterable<unknown>, resolve: (payload: unknown) => payload },
    },
  },
});

const server = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, path: '/graphql' });
useServer({ schema, execute, subscribe }, wss);
server.listen(Number(portArg), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : Number(portArg);
  process.stdout.write(`BENCH_READY ws://127.0.0.1:${port}/graphql\n`);
});
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});
