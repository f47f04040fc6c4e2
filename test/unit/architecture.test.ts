/**
 * The architecture, checked inside `npm test`:
 * - the import direction between layers and the absence of cycles, by dependency-cruiser with the
 *   repository's rules (.dependency-cruiser.cjs: one rule per forbidden direction);
 * - the domain's ban on ambient time, randomness, process state, network and timers, which no
 *   import graph shows, by walking the TypeScript syntax tree of every domain file.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

/** Runs dependency-cruiser from `cwd` over its src/; the violations it reports, one per line. */
function violations(cwd: string): string[] {
  try {
    execFileSync(DEPCRUISE, ['src', '--config', CONFIG, '--output-type', 'err'], { cwd, encoding: 'utf8', stdio: 'pipe' });
    return [];
  } catch (e) {
    const out = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`;
    const lines = out.split('\n').filter((l) => /^\s*error /.test(l)).map((l) => l.trim());
    if (lines.length === 0) throw e; // the tool itself failed
    return lines;
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Globals the domain may not touch at all: the process, the network, and every way to schedule work. */
const FORBIDDEN_GLOBALS = new Set(['process', 'fetch', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'globalThis', 'require', 'performance', 'crypto']);

/** Uses of ambient state in one source text: `name@line` for each. */
function ambientUses(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string): void => {
    found.push(`${what}@${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const owner = node.expression.text;
      const name = node.name.text;
      if ((owner === 'Date' && name === 'now') || (owner === 'Math' && name === 'random')) at(node, `${owner}.${name}`);
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'Date') {
      at(node, ts.isNewExpression(node) ? 'new Date()' : 'Date()');
    }
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text)) {
      const parent = node.parent;
      // A property or member that merely shares the name (`x.process`, `{ fetch: … }`) is not the global.
      const isMemberName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === node);
      if (!isMemberName) at(node, node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('architecture', () => {
  it('every import points the intended way, with no cycles (dependency-cruiser)', () => {
    expect(violations(ROOT)).toEqual([]);
  }, 60_000);

  it('the rules bite: a database module importing a service, and the domain importing node:fs, are reported', () => {
    const found = violations(join(ROOT, 'test/fixtures/architecture'));
    expect(found.some((l) => l.includes('db-sits-on-the-domain-only') && l.includes('src/db/repo.ts'))).toBe(true);
    expect(found.some((l) => l.includes('domain-uses-no-node-builtins') && l.includes('src/domain/clock.ts'))).toBe(true);
  }, 60_000);

  it('keeps the domain free of ambient time, randomness, process state, network and timers', () => {
    // Clock and RNG are parameters of the domain (nowSec, Rng): nothing in it may read the wall
    // clock, draw unseeded randomness, look at the process, or schedule work.
    const offending = walk(join(ROOT, 'src/domain')).flatMap((file) =>
      ambientUses(file, readFileSync(file, 'utf8')).map((use) => `${relative(ROOT, file)}: ${use}`),
    );
    expect(offending).toEqual([]);
  });

  it('reads the environment only in src/config.ts', () => {
    const readers = walk(join(ROOT, 'src'))
      .filter((file) => /\bprocess\s*\.\s*env\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(readers).toEqual(['src/config.ts']);
  });

  it('the ambient-state scan sees code, not prose or names that merely match', () => {
    expect(ambientUses('a.ts', 'const t = Date.now(); // Math.random')).toEqual(['Date.now@1']);
    expect(ambientUses('a.ts', '/* Date.now() */ const s = "process.env"; const o = { fetch: 1 }; o.process;')).toEqual([]);
    expect(ambientUses('a.ts', 'const s = `at ${Math.random()}`;\nsetTimeout(f, 1);\nnew Date();')).toEqual(['Math.random@1', 'setTimeout@2', 'new Date()@3']);
  });
});
