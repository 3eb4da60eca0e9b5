// The UI renders what the backends offer and the core tables say, never a switch on a backend's
// name (issue 15: "ui/ never names a backend kind"). This scans the UI's code, comments left out,
// for a kind written as a string or read as a property, and names each place as file:line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What is scanned: files, or folders scanned whole. The home screen, the header and the App are
 * neutral now; the other screens join this list as they become so, until it is `['source/ui']`.
 */
const SCANNED: readonly string[] = [
  'source/ui/App.tsx',
  'source/ui/appReducer.ts',
  'source/ui/consoleSetup.ts',
  'source/ui/components/Header.tsx',
  'source/ui/screens/HomeScreen.tsx',
  'source/ui/screens/home',
  'source/ui/hooks/useFailureReasons.ts',
  'source/ui/hooks/usePaneRows.ts',
];

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
