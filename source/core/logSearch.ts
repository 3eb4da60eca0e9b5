// Search over the log buffer's blocks, without a string per line: a case-sensitive query is
// Buffer.indexOf, an insensitive one (smart case: no capital in the query) a Boyer-Moore-Horspool
// scan with ASCII letters folded, so a million lines are scanned in tens of milliseconds. Lines
// with colour codes are matched without them. Counting is incremental: a block is counted once up
// to where it has lines, then only its new lines.
import { HAS_ESCAPE, type LogBlock } from './logBlock.js';

export interface SearchOptions {
  /** Default: case-sensitive when the query has an upper-case letter ("smart case"). */
  caseSensitive?: boolean;
}

/** A search kept open while lines arrive: counting is incremental, moving is a scan from a line. */
export interface LogSearch {
  readonly query: string;
  /** Lines held that match. */
  count(): number;
  /** Matching lines held before `line`: "3/120" is countBefore(match) + 1 of count(). */
  countBefore(line: number): number;
  /** The first matching line after `line` (or at it, with `inclusive`), else undefined. */
  next(line: number, inclusive?: boolean): number | undefined;
  /** The last matching line before `line`, else undefined. */
  previous(line: number): number | undefined;
  /** Whether one held line matches. */
  matches(line: number): boolean;
}

// The SGR sequences sanitize() keeps; nothing else with an ESC survives it.
const SGR = /\x1b\[[0-9;]*m/g;

export function createLogSearch(
  blocks: () => readonly LogBlock[],
  query: string,
  options: SearchOptions = {},
): LogSearch {
  return new BlockSearch(blocks, matcherFor(query, options), query);
}

interface Matcher {
  /** Byte offset of the first match starting in [from, to), else -1. */
  find(bytes: Buffer, from: number, to: number): number;
  /** Whether a decoded text (escape sequences removed) matches. */
  test(text: string): boolean;
  readonly empty: boolean;
}

const FOLD = new Uint8Array(256).map((_, byte) => (byte >= 0x41 && byte <= 0x5a ? byte + 32 : byte));

function matcherFor(query: string, options: SearchOptions): Matcher {
  // A line break can never be part of a match: lines are stored one per line.
  const wanted = query.replace(/[\r\n]/g, '');
  const caseSensitive = options.caseSensitive ?? /[A-Z]/.test(wanted);
  const needle = Buffer.from(caseSensitive ? wanted : foldAscii(wanted), 'utf8');
  const m = needle.length;
  if (caseSensitive) {
    return {
      empty: m === 0,
      find: (bytes, from, to) => {
        if (m === 0 || to - from < m) return -1;
        const at = bytes.indexOf(needle, from);
        return at >= 0 && at + m <= to ? at : -1;
      },
      test: (text) => text.includes(wanted),
    };
  }
  // Boyer-Moore-Horspool over bytes, ASCII letters folded: exact, and it reads a fraction of the bytes.
  const skip = new Uint32Array(256).fill(m);
  for (let i = 0; i < m - 1; i++) skip[needle[i] as number] = m - 1 - i;
  const lower = foldAscii(wanted);
  return {
    empty: m === 0,
    find: (bytes, from, to) => {
      if (m === 0) return -1;
      const last = m - 1;
      let i = from;
      while (i <= to - m) {
        let j = last;
        while (j >= 0 && FOLD[bytes[i + j] as number] === needle[j]) j--;
        if (j < 0) return i;
        i += skip[FOLD[bytes[i + last] as number] as number] as number;
      }
      return -1;
    },
    test: (text) => foldAscii(text).includes(lower),
  };
}

/** Index of the first element >= value in an ascending array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where `query` occurs in one decoded line (UTF-16 offsets, start inclusive, end exclusive), with
 * the same rules as the buffer's search (smart case, ASCII letters folded), so the pane highlights
 * exactly what n and N stop at. Escape sequences must be removed from `text` first.
 */
export function matchRanges(text: string, query: string, options: SearchOptions = {}): [number, number][] {
  const wanted = query.replace(/[\r\n]/g, '');
  if (wanted === '') return [];
  const caseSensitive = options.caseSensitive ?? /[A-Z]/.test(wanted);
  const haystack = caseSensitive ? text : foldAscii(text);
  const needle = caseSensitive ? wanted : foldAscii(wanted);
  const ranges: [number, number][] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
    ranges.push([at, at + needle.length]);
  }
  return ranges;
}

function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

class BlockSearch implements LogSearch {
  /** Matching lines counted per block, up to how many of its lines. */
  readonly #counted = new WeakMap<LogBlock, { lines: number; matches: number }>();

  constructor(
    private readonly blocks: () => readonly LogBlock[],
    private readonly matcher: Matcher,
    readonly query: string,
  ) {}

  /** Whether line i of the block matches, escape sequences aside. */
  #lineMatches(block: LogBlock, i: number): boolean {
    const start = block.starts[i] as number;
    const end = block.endOf(i);
    if (((block.meta[i] as number) & HAS_ESCAPE) === 0)
      return this.matcher.find(block.bytes, start, end) >= 0;
    return this.matcher.test(block.text(i).replace(SGR, ''));
  }

  /** The first matching line index in [from, to) of the block, else -1. */
  #nextIn(block: LogBlock, from: number, to: number): number {
    if (this.matcher.empty || from >= to) return -1;
    let line = from;
    const stop = to < block.count ? (block.starts[to] as number) : block.used;
    while (line < to) {
      const at = this.matcher.find(block.bytes, block.starts[line] as number, stop);
      const plain = at < 0 ? to : block.lineAt(at);
      // Lines with escapes between here and the byte match are checked without their escapes.
      for (let k = lowerBound(block.escaped, line); k < block.escaped.length; k++) {
        const escaped = block.escaped[k] as number;
        if (escaped >= plain) break;
        if (this.#lineMatches(block, escaped)) return escaped;
      }
      if (at < 0) return -1;
      if (((block.meta[plain] as number) & HAS_ESCAPE) === 0 || this.#lineMatches(block, plain)) return plain;
      line = plain + 1;
    }
    return -1;
  }

  /** Matching lines of a whole block, counted once up to where it has lines, then only its new lines. */
  #countBlock(block: LogBlock): number {
    const known = this.#counted.get(block) ?? { lines: 0, matches: 0 };
    let matches = known.matches;
    for (let line = known.lines; line < block.count; ) {
      const next = this.#nextIn(block, line, block.count);
      if (next < 0) break;
      matches += 1;
      line = next + 1;
    }
    this.#counted.set(block, { lines: block.count, matches });
    return matches;
  }

  count(): number {
    let total = 0;
    for (const block of this.blocks()) total += this.#countBlock(block);
    return total;
  }

  countBefore(line: number): number {
    let total = 0;
    for (const block of this.blocks()) {
      if (block.first >= line) break;
      const to = line - block.first;
      if (to >= block.count) {
        total += this.#countBlock(block);
        continue;
      }
      for (let from = 0; from < to; ) {
        const found = this.#nextIn(block, from, to);
        if (found < 0) break;
        total += 1;
        from = found + 1;
      }
    }
    return total;
  }

  next(line: number, inclusive = false): number | undefined {
    const from = inclusive ? line : line + 1;
    for (const block of this.blocks()) {
      if (block.first + block.count <= from) continue;
      const found = this.#nextIn(block, Math.max(0, from - block.first), block.count);
      if (found >= 0) return block.first + found;
    }
    return undefined;
  }

  previous(line: number): number | undefined {
    const blocks = this.blocks();
    for (let b = blocks.length - 1; b >= 0; b--) {
      const block = blocks[b] as LogBlock;
      if (block.first >= line) continue;
      const to = Math.min(block.count, line - block.first);
      let last = -1;
      for (let from = 0; from < to; ) {
        const found = this.#nextIn(block, from, to);
        if (found < 0) break;
        last = found;
        from = found + 1;
      }
      if (last >= 0) return block.first + last;
    }
    return undefined;
  }

  matches(line: number): boolean {
    for (const block of this.blocks()) {
      if (line >= block.first && line < block.first + block.count) {
        return !this.matcher.empty && this.#lineMatches(block, line - block.first);
      }
    }
    return false;
  }
}
