/**
 * The architecture, enforced (run by test/unit/architecture.test.ts, so `npm test` fails on a
 * violation; `npx depcruise src` prints the same report). Layers, lowest first:
 *
 *   domain  ←  db, events, chain  ←  services  ←  graphql, jobs  ←  http  ←  runtime, app  ←  main
 *
 * config.ts, logger.ts and metrics/ are the platform every layer above the domain may use.
 */
const LAYERS_ABOVE_ADAPTERS = '^src/(services|jobs|graphql|http|runtime|app|main)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment: 'The domain is plain TypeScript: no framework, no I/O, nothing of the layers above it.',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'domain-uses-no-node-builtins',
      severity: 'error',
      comment: 'No node:* in the domain (no I/O, clock or crypto): time and randomness are parameters.',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'db-sits-on-the-domain-only',
      severity: 'error',
      comment: 'Repositories map rows to the domain read model; they know nothing of pub/sub, services, jobs or the API.',
      from: { path: '^src/db/' },
      to: { path: [LAYERS_ABOVE_ADAPTERS, '^src/(events|chain)/'] },
    },
    {
      name: 'events-sit-on-the-domain-only',
      severity: 'error',
      comment: 'The pub/sub transport carries domain values; combining it with the database is a service job.',
      from: { path: '^src/events/' },
      to: { path: [LAYERS_ABOVE_ADAPTERS, '^src/(db|chain)/'] },
    },
    {
      name: 'chain-sits-on-the-domain-only',
      severity: 'error',
      comment: 'The simulated chain is an adapter like the database: domain values in, outcomes out.',
      from: { path: '^src/chain/' },
      to: { path: [LAYERS_ABOVE_ADAPTERS, '^src/(db|events)/'] },
    },
    {
      name: 'metrics-sit-on-the-domain-only',
      severity: 'error',
      comment: 'Metrics are recorded by every layer, so they may know none of them (only domain types).',
      from: { path: '^src/metrics/' },
      to: { path: [LAYERS_ABOVE_ADAPTERS, '^src/(db|events|chain)/'] },
    },
    {
      name: 'services-do-not-reach-up',
      severity: 'error',
      comment: 'Services are called by the API and the jobs; they get the queue as a dependency, never import it.',
      from: { path: '^src/services/' },
      to: { path: '^src/(jobs|graphql|http|runtime|app|main)' },
    },
    {
      name: 'jobs-do-not-reach-the-api',
      severity: 'error',
      from: { path: '^src/jobs/' },
      to: { path: '^src/(graphql|http|runtime|app|main)' },
    },
    {
      name: 'graphql-talks-to-services-only',
      severity: 'error',
      comment: 'Resolvers call the service contract; they never touch Kysely, BullMQ or Redis.',
      from: { path: '^src/graphql/' },
      to: { path: ['^src/(db|events|chain|jobs|http|runtime|app|main)'] },
    },
    {
      name: 'http-sits-below-the-app',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: ['^src/(db|events|chain|jobs|runtime|app|main)'] },
    },
    {
      name: 'backend-layers-know-no-graphql',
      severity: 'error',
      comment: 'GraphQL is one way in; the layers under it would serve a CLI or another API unchanged.',
      from: { path: '^src/(db|events|chain|services|jobs)/' },
      to: { path: 'node_modules/(graphql|graphql-yoga|graphql-ws|ws|@pothos/[^/]+|@envelop/[^/]+)/' },
    },
    {
      name: 'only-entry-points-wire-the-runtime',
      severity: 'error',
      comment: 'runtime.ts and app.ts assemble the process; only main.ts (and tests) may import them.',
      from: { path: '^src/', pathNot: '^src/(main|app|runtime)\\.ts$' },
      to: { path: '^src/(main|app|runtime)\\.ts$' },
    },
    {
      name: 'nothing-imports-main',
      severity: 'error',
      from: {},
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'generated-client-stands-alone',
      severity: 'error',
      comment: 'The typed client is generated and shipped to users: it imports nothing of the server.',
      from: { path: '^src/client/' },
      to: { path: '^src/', pathNot: '^src/client/' },
    },
    {
      name: 'strategy-runner-is-an-api-client',
      severity: 'error',
      comment: 'A live strategy trades with an account key through the public API only: never the database, Redis, the queue or the server.',
      from: { path: '^src/strategy-runner/' },
      to: { path: ['^src/(db|events|chain|services|jobs|graphql|http|runtime|app|main)', 'node_modules/(ioredis|bullmq|kysely|better-sqlite3|pg)/'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json', '.d.ts'], mainFields: ['module', 'main', 'types', 'typings'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
