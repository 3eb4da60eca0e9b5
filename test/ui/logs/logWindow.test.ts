// The rows a log pane shows, and only those (issue 12: "renders only the visible window"): the end
// while following, from a top line while paused, the end again once scrolled down to it, wrapped
// lines filling rows from the bottom, and the lines a filter keeps.
import { describe, expect, it } from 'vitest';
import { createLogBuffer, type LogBuffer } from '../../../source/core/logBuffer.js';
import {
  bufferSource,
  computeWindow,
  filterSource,
  type WindowOptions,
} from '../../../source/ui/logs/logWindow.js';

function bufferOf(lines: string[]): LogBuffer {
  const buffer = createLogBuffer({ notifyMs: 0 });
  buffer.append(lines.map((text) => ({ text })));
  return buffer;
}

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`);
const options = (extra: Partial<WindowOptions> = {}): WindowOptions => ({
  height: 5,
  width: 40,
  follow: true,
  top: 0,
  wrap: false,
  scroll: 0,
  timestamps: true,
  highlight: undefined,
  keepSgr: true,
  ...extra,
});
const texts = (window: ReturnType<typeof computeWindow>) =>
  window.rows.map((row) => row.segments.map((segment) => segment.text).join(''));

describe('computeWindow', () => {
  it('following: the last lines; paused: from the top line; paused at the end: the end, as following', () => {
    const buffer = bufferOf(numbered(100));
    const source = bufferSource(buffer);
    const end = computeWindow(source, options());
    expect(texts(end)).toEqual(['line 95', 'line 96', 'line 97', 'line 98', 'line 99']);
    expect(end).toMatchObject({ firstLine: 95, lastLine: 99, atEnd: true });

    const paused = computeWindow(source, options({ follow: false, top: 10 }));
    expect(texts(paused)).toEqual(['line 10', 'line 11', 'line 12', 'line 13', 'line 14']);
    expect(paused.atEnd).toBe(false);

    // Paused with the last line exactly at the bottom: at the end.
    expect(computeWindow(source, options({ follow: false, top: 95 })).atEnd).toBe(true);
    // Scrolled past it: the end fills the window from the bottom, never a half-empty screen.
    expect(texts(computeWindow(source, options({ follow: false, top: 98 })))).toEqual(texts(end));
  });

  it('reads only the lines on screen', () => {
    const buffer = bufferOf(numbered(100_000));
    const source = bufferSource(buffer);
    const read: number[] = [];
    const counting = {
      ...source,
      read(line: number) {
        read.push(line);
        return source.read(line);
      },
    };
    computeWindow(counting, options({ follow: false, top: 50_000 }));
    computeWindow(counting, options());
    expect(read.sort((a, b) => a - b)).toEqual([
      50_000, 50_001, 50_002, 50_003, 50_004, 99_995, 99_996, 99_997, 99_998, 99_999,
    ]);
  });

  it('wrapped: long lines take several rows; following, the top line is cut from above', () => {
    const buffer = bufferOf(['short', 'x'.repeat(25), 'y'.repeat(25)]);
    const window = computeWindow(bufferSource(buffer), options({ width: 10, wrap: true }));
    expect(texts(window)).toEqual(['xxxxxxxxxx', 'xxxxx', 'yyyyyyyyyy', 'yyyyyyyyyy', 'yyyyy']);
    expect(window.rows.map((row) => [row.line, row.first])).toEqual([
      [1, false],
      [1, false],
      [2, true],
      [2, false],
      [2, false],
    ]);
    expect(window.firstLine).toBe(1);
  });

  it('timestamps off: the prefix is not shown; a highlight marks every match on screen', () => {
    const buffer = createLogBuffer({ notifyMs: 0 });
    buffer.append([
      { text: 'boom and boom', timestamp: '2026-01-01T00:00:00Z', level: 'error', source: 'x.py:1' },
    ]);
    const shown = computeWindow(bufferSource(buffer), options({ timestamps: false, highlight: 'boom' }));
    expect(texts(shown)).toEqual(['{x.py:1} ERROR - boom and boom']);
    expect(shown.rows[0]?.segments.filter((segment) => segment.match).length).toBe(2);
    expect(shown.rows[0]?.level).toBe('error');
    const stamped = computeWindow(bufferSource(buffer), options({ width: 80 }));
    expect(texts(stamped)[0]).toMatch(/^\[2026-01-01T00:00:00Z\] \{x\.py:1\} ERROR - boom/);
  });

  it('filtered: only the kept lines, in order, stepping over the others', () => {
    const buffer = bufferOf(numbered(50).map((text, i) => (i === 20 || i === 40 ? `${text} ERROR` : text)));
    const filter = buffer.filter('ERROR', 1);
    const source = filterSource(buffer, filter);
    expect(texts(computeWindow(source, options({ height: 10 })))).toEqual([
      'line 19',
      'line 20 ERROR',
      'line 21',
      'line 39',
      'line 40 ERROR',
      'line 41',
    ]);
    expect(source.step(21, 1)).toBe(39);
    expect(source.step(39, -1)).toBe(21);
    expect(source.has(30)).toBe(false);
    expect(source.atOrAfter(30)).toBe(39);
  });
});
