// The terminal sanitiser, case by case: what untrusted bytes can do to a terminal (retitle it, write
// the clipboard, move the cursor, hide links) and the rule against it: keep SGR from an allowlist,
// drop every other sequence.
import { describe, expect, it } from 'vitest';
import { filterSgr, sanitize, sanitizeName } from '../../source/core/sanitize.js';

const ESC = '\x1b';

describe('sanitize (security-reliability.md §4.4)', () => {
  it('keeps plain text and newlines unchanged', () => {
    expect(sanitize('hello\nworld')).toBe('hello\nworld');
  });

  it('keeps allowlisted SGR colour codes (basic, 256 and truecolour)', () => {
    const text = `${ESC}[31mred${ESC}[0m ${ESC}[38;5;208morange${ESC}[39m ${ESC}[38;2;1;2;3mrgb${ESC}[m`;
    expect(sanitize(text)).toBe(text);
  });

  it('drops conceal (8) and blink (5) but keeps the other parameters of the same SGR', () => {
    expect(sanitize(`${ESC}[1;8;31mhidden`)).toBe(`${ESC}[1;31mhidden`);
    expect(sanitize(`${ESC}[5mblink`)).toBe('blink');
    expect(filterSgr('38:2:1:2:3')).toBe('');
  });

  it('drops SGR in names (sanitizeName)', () => {
    expect(sanitizeName(`${ESC}[31mred${ESC}[0m`)).toBe('red');
  });

  it('drops OSC 0/2 window titles, OSC 8 hyperlinks and OSC 52 clipboard writes (§4.1)', () => {
    expect(sanitize(`a${ESC}]0;pwned${ESC}\\b`)).toBe('ab');
    expect(sanitize(`${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\`)).toBe('click');
    expect(sanitize(`x${ESC}]52;c;cm0gLXJmIC8=\x07y`)).toBe('xy');
  });

  it('an unterminated OSC stops at the end of the line instead of swallowing the log', () => {
    expect(sanitize(`a${ESC}]52;c;AAAA\nnext line`)).toBe('a\nnext line');
  });

  it('drops CSI other than SGR: cursor moves, erase, device status queries (CSI 6n)', () => {
    expect(sanitize(`ok${ESC}[2K${ESC}[1A${ESC}[6n${ESC}[?1049l${ESC}[10;10H!`)).toBe('ok!');
  });

  it('drops DCS/APC strings, two-byte escapes and a bare ESC', () => {
    expect(sanitize(`a${ESC}P1$r${ESC}\\b${ESC}_apc${ESC}\\c${ESC}cd${ESC}(Be${ESC}`)).toBe('abcde');
  });

  it('drops C1 controls, and parses 8-bit CSI/OSC like their ESC forms', () => {
    expect(sanitize('a\u009b2Jb\u009d0;title\u0007c\u0085d')).toBe('abcd');
  });

  it('shows other C0 controls visibly: BEL, BS, NUL, DEL', () => {
    expect(sanitize('a\x07b\x08c\x00d\x7f')).toBe('a␇b␈c␀d␡');
  });

  it('a lone CR cannot overwrite earlier text: only the last segment is kept, marked ↻', () => {
    expect(sanitize('Authentication failed\rAuthentication success')).toBe('↻ Authentication success');
    expect(sanitize('line one\r\nline two')).toBe('line one\nline two');
  });

  it('expands tabs to spaces', () => {
    expect(sanitize('a\tb')).toBe('a       b');
  });

  it('strips bidi overrides and zero-width characters from names, shows them in text', () => {
    expect(sanitizeName('safe\u202Eexe.txt\u200B')).toBe('safeexe.txt');
    expect(sanitize('x\u202Ey')).toBe('x⟨U+202E⟩y');
  });

  it('covers the whole format category, which corrupted an incident row (issue 13)', () => {
    // Missed before: soft hyphen, Arabic letter mark is in, but word joiner, invisible operators,
    // interlinear annotation, Mongolian vowel separator, tag characters and the line separators were not.
    const invisible = [
      '\u00ad',
      '\u2060',
      '\u2062',
      '\u2064',
      '\ufff9',
      '\u180e',
      '\u{e0041}',
      '\u2028',
      '\u2029',
    ];
    for (const ch of invisible) {
      expect(sanitizeName(`a${ch}b`)).toBe('ab');
      expect(sanitize(`a${ch}b`)).toMatch(/^a⟨U\+[0-9A-F]{4,5}⟩b$/);
    }
    // Ordinary non-ASCII text is untouched.
    expect(sanitizeName('Zürich 東京 ✓')).toBe('Zürich 東京 ✓');
  });

  it('caps the line length and says how much was cut', () => {
    expect(sanitize('abcdefghij', { maxLineLength: 4 })).toBe('abcd… (+6 chars)');
  });

  it('turns a name into one line', () => {
    expect(sanitizeName('two\nlines')).toBe('two lines');
  });

  it('stays linear on a long hostile input', () => {
    const hostile = `${ESC}[`.repeat(50_000) + `${ESC}]`.repeat(50_000);
    expect(sanitize(hostile)).toBe('');
  });
});

describe('sanitizeName fast path', () => {
  it('returns plain printable ASCII unchanged and still cleans everything else', async () => {
    const { sanitizeName } = await import('../../source/core/sanitize.js');
    expect(sanitizeName('fintech_eod_risk 0 22 * * 1-5')).toBe('fintech_eod_risk 0 22 * * 1-5');
    expect(sanitizeName('evil\x1b]0;owned\x07dag')).not.toContain('\x1b');
    expect(sanitizeName('two\nlines')).toBe('two lines');
    expect(sanitizeName('x'.repeat(600)).length).toBeLessThan(600);
  });
});
