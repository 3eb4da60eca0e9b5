// Airflow 2 answers a log read as JSON whose `content` is Python's str() of a list of
// (host, text) tuples: `[('worker-1', '*** Found local files:\n[2026-…] INFO - …')]` (the API's
// schema makes it a plain string). That JSON form is the only one that carries the continuation
// token, so the literal is parsed here: lists, tuples, None, and str literals with the escapes
// repr() writes (\\ \' \" \n \r \t \xhh \uhhhh \Uhhhhhhhh) plus the rest of Python's set.
import { BadResponse } from '../core/errors.js';

export interface HostLog {
  host: string;
  text: string;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

export function parsePythonLogContent(content: string): HostLog[] {
  let i = 0;
  const fail = (why: string): never => {
    throw new BadResponse(
      `Airflow's log answer could not be read (${why} at character ${i}): its content is not the list of (host, log) pairs Airflow 2 sends`,
    );
  };
  const space = () => {
    while (i < content.length && /\s/.test(content[i] as string)) i++;
  };
  const expect = (char: string) => {
    space();
    if (content[i] !== char) fail(`expected ${char}`);
    i++;
  };
  const string = (): string | null => {
    space();
    if (content.startsWith('None', i)) {
      i += 4;
      return null;
    }
    const quote = content[i];
    if (quote !== "'" && quote !== '"') return fail('expected a string');
    i++;
    let out = '';
    let start = i;
    for (;;) {
      const next = content.indexOf('\\', i);
      const end = content.indexOf(quote, i);
      if (end < 0) return fail('unterminated string');
      if (next < 0 || end < next) {
        out += content.slice(start, end);
        i = end + 1;
        return out;
      }
      out += content.slice(start, next);
      const kind = content[next + 1] ?? '';
      i = next + 2;
      const simple = SIMPLE_ESCAPES[kind];
      if (simple !== undefined) {
        out += simple;
      } else if (kind === 'x' || kind === 'u' || kind === 'U') {
        const digits = kind === 'x' ? 2 : kind === 'u' ? 4 : 8;
        const hex = content.slice(i, i + digits);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return fail('bad escape');
        const code = Number.parseInt(hex, 16);
        if (code > 0x10ffff) return fail('bad escape');
        out += String.fromCodePoint(code);
        i += digits;
      } else if (/[0-7]/.test(kind)) {
        const octal = /^[0-7]{1,3}/.exec(content.slice(next + 1, next + 4))?.[0] ?? '0';
        out += String.fromCodePoint(Number.parseInt(octal, 8));
        i = next + 1 + octal.length;
      } else {
        // Python keeps an unknown escape as written.
        out += `\\${kind}`;
      }
      start = i;
    }
  };

  const logs: HostLog[] = [];
  expect('[');
  space();
  while (content[i] !== ']') {
    expect('(');
    const host = string();
    expect(',');
    const text = string();
    space();
    if (content[i] === ',') i++;
    expect(')');
    logs.push({ host: host ?? '', text: text ?? '' });
    space();
    if (content[i] === ',') {
      i++;
      space();
    } else if (content[i] !== ']') {
      fail('expected , or ]');
    }
  }
  i++;
  space();
  if (i < content.length) fail('unexpected text after the list');
  return logs;
}
