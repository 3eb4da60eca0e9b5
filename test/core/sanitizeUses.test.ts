// One sanitiser for every place server text is shown or written (issue 15): the console's log
// text and names, the command-line tables and the debug log file all take it from core/sanitize.ts,
// and none lets a C0 or C1 control, an escape sequence or a bidi control through.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderTable } from '../../source/cli/table.js';
import { readConfigFile } from '../../source/config/read-config-file.js';
import { DEBUG_LOG_NAME, openDebugLog } from '../../source/core/debug-log.js';
import { sanitize, sanitizeFileText, sanitizeName } from '../../source/core/sanitize.js';

const dir = mkdtempSync(join(tmpdir(), 'dagdeck-sanitize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What each use makes of `text`. */
const uses: Record<string, (text: string) => string> = {
  'log text (sanitize)': (text) => sanitize(text),
  'names (sanitizeName)': sanitizeName,
  'debug log file (sanitizeFileText)': sanitizeFileText,
  'command-line table (renderTable)': (text) => renderTable(['NAME'], [[text]], { maxWidth: 200 }),
  'config file problems (readConfigFile)': (text) => {
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, contexts: { [`x${text}`]: {} } }));
    const state = readConfigFile(path);
    return state.kind === 'problem' ? state.error.message : '';
  },
  'debug log (openDebugLog)': (text) => {
    const path = join(dir, DEBUG_LOG_NAME);
    rmSync(path, { force: true });
    openDebugLog({ dir, enabled: true, now: () => new Date(0) }).write(text);
    return readFileSync(path, 'utf8');
  },
};

const hostile: Record<string, string> = {
  'C0 (NUL, BEL, BS, VT, FF)': 'a\u0000b\u0007c\u0008d\u000be\u000cf',
  'C1 (CSI, OSC, NEL, DCS)': 'a\u009b2Jb\u009d0;pwned\u009cc\u0085d\u0090q\u009ce',
  'ESC sequences (CSI, OSC 52, OSC 8, bare ESC)':
    'a\u001b[2Jb\u001b]52;c;AAAA\u0007c\u001b]8;;http://x\u001b\\d\u001bce\u001b',
  'bidi controls and isolates': 'a\u202eb\u202dc\u2066d\u2069e\u200ff\u061cg',
};
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

describe.each(Object.entries(uses))('%s', (_use, apply) => {
  it.each(Object.entries(hostile))('lets no %s through, and keeps the text around them', (_kind, text) => {
    const out = apply(text);
    expect(out).not.toMatch(FORBIDDEN);
    for (const letter of ['a', 'b', 'c', 'd', 'e']) expect(out).toContain(letter);
    expect(out).not.toContain('pwned');
  });
});

describe('what each use keeps', () => {
  it('log text keeps allowlisted colours; names, tables and files drop them', () => {
    const red = '\u001b[31mred\u001b[0m';
    expect(sanitize(red)).toBe(red);
    expect(sanitizeName(red)).toBe('red');
    expect(sanitizeFileText(red)).toBe('red');
    expect(renderTable(['N'], [[red]])).toBe('N\nred\n');
  });

  it('names are one line; the debug log file keeps its lines and shows invisible characters', () => {
    expect(sanitizeName('a\nb')).toBe('a b');
    expect(sanitizeFileText('a\nb\u200bc')).toBe('a\nb⟨U+200B⟩c');
    expect(sanitizeFileText('x'.repeat(10_000))).toHaveLength(10_000);
  });
});
