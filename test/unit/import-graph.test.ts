import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The layout's rules, checked on the code: no import cycle among the modules of src/
 * (type-only imports aside: they vanish at compile time), and no import from a lower layer
 * to a higher one. The layers, lowest first: domain; the rest of the hub's logic (entities,
 * auth, features, metrics); schema (the API's types); resolvers; the HTTP server and the
 * composition root (runtime.ts); the command line.
 */

const SRC = path.resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** The modules of src/ a file imports at run time (relative imports and re-exports that are not type-only). */
function runtimeImports(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const out: string[] = [];
  for (const st of sf.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause && !clause.name && named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
      spec = st.moduleSpecifier;
    } else if (ts.isExportDeclaration(st) && !st.isTypeOnly) spec = st.moduleSpecifier;
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.'))
      out.push(path.resolve(path.dirname(file), spec.text.replace(/\.js$/, '.ts')));
  }
  return out;
}

const graph = new Map(sources(SRC).map((f) => [f, runtimeImports(f)]));
const rel = (f: string) => path.relative(SRC, f);

/** Strongly connected components of more than one module (Tarjan). */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  let n = 0;
  const visit = (v: string) => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(rel(w));
      } while (w !== v);
      if (c.length > 1) found.push(c.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/**
 * The layer of a module: higher layers may import lower ones, never the reverse. runtime.ts
 * builds the services (the composition root, beside the server); identity/routes.ts is the
 * identity feature's HTTP routes, mounted by the server.
 */
function layer(file: string): number {
  const top = rel(file).split(path.sep)[0];
  if (rel(file) === path.join('identity', 'routes.ts')) return 4;
  if (top === 'runtime.ts') return 4;
  if (top === 'domain') return 0;
  if (top === 'schema') return 2;
  if (top === 'resolvers') return 3;
  if (top === 'server' || top === 'app.ts') return 4;
  if (top === 'cli' || top === 'main.ts') return 5;
  return 1;
}

describe('the import graph of src/', () => {
  it('has no cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('imports only downward: domain, logic, schema, resolvers, server, command line', () => {
    const upward = [...graph].flatMap(([from, tos]) =>
      tos.filter((to) => graph.has(to) && layer(to) > layer(from)).map((to) => `${rel(from)} -> ${rel(to)}`),
    );
    expect(upward).toEqual([]);
  });
});
