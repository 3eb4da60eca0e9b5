// One log line cut into the rows a pane draws (issue 12: wrap on/off with horizontal scroll, matches
// highlighted): wrapping and scrolling by terminal columns (wide characters take two, combining
// marks none), highlighted ranges split into segments, and a line's colour closed at the end of
// each row and opened again on the next, so it never bleeds.
import { describe, expect, it } from 'vitest';
import {
  charWidth,
  displayWidth,
  layoutLogLine,
  type RowSegment,
  wrappedRows,
} from '../../../source/ui/logs/layoutLogLine.js';

const text = (rows: RowSegment[][]) => rows.map((row) => row.map((segment) => segment.text).join(''));
const layout = (
  line: string,
  options: Partial<{
    width: number;
    wrap: boolean;
    scroll: number;
    ranges: [number, number][];
    keepSgr: boolean;
  }>,
) =>
  layoutLogLine(line, {
    width: options.width ?? 10,
    wrap: options.wrap ?? false,
    scroll: options.scroll ?? 0,
    ranges: options.ranges ?? [],
    keepSgr: options.keepSgr ?? true,
  });

describe('layoutLogLine', () => {
  it('wraps plain text at the width, and without wrap shows one row from the scroll column', () => {
    expect(text(layout('abcdefghijklmnopqrstuvw', { wrap: true }))).toEqual([
      'abcdefghij',
      'klmnopqrst',
      'uvw',
    ]);
    expect(text(layout('abcdefghijklmnopqrstuvw', { scroll: 0 }))).toEqual(['abcdefghij']);
    expect(text(layout('abcdefghijklmnopqrstuvw', { scroll: 15 }))).toEqual(['pqrstuvw']);
    expect(text(layout('', { wrap: true }))).toEqual(['']);
    expect(text(layout('short', { scroll: 40 }))).toEqual(['']);
  });

  it('marks the highlighted ranges as their own segments, across a wrap', () => {
    const rows = layout('say hello world hello', {
      width: 8,
      wrap: true,
      ranges: [
        [4, 9],
        [16, 21],
      ],
    });
    expect(rows).toEqual([
      [
        { text: 'say ', match: false },
        { text: 'hell', match: true },
      ],
      [
        { text: 'o', match: true },
        { text: ' world ', match: false },
      ],
      [{ text: 'hello', match: true }],
    ]);
  });

  it('counts wide characters as two columns and combining marks as none', () => {
    expect(charWidth('a'.codePointAt(0) ?? 0)).toBe(1);
    expect(charWidth('界'.codePointAt(0) ?? 0)).toBe(2);
    expect(charWidth('🔥'.codePointAt(0) ?? 0)).toBe(2);
    expect(charWidth(0x301)).toBe(0);
    expect(displayWidth('e\u0301 世界')).toBe(6);
    // A wide character never straddles a row: it moves to the next one.
    expect(text(layout('ab世界cd', { width: 5, wrap: true }))).toEqual(['ab世', '界cd']);
    expect(wrappedRows('ab世界cd', 5)).toBe(2);
    // Scrolled into the middle of a wide character: its visible half is a blank.
    expect(text(layout('世界abc', { width: 4, scroll: 1 }))).toEqual([' 界a']);
  });

  it("keeps a line's colours, closes them at each row's end and opens them again on the next", () => {
    const red = '\x1b[31m';
    const reset = '\x1b[0m';
    const rows = text(layout(`${red}abcdefghijkl${reset}mn`, { width: 5, wrap: true }));
    expect(rows).toEqual([`${red}abcde${reset}`, `${red}fghij${reset}`, `${red}kl${reset}mn${reset}`]);
    // Scrolled past the colour's start, the colour still applies.
    expect(text(layout(`${red}abcdefghijkl`, { width: 3, scroll: 4 }))).toEqual([`${red}efg${reset}`]);
    // Without colour (NO_COLOR) the sequences are dropped and take no column.
    expect(text(layout(`${red}abc${reset}def`, { width: 4, keepSgr: false }))).toEqual(['abcd']);
    expect(displayWidth(`${red}abc${reset}`)).toBe(3);
  });

  it('highlights ranges counted in the text without its colour sequences', () => {
    const rows = layout('\x1b[1mERROR\x1b[0m boom', { width: 20, ranges: [[6, 10]] });
    expect(rows[0]?.filter((segment) => segment.match).map((segment) => segment.text)).toEqual(['boom']);
  });
});
