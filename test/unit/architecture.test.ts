/**
 * The architecture, checked: the domain imports no framework and no I/O, the layers below GraphQL
 * never import it, and no module imports itself through a cycle. Reads the sources as text, so it
 * also catches type-only imports that would drag a layer along.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]/g;

/** Every module under src/ (generated client excluded) with the specifiers it imports. */
const modules = new Map<string, string[]>(
  walk(SRC)
    .filter((f) => !f.startsWith(join(SRC, 'client')))
    .map((file) => [relative(ROOT, file), [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? '')]),
);

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(ROOT, resolve(ROOT, dirname(from), spec)).replace(/\.js$/, '.ts');
}

function importsOf(prefix: string): { file: string; spec: string; target: string | undefined }[] {
  return [...modules]
    .filter(([file]) => file.startsWith(prefix))
    .flatMap(([file, specs]) => specs.map((spec) => ({ file, spec, target: resolveLocal(file, spec) })));
}

describe('architecture', () => {
  it('finds the modules it checks', () => {
    expect(modules.size).toBeGreaterThan(40);
    expect([...modules.keys()].filter((f) => f.startsWith('src/domain/')).length).toBeGreaterThan(10);
  });

  it('keeps the domain free of frameworks, I/O and outer layers', () => {
    const offending = importsOf('src/domain/').filter(({ spec, target }) =>
      target === undefined ? true : !target.startsWith('src/domain/'),
    );
    expect(offending).toEqual([]);
  });

  it('keeps db, events, jobs and services independent of GraphQL and HTTP', () => {
    const offending = ['src/db/', 'src/events/', 'src/jobs/', 'src/services/'].flatMap((layer) =>
      importsOf(layer).filter(
        ({ spec, target }) =>
          /^(graphql|graphql-yoga|@pothos\/|graphql-ws|ws)(\/|$)/.test(spec) ||
          (target !== undefined && /^src\/(graphql|http|app\.ts)/.test(target)),
      ),
    );
    expect(offending).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map([...modules].map(([file, specs]) => [file, specs.map((s) => resolveLocal(file, s)).filter((t): t is string => t !== undefined && modules.has(t))]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[][] = [];
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(node)), node]);
        return;
      }
      state.set(node, 'visiting');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
