// The one --json writer (issue 13 "--json output carries raw C1 controls and bidi/format
// characters"): JSON.stringify escaped ESC but let U+009B (CSI), U+009D (OSC), U+202E and
// zero-width characters through raw, and a terminal that reads C1 acts on them.
import { describe, expect, it } from 'vitest';
import { safeJson } from '../../source/cli/printJson.js';
import { HOSTILE_NAME } from '../hostile/hostileServer.js';

describe('safeJson', () => {
  it('escapes C0, DEL, C1, bidi, zero-width, joiners and every other format character', () => {
    const text = safeJson({ name: HOSTILE_NAME, tag: 'a\u{e0041}b', sep: 'x\u2028y' });
    // Plain ASCII: nothing a terminal could act on, nothing invisible.
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    for (const escaped of [
      '\\u009b',
      '\\u009d',
      '\\u202e',
      '\\u200b',
      '\\u200d',
      '\\u2066',
      '\\u00ad',
      '\\ufeff',
      '\\u001b',
      '\\udb40\\udc41',
      '\\u2028',
    ]) {
      expect(text).toContain(escaped);
    }
  });

  it('a JSON reader gets the data unchanged', () => {
    const value = { name: HOSTILE_NAME, tags: ['\u0085', '\u2069', 'ü東'], n: 3, nested: { ok: true } };
    expect(JSON.parse(safeJson(value))).toEqual(value);
  });

  it('leaves ordinary text, including non-ASCII letters, as it is', () => {
    expect(safeJson({ city: 'Zürich 東京' }, 0)).toBe('{"city":"Zürich 東京"}');
  });

  it('plain JSON.stringify does not escape them (why this writer exists)', () => {
    expect(JSON.stringify(HOSTILE_NAME)).toContain('\u009b');
    expect(safeJson(HOSTILE_NAME)).not.toContain('\u009b');
  });
});
