// The UI renders what the backends offer and the core tables say, never a switch on a backend's
// name (issue 15: "ui/ never names a backend kind"). This scans the UI's code, comments left out,
// for a kind written as a string or read as a property, and names each place as file:line. Nor does
// it call a backend ("nothing under ui/ calls a backend method"): the session's stores and core's
// queries do, so the UI is scanned for calls of the Backend interface's methods too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Every file of the UI is scanned. */
const SCANNED: readonly string[] = ['source/ui'];

/** A kind as a string ('airflow', "databricks") or as a property (`.airflow`, `?.databricks`). */
const KIND_NAME = /(['"`])(airflow|databricks)\1|\.(airflow|databricks)\b/g;

/** The source with its comments blanked (newlines kept, so line numbers stay true); strings kept. */
function withoutComments(source: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i] ?? '';
    const next = source[i + 1];
    if (quote) {
      out += char;
      if (char === '\\') {
        out += next ?? '';
        i += 1;
      } else if (char === quote) quote = undefined;
    } else if (char === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i += 1;
      out += '\n';
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop - 1;
    } else {
      if (char === "'" || char === '"' || char === '`') quote = char;
      out += char;
    }
  }
  return out;
}

/** Each place `source` names a backend kind outside comments, as "line: text". */
function kindNames(source: string): string[] {
  const found: string[] = [];
  withoutComments(source)
    .split('\n')
    .forEach((line, index) => {
      for (const match of line.matchAll(KIND_NAME)) found.push(`${index + 1}: ${match[0]}`);
    });
  return found;
}

function filesIn(path: string): string[] {
  const full = join(root, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => filesIn(join(path, name)));
}

describe('the UI never names a backend kind', () => {
  it('finds a kind in code and ignores it in comments (the scanner can fail)', () => {
    const sample = [
      "// 'airflow' in a comment",
      "const a = kind === 'airflow';",
      '/* .databricks in a block',
      "   'databricks' */ const b = backends.databricks;",
      'const c = <Line kind="airflow" />;',
      "const d = 'an airflow DAG' + `http://x/`;",
    ].join('\n');
    expect(kindNames(sample)).toEqual(["2: 'airflow'", '4: .databricks', '5: "airflow"']);
  });

  it('in the scanned files', () => {
    const files = SCANNED.flatMap(filesIn).filter((file) => /\.tsx?$/.test(file));
    expect(files.length).toBeGreaterThan(0);
    const places = files.flatMap((file) =>
      kindNames(readFileSync(join(root, file), 'utf8')).map((place) => `${relative('.', file)}:${place}`),
    );
    expect(places).toEqual([]);
  });
});

/** The methods of a core interface, read from its source so the list cannot go stale. */
function methodsOf(file: string, name: string): string[] {
  const source = withoutComments(readFileSync(join(root, file), 'utf8'));
  const body = new RegExp(`export interface ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? '';
  return [...body.matchAll(/^ {2}(\w+)\??\(/gm)].map((match) => match[1] ?? '');
}

/**
 * Each place `source` calls one of `methods` (`.name(`, `?.name(`) outside comments, as
 * "line: text". The write flow shares two names with the backend (preview, execute) and the write
 * dialog calls them on the flow, which calls the backend: a call of a flow method on `flow` is not one.
 */
function methodCalls(source: string, methods: readonly string[], flowMethods: readonly string[]): string[] {
  const call = new RegExp(`(\\w*)\\??\\.(${methods.join('|')})\\(`, 'g');
  const found: string[] = [];
  withoutComments(source)
    .split('\n')
    .forEach((line, index) => {
      for (const match of line.matchAll(call)) {
        const [text, receiver, method = ''] = match;
        if (receiver === 'flow' && flowMethods.includes(method)) continue;
        found.push(`${index + 1}: ${text}`);
      }
    });
  return found;
}

describe("the UI never calls a backend method (its stores and queries are the session's)", () => {
  const methods = methodsOf('source/core/backend.ts', 'Backend');
  const flowMethods = methodsOf('source/core/writeFlow.ts', 'WriteFlow');

  it('reads the method names of the Backend interface', () => {
    expect(methods).toEqual(expect.arrayContaining(['listWorkflows', 'getTriggerParams', 'execute']));
    expect(methods.length).toBeGreaterThan(15);
    expect(flowMethods).toEqual(expect.arrayContaining(['preview', 'execute']));
  });

  it('finds a call in code and ignores it in comments (the scanner can fail)', () => {
    const sample = [
      '// backend.listRuns(id)',
      'const a = await backend.listRuns(id);',
      'const b = backends[kind]?.getRun(id, run);',
      'const c = listRuns;',
      'flow.preview(plan); backend.preview(action);',
    ].join('\n');
    expect(methodCalls(sample, methods, flowMethods)).toEqual([
      '2: backend.listRuns(',
      '3: ?.getRun(',
      '5: backend.preview(',
    ]);
  });

  it('in every file of the UI', () => {
    const files = filesIn('source/ui').filter((file) => /\.tsx?$/.test(file));
    const places = files.flatMap((file) =>
      methodCalls(readFileSync(join(root, file), 'utf8'), methods, flowMethods).map(
        (place) => `${relative('.', file)}:${place}`,
      ),
    );
    expect(places).toEqual([]);
  });
});
