// A newcomer's clone holds only this repository, so a comment must explain in its own words: it may
// not send the reader to a notes file that is not here (`<name>.md` other than a README or a file of
// docs/), to a section mark (§) or to an issue number of a tracker they cannot see. Upstream bugs a
// reader can look up publicly stay allowed: `owner/repo#N` and `<project> issue #N`. Only comments
// are read (through the TypeScript parser for code, `#` lines for Python and shell), never string
// literals: a message or a test fixture may quote whatever it needs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** What is scanned, relative to the repository; test/ is not (its names may carry provenance). */
const SCANNED = ['source', 'cli.tsx', 'scripts', 'bench'] as const;

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
};
const HASH_COMMENTED = new Set(['.py', '.sh']);

/** Words that, before "issue #N", say it is ours rather than a project's ("see issue #4"). */
const NOT_A_PROJECT = new Set([
  'a',
  'an',
  'the',
  'this',
  'that',
  'see',
  'per',
  'our',
  'of',
  'in',
  'from',
  'and',
  'or',
]);

interface Comment {
  line: number;
  text: string;
}

interface Finding {
  file: string;
  line: number;
  why: string;
  text: string;
}

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : files(join(path, entry.name)),
  );
}

/** Every comment of a JS/TS file, found by the parser so strings, templates and regexes are skipped. */
function codeComments(text: string, kind: ts.ScriptKind): Comment[] {
  const source = ts.createSourceFile('scanned', text, ts.ScriptTarget.Latest, true, kind);
  const seen = new Set<number>();
  const comments: Comment[] = [];
  const collect = (ranges: readonly ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      const body = text.slice(range.pos, range.end);
      const first = source.getLineAndCharacterOfPosition(range.pos).line;
      body.split('\n').forEach((lineText, index) => {
        comments.push({ line: first + index + 1, text: lineText });
      });
    }
  };
  const visit = (node: ts.Node): void => {
    // Tokens carry the comments before and after them as trivia; every token is a leaf here.
    const children = node.getChildren(source);
    if (children.length === 0 || node.kind === ts.SyntaxKind.EndOfFileToken) {
      collect(ts.getLeadingCommentRanges(text, node.getFullStart()));
      collect(ts.getTrailingCommentRanges(text, node.getEnd()));
    }
    for (const child of children) visit(child);
  };
  visit(source);
  return comments.sort((a, b) => a.line - b.line);
}

/** `#` comments of Python and shell: from a `#` at the line start or after a space, outside quotes. */
function hashComments(text: string): Comment[] {
  return text.split('\n').flatMap((lineText, index) => {
    let quote: string | undefined;
    for (let at = 0; at < lineText.length; at++) {
      const char = lineText[at];
      if (quote !== undefined) {
        if (char === '\\') at++;
        else if (char === quote) quote = undefined;
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '#' && (at === 0 || /\s/.test(lineText[at - 1] ?? ''))) {
        return [{ line: index + 1, text: lineText.slice(at) }];
      }
    }
    return [];
  });
}

function commentsOf(text: string, extension: string): Comment[] {
  const kind = SCRIPT_KINDS[extension];
  if (kind !== undefined) return codeComments(text, kind);
  if (HASH_COMMENTED.has(extension)) return hashComments(text);
  return [];
}

/** Why a comment line points outside the repository, or undefined when it stands alone. */
function citation(text: string, docs: ReadonlySet<string>): string | undefined {
  if (text.includes('§')) return 'a section mark (§)';
  for (const match of text.matchAll(/([\w./-]*?)([\w-]+\.md)\b/g)) {
    const [, dir, name] = match;
    if (name === 'README.md') continue;
    if ((dir === 'docs/' || dir === '') && docs.has(name ?? '')) continue;
    return `a notes file (${dir}${name})`;
  }
  for (const match of text.matchAll(/\bissues?\s+(#?)\d+/gi)) {
    // The word right before, with only spaces between: "databricks-sdk-go issue #873" names a project.
    const project = /([\w./-]+) +$/.exec(text.slice(0, match.index))?.[1]?.toLowerCase() ?? '';
    if (match[1] === '#' && /^[a-z]/.test(project) && !NOT_A_PROJECT.has(project)) continue;
    return `an issue number (${match[0]})`;
  }
  return undefined;
}

function scan(paths: readonly string[], docs: ReadonlySet<string>): Finding[] {
  return paths.flatMap((path) =>
    files(join(ROOT, path)).flatMap((file) =>
      commentsOf(readFileSync(file, 'utf8'), extname(file)).flatMap((comment) => {
        const why = citation(comment.text, docs);
        return why === undefined
          ? []
          : [{ file: relative(ROOT, file), line: comment.line, why, text: comment.text }];
      }),
    ),
  );
}

const DOCS = new Set(readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')));

describe('the repository stands on its own', () => {
  it('no comment cites a notes file, a section mark or an issue number', () => {
    const findings = scan(SCANNED, DOCS).map(
      (finding) => `${finding.file}:${finding.line}: ${finding.why}: ${finding.text.trim()}`,
    );
    expect(findings).toEqual([]);
  });

  it('scans every scanned path that exists', () => {
    for (const path of SCANNED) expect(existsSync(join(ROOT, path)), path).toBe(true);
  });
});

describe('the comment scanner', () => {
  const sample = [
    '// The chain (security-reliability.md §1.5, issue 4 "Credentials").',
    "const message = 'see issue 4 and notes.md §2';",
    // A template with a placeholder, built in two parts so no linter takes it for a slip.
    'const template = `issue $' + '{4} in tui-anchors.md`;',
    'const pattern = /issue 5|§/;',
    '/** Colours follow the states (issue 5). */',
    'export const x = 1; // databricks-sdk-go issue #873, cli/cli#7757, docs/review-json.md, README.md',
    '/*',
    ' * layout from ink-style.md',
    ' */',
    '// Issue 12 asked for it.',
    '// See issue #9.',
  ].join('\n');

  it('catches citations in comments, with their lines', () => {
    const found = commentsOf(sample, '.ts').flatMap((comment) => {
      const why = citation(comment.text, new Set(['review-json.md']));
      return why === undefined ? [] : [comment.line];
    });
    expect(found).toEqual([1, 5, 8, 10, 11]);
  });

  it('ignores string literals, template literals and regexes', () => {
    const texts = commentsOf(sample, '.ts').map((comment) => comment.text);
    expect(texts.some((text) => text.includes('notes.md'))).toBe(false);
    expect(texts.some((text) => text.includes('tui-anchors'))).toBe(false);
    expect(texts.some((text) => text.includes('issue 5|'))).toBe(false);
  });

  it('reads # comments of Python and shell, not quoted #', () => {
    const python = ['x = "# issue 4"', '# from security-reliability.md', 'y = 1  # gh issue 7'].join('\n');
    expect(commentsOf(python, '.py').map((comment) => comment.line)).toEqual([2, 3]);
    expect(commentsOf(python, '.py').filter((comment) => citation(comment.text, new Set())).length).toBe(2);
  });

  it('allows the docs of this repository by bare name too', () => {
    expect(citation('// see architecture.md', new Set(['architecture.md']))).toBeUndefined();
    expect(citation('// see DESIGN.md', new Set(['architecture.md']))).toBe('a notes file (DESIGN.md)');
  });
});
