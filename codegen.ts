import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The typed client (client-preset) generated from the printed schema and the documents clients use.
 * Run through `npm run generate` (scripts/generate.ts), which prints the schema first.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: 'schema/operations/*.graphql',
  ignoreNoDocuments: false,
  generates: {
    'src/client/': {
      preset: 'client',
      presetConfig: {
        // Documents select plain fields; fragments exist for reuse, not for data masking.
        fragmentMasking: false,
      },
      config: {
        // "type": "module" + NodeNext: relative imports need their extension.
        importExtension: '.js',
        useTypeImports: true,
        // String unions instead of TS enums: no runtime code, and plain strings compare directly.
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        skipTypename: true,
      },
    },
  },
};

export default config;
