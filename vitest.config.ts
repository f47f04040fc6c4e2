import { createRequire } from 'node:module';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { postgresAnswers, TEST_DATABASE_URL } from './test/helpers/database.js';

// graphql 16 has no "exports" map: Node (and so production) loads its CommonJS build everywhere,
// while Vite's resolver would hand our sources the ".mjs" build next to the CommonJS copy that
// dependencies (Pothos, yoga) load. Two copies break instanceof checks ("Cannot use GraphQLSchema
// from another module or realm"), so tests resolve graphql the way Node does.
const graphqlCjs = createRequire(import.meta.url).resolve('graphql');

/** Integration files that test the SQLite engine itself (under the storage port): run once. */
const SQLITE_ONLY = ['test/integration/perf-market-batch.test.ts', 'test/integration/perf-events.test.ts', 'test/integration/processes.test.ts', 'test/integration/limits-processes.test.ts'];
/** Files that touch no storage engine at all: run once. */
const ENGINE_FREE = ['test/integration/redis-bootstrap.test.ts', 'test/integration/startup.test.ts', 'test/integration/socket-quota.test.ts'];

const shared = {
  setupFiles: ['test/setup-fast-check.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

const postgresProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'postgres',
    include: ['test/integration/**/*.test.ts'],
    exclude: [...SQLITE_ONLY, ...ENGINE_FREE],
    env: { TEST_ENGINE: 'postgres', TEST_DATABASE_URL },
    ...shared,
  },
};

// The PostgreSQL run of the integration suite happens when a server answers (CI makes sure one
// does); without one it is left out, and says so.
const postgres = await postgresAnswers();
if (!postgres) process.stderr.write(`vitest: no PostgreSQL at ${TEST_DATABASE_URL}: the integration suite runs on SQLite only\n`);

export default defineConfig({
    resolve: {
      alias: [{ find: /^graphql$/, replacement: graphqlCjs }],
    },
    test: {
      // Integration tests share one Redis and one machine with 2 cores: keep files parallel but bounded.
      maxWorkers: 2,
      projects: [
        { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], ...shared } },
        { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], ...shared } },
        {
          extends: true,
          test: { name: 'sqlite', include: ['test/integration/**/*.test.ts'], env: { TEST_ENGINE: 'sqlite' }, ...shared },
        },
        ...(postgres ? [postgresProject] : []),
      ],
    },
});
