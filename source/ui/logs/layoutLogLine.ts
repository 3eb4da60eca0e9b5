// One log line cut into the rows a pane draws: wrapped to the pane's width, or one row seen through
// a horizontal scroll, with the ranges a search matches marked for highlighting. Lines reach here
// sanitised (only SGR colour sequences remain), so the only escapes to step over are `ESC [ … m`.
// Widths are terminal columns: East Asian wide characters and emoji take two, combining marks none.
// A colour a line opens is closed at the end of each row, so it never bleeds into the next one.

export interface RowSegment {
  text: string;
  /** Inside a search match: drawn highlighted. */
  match: boolean;
}

export interface LineLayout {
  /** Columns of one row (at least 1). */
  width: number;
  /** Wrap long lines onto more rows; else one row starting `scroll` columns in. */
  wrap: boolean;
  scroll: number;
  /** Ranges to highlight, in the line without its SGR sequences (UTF-16 offsets, sorted). */
  ranges: readonly (readonly [number, number])[];
  /** Keep the line's own colours; false drops them (NO_COLOR). */
  keepSgr: boolean;
}

const PLAIN = /^[\x20-\x7e]*$/;
const SGR = /\x1b\[[0-9;]*m/g;
const RESET = '\x1b[0m';
const ZERO_WIDTH = /^[\p{Mn}\p{Me}]$/u;

/** The line without its colour sequences: what searches match and widths are counted on. */
export function stripSgr(text: string): string {
  return text.includes('\x1b') ? text.replace(SGR, '') : text;
}

/** Two columns for East Asian wide and fullwidth characters and emoji, none for combining marks. */
export function charWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if (cp < 0x1100) return ZERO_WIDTH.test(String.fromCodePoint(cp)) ? 0 : 1;
  return isWide(cp) ? 2 : ZERO_WIDTH.test(String.fromCodePoint(cp)) ? 0 : 1;
}

// East Asian Wide (W) and Fullwidth (F) blocks, and the emoji planes: the characters terminals draw
// two cells wide.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18aff],
  [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = WIDE[mid] as readonly [number, number];
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Columns the line takes, colours aside. */
export function displayWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let width = 0;
  const plain = stripSgr(text);
  for (let i = 0; i < plain.length; ) {
    const cp = plain.codePointAt(i) ?? 0;
    width += charWidth(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return width;
}

/** How many rows the line takes when wrapped at `width`. */
export function wrappedRows(text: string, width: number): number {
  if (PLAIN.test(text)) return Math.max(1, Math.ceil(text.length / Math.max(1, width)));
  return layoutLogLine(text, { width, wrap: true, scroll: 0, ranges: [], keepSgr: false }).length;
}

/** The rows of one line: several when wrapped, else exactly one. */
export function layoutLogLine(text: string, layout: LineLayout): RowSegment[][] {
  const width = Math.max(1, layout.width);
  if (PLAIN.test(text)) return layoutPlain(text, width, layout);
  return new RowBuilder(width, layout).run(text);
}

/** Printable ASCII (most log lines): one column per character, no escapes. */
function layoutPlain(text: string, width: number, layout: LineLayout): RowSegment[][] {
  if (!layout.wrap) {
    const start = Math.min(text.length, Math.max(0, layout.scroll));
    return [split(text, start, Math.min(text.length, start + width), layout.ranges)];
  }
  const rows: RowSegment[][] = [];
  for (let start = 0; start < text.length || rows.length === 0; start += width) {
    rows.push(split(text, start, Math.min(text.length, start + width), layout.ranges));
  }
  return rows;
}

/** text[from, to) cut into segments at the edges of the ranges. */
function split(
  text: string,
  from: number,
  to: number,
  ranges: readonly (readonly [number, number])[],
): RowSegment[] {
  const segments: RowSegment[] = [];
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    if (start >= to) break;
    if (start > at) segments.push({ text: text.slice(at, start), match: false });
    const stop = Math.min(end, to);
    segments.push({ text: text.slice(Math.max(at, start), stop), match: true });
    at = stop;
  }
  if (at < to) segments.push({ text: text.slice(at, to), match: false });
  return segments;
}

/** The general case: wide and zero-width characters, colour sequences, ranges over the plain text. */
class RowBuilder {
  readonly #rows: RowSegment[][] = [];
  #row: RowSegment[] = [];
  #segment = '';
  #match = false;
  #column = 0;
  /** The colours opened so far and not reset: replayed at the start of each row. */
  #active = '';
  #rowHasSgr = false;
  #range = 0;

  constructor(
    private readonly width: number,
    private readonly layout: LineLayout,
  ) {}

  run(text: string): RowSegment[][] {
    const { wrap, scroll, ranges, keepSgr } = this.layout;
    const end = wrap ? Number.POSITIVE_INFINITY : scroll + this.width;
    let plainIndex = 0;
    let column = 0;
    for (let i = 0; i < text.length; ) {
      if (text.charCodeAt(i) === 0x1b && text[i + 1] === '[') {
        const close = text.indexOf('m', i + 2);
        const stop = close < 0 ? text.length : close + 1;
        if (keepSgr) this.#sgr(text.slice(i, stop));
        i = stop;
        continue;
      }
      const cp = text.codePointAt(i) ?? 0;
      const size = cp > 0xffff ? 2 : 1;
      const w = charWidth(cp);
      const ch = text.slice(i, i + size);
      while (this.#range < ranges.length && (ranges[this.#range]?.[1] ?? 0) <= plainIndex) this.#range += 1;
      const range = ranges[this.#range];
      const match = range !== undefined && range[0] <= plainIndex;
      if (wrap) {
        if (this.#column + w > this.width && this.#column > 0) this.#newRow();
        this.#put(ch, w, match);
      } else if (column >= end) {
        break;
      } else if (column >= scroll && column + w <= end) {
        this.#put(ch, w, match);
      } else if (column < scroll && column + w > scroll) {
        // A wide character cut by the scroll edge: its visible half is a blank.
        this.#put(' ', 1, false);
      }
      column += w;
      plainIndex += size;
      i += size;
    }
    this.#newRow();
    return this.#rows;
  }

  #put(ch: string, w: number, match: boolean): void {
    if (match !== this.#match) {
      this.#flush();
      this.#match = match;
    }
    this.#segment += ch;
    this.#column += w;
  }

  #sgr(sequence: string): void {
    if (sequence === RESET || sequence === '\x1b[m') this.#active = '';
    else this.#active += sequence;
    this.#segment += sequence;
    this.#rowHasSgr = true;
  }

  #flush(): void {
    if (this.#segment !== '') this.#row.push({ text: this.#segment, match: this.#match });
    this.#segment = '';
  }

  #newRow(): void {
    this.#flush();
    if (this.#rowHasSgr) this.#row.push({ text: RESET, match: false });
    this.#rows.push(this.#row);
    this.#row = [];
    this.#column = 0;
    this.#rowHasSgr = this.#active !== '';
    this.#segment = this.#active;
  }
}
