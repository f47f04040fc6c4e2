import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 has no "exports" map: Node (and so production) loads its CommonJS build everywhere,
// while Vite's resolver would hand our sources the ".mjs" build next to the CommonJS copy that
// dependencies (Pothos, yoga) load. Two copies break instanceof checks ("Cannot use GraphQLSchema
// from another module or realm"), so tests resolve graphql the way Node does.
const graphqlCjs = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: {
    alias: [{ find: /^graphql$/, replacement: graphqlCjs }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup-fast-check.ts'],
    // Integration tests share one Redis and one machine with 2 cores: keep files parallel but bounded.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
