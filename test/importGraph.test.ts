// The import graph of source/ and cli.tsx (issue 15: "the import graph has no cycle"): every
// relative import, type-only and dynamic ones included, since a cycle through a type import is
// still two files that cannot be read apart. Also the dependency direction of the layers where
// it is a rule: the UI sees core only, core sees nothing of ours, and the commands reach the backends
// through the composition root (source/app/), never by building them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'source');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The file a relative specifier names (`./x.js` is x.ts or x.tsx), or undefined for a package. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => existsSync(path));
}

/** File → the files it imports, keyed and valued by paths relative to the repository. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    // With dynamic imports: the lazy import() calls that keep --help fast are edges too.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => resolveImport(file, imported.fileName))
      .filter((target): target is string => target !== undefined);
    graph.set(
      relative(ROOT, file),
      targets.map((target) => relative(ROOT, target)),
    );
  }
  return graph;
}

/** Every cycle, each as the path that closes it (a → b → a), found by a depth-first search. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (file: string): void => {
    if (onPath.has(file)) {
      found.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    if (done.has(file)) return;
    onPath.add(file);
    path.push(file);
    for (const target of graph.get(file) ?? []) visit(target);
    path.pop();
    onPath.delete(file);
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return found;
}

/** The top-level folder under source/ ("ui", "core"...) of a repository path. */
function layer(path: string): string {
  const [top, folder] = path.split('/');
  return top === 'source' && folder !== undefined && !folder.includes('.') ? folder : path;
}

/** The imports that leave `from` for a layer not in `allowed`, as "file → target". */
function crossings(graph: ReadonlyMap<string, readonly string[]>, from: string, allowed: readonly string[]) {
  return [...graph].flatMap(([file, targets]) =>
    layer(file) !== from
      ? []
      : targets.filter((target) => !allowed.includes(layer(target))).map((target) => `${file} → ${target}`),
  );
}

const graph = importGraph([...sourceFiles(SOURCE), join(ROOT, 'cli.tsx')]);

describe('the import graph of source/', () => {
  it('is read whole: the program, the console start and the backends are in it', () => {
    expect(graph.get('cli.tsx')).toContain('source/cli/program.ts');
    expect(graph.get('source/cli/program.ts')).toContain('source/app/openConsole.tsx');
    expect(graph.get('source/app/openConsole.tsx')).toContain('source/app/runConsole.tsx');
    expect(graph.size).toBeGreaterThan(200);
  });

  it('finds a cycle when there is one (the search itself is checked)', () => {
    const looped = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(looped)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('has no cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps the UI on core, core on nothing of ours, and the commands off the UI and the backends', () => {
    expect(crossings(graph, 'ui', ['ui', 'core'])).toEqual([]);
    expect(crossings(graph, 'core', ['core'])).toEqual([]);
    expect(
      crossings(graph, 'cli', [
        'cli',
        'app',
        'core',
        'config',
        'credentials',
        'audit',
        'sim',
        'source/version.ts',
      ]).filter(
        // `context add` stores the host in the form every client uses.
        (crossing) => !crossing.endsWith('source/databricks/auth/normalizeHost.ts'),
      ),
    ).toEqual([]);
  });
});
