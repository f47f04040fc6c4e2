/**
 * `npm run generate`: prints schema/schema.graphql from the code-first schema, then generates the
 * typed client in src/client from schema/operations. Deterministic (sorted schema, no timestamps),
 * so CI regenerates and fails on any diff.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { lexicographicSortSchema, printSchema } from 'graphql';
import config from '../codegen.js';
import { schema } from '../src/graphql/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root); // codegen.ts paths are relative to the repository root

const schemaFile = join(root, 'schema', 'schema.graphql');
const sdl = `${printSchema(lexicographicSortSchema(schema))}\n`;
await mkdir(dirname(schemaFile), { recursive: true });
const previous = await readFile(schemaFile, 'utf8').catch(() => undefined);
if (previous !== sdl) await writeFile(schemaFile, sdl);

await generate({ ...config, silent: true }, true);
console.log('generated schema/schema.graphql and src/client/');
