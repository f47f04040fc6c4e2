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

/**
 * Source with comments and the text of string literals blanked out (template-literal
 * substitutions are kept: they are code). Good enough for the domain's own sources.
 */
function stripCommentsAndStrings(src: string): string {
  let out = '';
  let i = 0;
  const depth: number[] = []; // brace depth at each open template substitution
  let braces = 0;
  while (i < src.length) {
    const c = src[i]!;
    const n = src[i + 1];
    if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && n === '*') {
      i = src.indexOf('*/', i + 2);
      i = i < 0 ? src.length : i + 2;
    } else if (c === "'" || c === '"') {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
      i++;
      out += `${c}${c}`;
    } else if (c === '`' || (c === '}' && depth.length > 0 && depth[depth.length - 1] === braces)) {
      // A template: skip its text up to the end or to the next substitution.
      if (c === '}') depth.pop();
      i++;
      while (i < src.length && src[i] !== '`' && !(src[i] === '$' && src[i + 1] === '{')) i += src[i] === '\\' ? 2 : 1;
      if (src[i] === '$') {
        depth.push(braces);
        i += 2;
      } else i++;
      out += '``';
    } else {
      if (c === '{') braces++;
      if (c === '}') braces--;
      out += c;
      i++;
    }
  }
  return out;
}

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

  it('keeps the domain free of ambient time, randomness, process state, network and timers', () => {
    // Clock and RNG are parameters of the domain (nowSec, Rng): nothing in it may read the wall
    // clock, draw unseeded randomness, look at the process, or schedule work. Comments and string
    // literals are stripped first, so prose may still mention these names.
    const forbidden: readonly [string, RegExp][] = [
      ['Date.now', /\bDate\s*\.\s*now\b/],
      ['new Date(', /\bnew\s+Date\s*\(/],
      ['Date(', /(?<![\w.])Date\s*\(/],
      ['Math.random', /\bMath\s*\.\s*random\b/],
      ['crypto', /\bcrypto\s*\.\s*(getRandomValues|randomUUID|randomBytes)\b/],
      ['performance.now', /\bperformance\s*\.\s*now\b/],
      ['process.', /\bprocess\s*\./],
      ['fetch(', /(?<![\w.])fetch\s*\(/],
      ['setTimeout', /\bsetTimeout\b/],
      ['setInterval', /\bsetInterval\b/],
      ['setImmediate', /\bsetImmediate\b/],
      ['queueMicrotask', /\bqueueMicrotask\b/],
    ];
    const offending: string[] = [];
    for (const file of walk(join(SRC, 'domain'))) {
      const code = stripCommentsAndStrings(readFileSync(file, 'utf8'));
      for (const [name, re] of forbidden) if (re.test(code)) offending.push(`${relative(ROOT, file)}: ${name}`);
    }
    expect(offending).toEqual([]);
  });

  it('the ambient-state scan sees through nothing it should not (self-check)', () => {
    expect(stripCommentsAndStrings('const t = Date.now(); // Math.random')).toContain('Date.now');
    expect(stripCommentsAndStrings('/* Date.now() */ const s = "process.env";')).not.toMatch(/Date\.now|process\./);
    expect(stripCommentsAndStrings('const s = `at ${Math.random()}`;')).toContain('Math.random');
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
