// The log buffer behind the log pane (issue 12 "A log buffer outside React"): bounded by bytes with
// the oldest lines dropped, windowed reads, smart-case search with counts and next/previous, a
// filter with context that keeps up with new lines, error-block jumps, saving the whole buffer,
// change signals coalesced, and escape safety for whatever a log line carries.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogBuffer } from '../../source/core/logBuffer.js';
import { matchRanges } from '../../source/core/logSearch.js';
import type { LogLine } from '../../source/core/model.js';
import { HOSTILE_LINES } from '../../source/sim/hostileLines.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const lines = (count: number, from = 0): LogLine[] =>
  Array.from({ length: count }, (_, i) => ({ text: `line ${from + i} of the log` }));

describe('the log buffer', () => {
  it('keeps the timestamp as a prefix the pane can hide, the level, and numbers lines from 0', () => {
    const buffer = createLogBuffer();
    buffer.append([
      { text: 'Starting', timestamp: '2026-01-01T00:00:00Z', level: 'info', source: 'airflow.task' },
      { text: 'plain stdout' },
      { text: 'two\nlines', level: 'warning' },
    ]);
    expect(buffer.read(0, 10)).toEqual([
      { number: 0, prefix: '[2026-01-01T00:00:00Z] ', text: '{airflow.task} INFO - Starting', level: 'info' },
      { number: 1, prefix: '', text: 'plain stdout' },
      { number: 2, prefix: '', text: 'two', level: 'warning' },
      { number: 3, prefix: '', text: 'lines', level: 'warning' },
    ]);
    expect(buffer.first).toBe(0);
    expect(buffer.end).toBe(4);
    expect(buffer.read(2, 1)).toEqual([buffer.line(2)]);
    expect(buffer.line(4)).toBeUndefined();
  });

  it('reads a level from lines without one, and marks a traceback an error from its first line to its exception', () => {
    const buffer = createLogBuffer();
    buffer.append([
      { text: '25/03/20 10:00:01 WARN TaskSetManager: lost task' },
      { text: 'ERROR:root:something broke' },
      { text: 'Traceback (most recent call last):' },
      { text: '  File "x.py", line 1, in <module>' },
      { text: '' },
      { text: 'ValueError: boom' },
      { text: 'an ordinary line mentioning an error' },
    ]);
    expect(buffer.read(0, 7).map((line) => line.level)).toEqual([
      'warning',
      'error',
      'error',
      'error',
      'error',
      'error',
      undefined,
    ]);
  });

  it('is bounded by bytes: the oldest lines go, numbers stay, memory is given back', () => {
    const buffer = createLogBuffer({ maxBytes: 64 * 1024, blockBytes: 8 * 1024 });
    for (let i = 0; i < 100; i++) buffer.append(lines(100, i * 100));
    expect(buffer.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(buffer.end).toBe(10_000);
    expect(buffer.first).toBeGreaterThan(0);
    expect(buffer.dropped).toBe(buffer.first);
    expect(buffer.size).toBe(buffer.end - buffer.first);
    expect(buffer.line(buffer.first)?.text).toBe(`line ${buffer.first} of the log`);
    expect(buffer.line(buffer.first - 1)).toBeUndefined();
    expect(buffer.read(0, 3)).toEqual([]);
    expect(buffer.read(buffer.first - 1, 3).map((line) => line.number)).toEqual([
      buffer.first,
      buffer.first + 1,
    ]);
    expect(buffer.line(9_999)?.text).toBe('line 9999 of the log');
  });

  it('searches with smart case, counts matching lines, moves next and previous, never across lines', () => {
    const buffer = createLogBuffer({ blockBytes: 1024 });
    buffer.append(lines(500));
    buffer.append([
      { text: 'An Error happened' },
      { text: 'error again, lower case' },
      { text: 'ends abc' },
      { text: 'def starts' },
    ]);
    const insensitive = buffer.search('error');
    expect(insensitive.count()).toBe(2);
    expect(insensitive.next(-1)).toBe(500);
    expect(insensitive.next(500)).toBe(501);
    expect(insensitive.next(501)).toBeUndefined();
    expect(insensitive.previous(501)).toBe(500);
    expect(insensitive.previous(500)).toBeUndefined();
    expect(insensitive.next(500, true)).toBe(500);
    const sensitive = buffer.search('Error');
    expect(sensitive.count()).toBe(1);
    expect(buffer.search('error', { caseSensitive: true }).count()).toBe(1);
    expect(buffer.search('line 42 ').next(0)).toBe(42);
    expect(buffer.search('line 4').count()).toBe(111);
    expect(buffer.search('').count()).toBe(0);
    expect(buffer.search('abc').count()).toBe(1);
    expect(buffer.search('abcdef').count()).toBe(0);
    expect(buffer.search('abc def').count()).toBe(0);
    // The count keeps up with new lines without recounting the old ones.
    buffer.append([{ text: 'ERROR at the end' }]);
    expect(insensitive.count()).toBe(3);
    expect(insensitive.matches(504)).toBe(true);
    expect(insensitive.matches(3)).toBe(false);
  });

  it('says where a match stands among all ("3/120"), across blocks, and where a line matches to highlight it', () => {
    const buffer = createLogBuffer({ blockBytes: 1024 });
    buffer.append(lines(2000));
    const search = buffer.search('0 of');
    // Lines 0, 10, 20... match: 200 in all, over many blocks.
    expect(search.count()).toBe(200);
    expect(search.countBefore(0)).toBe(0);
    expect(search.countBefore(10)).toBe(1);
    expect(search.countBefore(11)).toBe(2);
    expect(search.countBefore(1990)).toBe(199);
    expect(search.countBefore(5000)).toBe(200);
    expect(matchRanges('an Error, an error, AN ERROR', 'error')).toEqual([
      [3, 8],
      [13, 18],
      [23, 28],
    ]);
    expect(matchRanges('an Error, an error', 'Error')).toEqual([[3, 8]]);
    expect(matchRanges('aaaa', 'aa')).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(matchRanges('anything', '')).toEqual([]);
  });

  it('finds text split by colour codes, and not the codes themselves', () => {
    const buffer = createLogBuffer();
    buffer.append([{ text: 'result: \x1b[31mFAIL\x1b[0mED \x1b[32mOK\x1b[0m' }, { text: 'plain 31m' }]);
    expect(buffer.line(0)?.text).toBe('result: \x1b[31mFAIL\x1b[0mED \x1b[32mOK\x1b[0m');
    expect(buffer.search('FAILED OK').next(-1)).toBe(0);
    expect(buffer.search('31m').count()).toBe(1);
    expect(buffer.search('31m').next(-1)).toBe(1);
  });

  it('filters to matches with context, and keeps up as lines arrive', () => {
    const buffer = createLogBuffer();
    buffer.append(lines(20));
    buffer.append([{ text: 'needle one' }]);
    buffer.append(lines(3, 21));
    const filter = buffer.filter('needle', 2);
    const kept = () => Array.from({ length: filter.size }, (_, i) => filter.at(i));
    expect(kept()).toEqual([18, 19, 20, 21, 22]);
    buffer.append([{ text: 'needle two' }, ...lines(5, 25)]);
    filter.refresh();
    expect(kept()).toEqual([18, 19, 20, 21, 22, 23, 24, 25, 26]);
    expect(filter.indexAtOrAfter(24)).toBe(6);
    expect(filter.indexAtOrAfter(100)).toBe(filter.size);
  });

  it('jumps to the start of each error block, forward and back', () => {
    const buffer = createLogBuffer();
    buffer.append([
      { text: 'ok' },
      { text: 'Traceback (most recent call last):' },
      { text: '  File "x.py", line 1' },
      { text: 'ValueError: one' },
      { text: 'ok again' },
      { text: 'x', level: 'critical' },
    ]);
    expect(buffer.findLevel(-1, 1)).toBe(1);
    expect(buffer.findLevel(1, 1)).toBe(5);
    expect(buffer.findLevel(5, 1)).toBeUndefined();
    expect(buffer.findLevel(6, -1)).toBe(5);
    expect(buffer.findLevel(5, -1)).toBe(1);
    expect(buffer.findLevel(3, -1)).toBe(1);
    expect(buffer.findLevel(-1, 1, 'critical')).toBe(5);
  });

  it('saves every line held to a new 0600 file, and never replaces one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dagdeck-buffer-'));
    dirs.push(dir);
    const buffer = createLogBuffer({ blockBytes: 1024 });
    buffer.append([{ text: 'first', timestamp: 'T0', level: 'error', source: 's' }, ...lines(300)]);
    const path = join(dir, 'task.log');
    expect(await buffer.save(path)).toEqual({ path, lines: 301, bytes: statSync(path).size, dropped: 0 });
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')).toEqual(['[T0] {s} ERROR - first', ...lines(300).map((line) => line.text), '']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(buffer.save(path)).rejects.toThrow(/EEXIST/);
  });

  it('announces changes at most once per notify interval, however many appends', async () => {
    vi.useFakeTimers();
    try {
      const buffer = createLogBuffer({ notifyMs: 33 });
      const listener = vi.fn();
      const unsubscribe = buffer.subscribe(listener);
      const before = buffer.getVersion();
      for (let i = 0; i < 100; i++) {
        buffer.append(lines(10, i * 10));
        vi.advanceTimersByTime(3);
      }
      vi.advanceTimersByTime(40);
      // 300 ms of appends every 3 ms: about one announcement per 33 ms.
      expect(listener.mock.calls.length).toBeGreaterThanOrEqual(8);
      expect(listener.mock.calls.length).toBeLessThanOrEqual(11);
      expect(buffer.getVersion()).toBeGreaterThan(before);
      unsubscribe();
      buffer.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('stores hostile lines safely: only SGR colours survive, invisible characters are shown, a 10 MB line is cut', () => {
    const buffer = createLogBuffer();
    const huge = `${'A'.repeat(10 * 1024 * 1024)}\x1b]52;c;aGk=\x07`;
    buffer.append([...HOSTILE_LINES.map((text) => ({ text })), { text: huge }]);
    const stored = buffer.read(0, 100);
    for (const line of stored) {
      // Every ESC left starts an SGR sequence; no C1 control, BEL or bare CR is left.
      expect(line.text.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/[\x1b\x07\x80-\x9f\r]/);
    }
    expect(stored[0]?.text).toBe('Vendor response header: Content-Type: application/json');
    expect(stored[1]?.text).toBe('Vendor response body: {"status":"ok"}');
    expect(stored[4]?.text).toContain('invoice_⟨U+202E⟩exe.pdf⟨U+202C⟩ id=⟨U+200B⟩42');
    expect(stored[5]?.text).toBe('Library colours: \x1b[31mFAILED\x1b[0m \x1b[1;32mOK\x1b[0m blink\x1b[0m');
    expect(stored[7]?.text).toMatch(/^↻ /);
    const last = stored.at(-1)?.text ?? '';
    expect(last.length).toBeLessThan(8300);
    expect(last).toMatch(/^A{8192}… \(\+\d+ chars\)$/);
    expect(buffer.bytes).toBeLessThan(9 * 1024 * 1024);
  });
});
