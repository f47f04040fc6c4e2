/**
 * Raw baseline server: a minimal graphql-yoga with `{ hello }` and nothing else (no plugins, no
 * armor, no logging). Our API's request rates are held against this, measured in the same run, to
 * say how much of the HTTP GraphQL stack's own limit our resolvers and plugins leave.
 * Usage: node --import tsx bench/baselines/yoga-hello-server.ts <port>; prints BENCH_READY <url>.
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const port = Number(process.argv[2] ?? 0);
const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
  logging: false,
  // GraphiQL is only served on GET from a browser; keep it out of the picture entirely.
  graphiql: false,
  // The raw rate of the part we stand on: yoga's default 25 MB maxRequestBodySize pipes every body
  // through a counting stream and an AbortController, which halves { hello } here (about 4.3k -> 9k
  // req/s). Our server enforces its limit from Content-Length instead, so comparing against the
  // default would flatter us.
  maxRequestBodySize: false,
});
const server = createServer(yoga);
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  process.stdout.write(`BENCH_READY http://127.0.0.1:${actual}/graphql\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
