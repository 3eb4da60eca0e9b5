// A task log held outside React, for the log pane: bounded by bytes (the oldest lines go first),
// not by a line count, and compact. Lines are stored as sanitised UTF-8 (formatLogLine), each
// followed by a newline, in 4 MiB blocks with a small index per block (where each line starts, its
// level, the length of its timestamp prefix), so a million lines are one hundred-odd megabytes and a
// handful of objects, not a million strings. Memory comes back block by block when old lines go.
// A whole block is also the unit of search (Buffer.indexOf, or a case-folding Boyer-Moore-Horspool
// scan), and saving the log is writing the blocks out.
//
// Readers subscribe: changes are announced at most once per `notifyMs` (about 30 a second) however
// fast lines arrive, with a version number for useSyncExternalStore, and only the window on screen
// is ever decoded back into strings.
import { open } from 'node:fs/promises';
import { detectLogLevel } from './detectLogLevel.js';
import { formatLogLine } from './formatLogLine.js';
import type { LogLevel, LogLine } from './model.js';

export interface LogBufferOptions {
  /** Memory the buffer may hold (text and index); the oldest lines are dropped beyond it. Default 128 MiB. */
  maxBytes?: number;
  /** Least time between two change notifications. Default 33 ms. */
  notifyMs?: number;
  /** Size of one storage block. Default 4 MiB. */
  blockBytes?: number;
}

/** One stored line, decoded. */
export interface BufferedLine {
  /** Its number: 0 for the first line ever appended, dropped lines keep theirs. */
  number: number;
  /** `[timestamp] ` or '': shown or hidden by the pane. */
  prefix: string;
  /** The rest of the line, sanitised (SGR colours kept). */
  text: string;
  level?: LogLevel;
}

export interface SearchOptions {
  /** Default: case-sensitive when the query has an upper-case letter ("smart case"). */
  caseSensitive?: boolean;
}

/** A search kept open while lines arrive: counting is incremental, moving is a scan from a line. */
export interface LogSearch {
  readonly query: string;
  /** Lines held that match. */
  count(): number;
  /** The first matching line after `line` (or at it, with `inclusive`), else undefined. */
  next(line: number, inclusive?: boolean): number | undefined;
  /** The last matching line before `line`, else undefined. */
  previous(line: number): number | undefined;
  /** Whether one held line matches. */
  matches(line: number): boolean;
}

/** The lines kept by a filter: matches and `context` lines around each, in order. */
export interface LogFilter {
  readonly query: string;
  readonly context: number;
  /** Takes in the lines appended (and forgets those dropped) since the last refresh. */
  refresh(): void;
  /** How many lines are kept. */
  readonly size: number;
  /** The line number of the i-th kept line. */
  at(index: number): number;
  /** Index of the first kept line at or after `line` (size when none). */
  indexAtOrAfter(line: number): number;
}

export interface SavedLog {
  path: string;
  lines: number;
  bytes: number;
  /** Lines dropped for space before the save: not in the file. */
  dropped: number;
}

export interface LogBuffer {
  append(lines: readonly LogLine[]): void;
  /** Number of the oldest line held. */
  readonly first: number;
  /** One past the newest line: the number the next line will get. */
  readonly end: number;
  /** Lines held (end - first). */
  readonly size: number;
  /** Lines dropped for space so far. */
  readonly dropped: number;
  /** Memory held by text and index. */
  readonly bytes: number;
  line(number: number): BufferedLine | undefined;
  /** Up to `count` lines from `start` (clamped to what is held). */
  read(start: number, count: number): BufferedLine[];
  search(query: string, options?: SearchOptions): LogSearch;
  filter(query: string, context: number, options?: SearchOptions): LogFilter;
  /**
   * The first line after `line` (before it, with direction -1) at `level` or worse that starts a
   * block of such lines: "next error" lands on a traceback's first line, not inside it.
   */
  findLevel(line: number, direction: 1 | -1, level?: LogLevel): number | undefined;
  /** Writes every line held to a new file (mode 0600; an existing file is never replaced). */
  save(path: string): Promise<SavedLog>;
  subscribe(listener: () => void): () => void;
  /** Changes on every announced change: the useSyncExternalStore snapshot. */
  getVersion(): number;
  clear(): void;
  dispose(): void;
}

export const DEFAULT_LOG_BUFFER_BYTES = 128 * 1024 * 1024;
const DEFAULT_BLOCK_BYTES = 4 * 1024 * 1024;
const DEFAULT_NOTIFY_MS = 33;
const INITIAL_LINES = 4096;
const NEWLINE = 0x0a;
const ESC = '\x1b';

const LEVEL_CODES: Record<LogLevel, number> = { debug: 1, info: 2, warning: 3, error: 4, critical: 5 };
const LEVELS: readonly (LogLevel | undefined)[] = [
  undefined,
  'debug',
  'info',
  'warning',
  'error',
  'critical',
];
const LEVEL_MASK = 0x07;
/** The line holds an escape sequence (an SGR colour): searches look at it without them. */
const HAS_ESCAPE = 0x08;
const TRACEBACK = 'Traceback (most recent call last):';
// The SGR sequences sanitize() keeps; nothing else with an ESC survives it.
const SGR = /\x1b\[[0-9;]*m/g;

class Block {
  readonly bytes: Buffer;
  used = 0;
  count = 0;
  starts: Uint32Array;
  meta: Uint8Array;
  prefix: Uint8Array;
  /** Indexes of the lines with an escape sequence: few, so searched one by one. */
  readonly escaped: number[] = [];

  constructor(
    readonly first: number,
    size: number,
  ) {
    this.bytes = Buffer.allocUnsafe(size);
    this.starts = new Uint32Array(INITIAL_LINES);
    this.meta = new Uint8Array(INITIAL_LINES);
    this.prefix = new Uint8Array(INITIAL_LINES);
  }

  get footprint(): number {
    return this.bytes.length + this.starts.byteLength + this.meta.byteLength + this.prefix.byteLength;
  }

  /** Byte offset one past line i's text (its newline). */
  endOf(i: number): number {
    return (i + 1 < this.count ? (this.starts[i + 1] as number) : this.used) - 1;
  }

  /** The line that holds byte `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  text(i: number): string {
    return this.bytes.toString('utf8', this.starts[i] as number, this.endOf(i));
  }

  grow(): void {
    const capacity = this.starts.length * 2;
    const starts = new Uint32Array(capacity);
    starts.set(this.starts);
    const meta = new Uint8Array(capacity);
    meta.set(this.meta);
    const prefix = new Uint8Array(capacity);
    prefix.set(this.prefix);
    this.starts = starts;
    this.meta = meta;
    this.prefix = prefix;
  }

  /** Drops the unused end of the index once no line will be added. */
  seal(): void {
    this.starts = this.starts.slice(0, this.count);
    this.meta = this.meta.slice(0, this.count);
    this.prefix = this.prefix.slice(0, this.count);
  }
}

export function createLogBuffer(options: LogBufferOptions = {}): LogBuffer {
  return new BlockLogBuffer(options);
}

class BlockLogBuffer implements LogBuffer {
  readonly #maxBytes: number;
  readonly #notifyMs: number;
  readonly #blockBytes: number;
  #blocks: Block[] = [];
  #end = 0;
  #dropped = 0;
  #bytes = 0;
  #inTraceback = false;
  readonly #listeners = new Set<() => void>();
  #version = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastNotify = 0;

  constructor(options: LogBufferOptions) {
    this.#maxBytes = options.maxBytes ?? DEFAULT_LOG_BUFFER_BYTES;
    this.#notifyMs = options.notifyMs ?? DEFAULT_NOTIFY_MS;
    this.#blockBytes = Math.max(1024, options.blockBytes ?? DEFAULT_BLOCK_BYTES);
  }

  get first(): number {
    return this.#end - this.size;
  }
  get end(): number {
    return this.#end;
  }
  get size(): number {
    let size = 0;
    for (const block of this.#blocks) size += block.count;
    return size;
  }
  get dropped(): number {
    return this.#dropped;
  }
  get bytes(): number {
    return this.#bytes;
  }

  append(lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    for (const line of lines) {
      const { prefix, body } = formatLogLine(line);
      const parts = body.includes('\n') ? body.split('\n') : [body];
      parts.forEach((part, index) => {
        const head = index === 0 ? prefix : '';
        this.#store(head, part, this.#levelOf(line.level, part));
      });
    }
    this.#trim();
    this.#changed();
  }

  /** The given level, else one read from the text; a traceback's lines are errors to its end. */
  #levelOf(given: LogLevel | undefined, text: string): LogLevel | undefined {
    if (this.#inTraceback) {
      if (text.trim() !== '' && !/^\s/.test(text)) this.#inTraceback = false;
      return given ?? 'error';
    }
    if (text.startsWith(TRACEBACK)) {
      this.#inTraceback = true;
      return given ?? 'error';
    }
    return given ?? detectLogLevel(text);
  }

  #store(prefix: string, text: string, level: LogLevel | undefined): void {
    const prefixBytes = prefix === '' ? 0 : Buffer.byteLength(prefix);
    const size = prefixBytes + Buffer.byteLength(text) + 1;
    let block = this.#blocks[this.#blocks.length - 1];
    if (!block || block.used + size > block.bytes.length) {
      block?.seal();
      block = new Block(this.#end, Math.max(this.#blockBytes, size));
      this.#blocks.push(block);
      this.#recount();
    }
    if (block.count === block.starts.length) {
      block.grow();
      this.#recount();
    }
    const at = block.used;
    if (prefixBytes > 0) block.bytes.write(prefix, at, 'utf8');
    const written = block.bytes.write(text, at + prefixBytes, 'utf8');
    block.bytes[at + prefixBytes + written] = NEWLINE;
    const i = block.count;
    block.starts[i] = at;
    block.prefix[i] = Math.min(255, prefixBytes);
    let meta = level ? LEVEL_CODES[level] : 0;
    if (text.includes(ESC) || prefix.includes(ESC)) {
      meta |= HAS_ESCAPE;
      block.escaped.push(i);
    }
    block.meta[i] = meta;
    block.count += 1;
    block.used = at + size;
    this.#end += 1;
  }

  #recount(): void {
    let bytes = 0;
    for (const block of this.#blocks) bytes += block.footprint;
    this.#bytes = bytes;
  }

  /** Drops the oldest blocks while over the budget, never the one being written. */
  #trim(): void {
    while (this.#bytes > this.#maxBytes && this.#blocks.length > 1) {
      const oldest = this.#blocks.shift() as Block;
      this.#dropped += oldest.count;
      this.#bytes -= oldest.footprint;
    }
  }

  #changed(): void {
    if (this.#timer || this.#listeners.size === 0) {
      if (this.#listeners.size === 0) this.#version += 1;
      return;
    }
    const wait = Math.max(0, this.#lastNotify + this.#notifyMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#lastNotify = Date.now();
      this.#version += 1;
      for (const listener of [...this.#listeners]) listener();
    }, wait);
    this.#timer.unref?.();
  }

  /** The block holding line `number`, and the line's index in it. */
  #locate(number: number): { block: Block; index: number } | undefined {
    if (number < this.first || number >= this.#end) return undefined;
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((blocks[mid] as Block).first <= number) lo = mid;
      else hi = mid - 1;
    }
    const block = blocks[lo] as Block;
    return { block, index: number - block.first };
  }

  #decode(block: Block, index: number): BufferedLine {
    const start = block.starts[index] as number;
    const split = start + (block.prefix[index] as number);
    const end = block.endOf(index);
    const level = LEVELS[(block.meta[index] as number) & LEVEL_MASK];
    return {
      number: block.first + index,
      prefix: split > start ? block.bytes.toString('utf8', start, split) : '',
      text: block.bytes.toString('utf8', split, end),
      ...(level ? { level } : {}),
    };
  }

  line(number: number): BufferedLine | undefined {
    const found = this.#locate(number);
    return found ? this.#decode(found.block, found.index) : undefined;
  }

  read(start: number, count: number): BufferedLine[] {
    const out: BufferedLine[] = [];
    const from = Math.max(start, this.first);
    const to = Math.min(this.#end, start + Math.max(0, count));
    let found = this.#locate(from);
    for (let number = from; number < to && found; number++) {
      out.push(this.#decode(found.block, found.index));
      found =
        found.index + 1 < found.block.count
          ? { block: found.block, index: found.index + 1 }
          : this.#locate(number + 1);
    }
    return out;
  }

  search(query: string, options: SearchOptions = {}): LogSearch {
    return new BlockSearch(() => this.#blocks, matcherFor(query, options), query);
  }

  filter(query: string, context: number, options: SearchOptions = {}): LogFilter {
    const search = this.search(query, options);
    return new BufferFilter(this, search, query, Math.max(0, Math.floor(context)));
  }

  findLevel(line: number, direction: 1 | -1, level: LogLevel = 'error'): number | undefined {
    const min = LEVEL_CODES[level];
    const blocks = this.#blocks;
    // Walks the level bytes block by block; `previous` is the level of the line before the current one.
    const levelAt = (block: Block, index: number) => (block.meta[index] as number) & LEVEL_MASK;
    if (direction === 1) {
      const from = Math.max(line + 1, this.first);
      let previous = from > this.first ? (this.#levelOfLine(from - 1) ?? 0) : 0;
      for (const block of blocks) {
        if (block.first + block.count <= from) continue;
        for (let i = Math.max(0, from - block.first); i < block.count; i++) {
          const current = levelAt(block, i);
          if (current >= min && previous < min) return block.first + i;
          previous = current;
        }
      }
      return undefined;
    }
    const to = Math.min(line - 1, this.#end - 1);
    for (let b = blocks.length - 1; b >= 0; b--) {
      const block = blocks[b] as Block;
      if (block.first > to) continue;
      for (let i = Math.min(block.count - 1, to - block.first); i >= 0; i--) {
        if (levelAt(block, i) < min) continue;
        const number = block.first + i;
        const before = number > this.first ? (this.#levelOfLine(number - 1) ?? 0) : 0;
        if (before < min) return number;
      }
    }
    return undefined;
  }

  #levelOfLine(number: number): number | undefined {
    const found = this.#locate(number);
    return found ? (found.block.meta[found.index] as number) & LEVEL_MASK : undefined;
  }

  async save(path: string): Promise<SavedLog> {
    const file = await open(path, 'wx', 0o600);
    let bytes = 0;
    let lines = 0;
    try {
      for (const block of [...this.#blocks]) {
        const used = block.used;
        await file.write(block.bytes, 0, used);
        bytes += used;
        lines += block.count;
      }
    } finally {
      await file.close();
    }
    return { path, lines, bytes, dropped: this.#dropped };
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  getVersion(): number {
    return this.#version;
  }

  clear(): void {
    this.#dropped += this.size;
    this.#blocks = [];
    this.#bytes = 0;
    this.#inTraceback = false;
    this.#changed();
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
    this.#blocks = [];
    this.#bytes = 0;
  }

  /** For the filter and the search: the held blocks. */
  blocks(): readonly Block[] {
    return this.#blocks;
  }
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

function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

class BlockSearch implements LogSearch {
  /** Matching lines counted per block, up to how many of its lines. */
  readonly #counted = new WeakMap<Block, { lines: number; matches: number }>();

  constructor(
    private readonly blocks: () => readonly Block[],
    private readonly matcher: Matcher,
    readonly query: string,
  ) {}

  /** Whether line i of the block matches, escape sequences aside. */
  #lineMatches(block: Block, i: number): boolean {
    const start = block.starts[i] as number;
    const end = block.endOf(i);
    if (((block.meta[i] as number) & HAS_ESCAPE) === 0)
      return this.matcher.find(block.bytes, start, end) >= 0;
    return this.matcher.test(block.text(i).replace(SGR, ''));
  }

  /** The first matching line index in [from, to) of the block, else -1. */
  #nextIn(block: Block, from: number, to: number): number {
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

  count(): number {
    let total = 0;
    for (const block of this.blocks()) {
      const known = this.#counted.get(block) ?? { lines: 0, matches: 0 };
      let matches = known.matches;
      for (let line = known.lines; line < block.count; ) {
        const next = this.#nextIn(block, line, block.count);
        if (next < 0) break;
        matches += 1;
        line = next + 1;
      }
      this.#counted.set(block, { lines: block.count, matches });
      total += matches;
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
      const block = blocks[b] as Block;
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

class BufferFilter implements LogFilter {
  #kept = new Uint32Array(1024);
  #start = 0;
  #length = 0;
  #scanned: number;
  /** Lines up to this one are kept as context after a match. */
  #keepUntil = -1;

  constructor(
    private readonly buffer: BlockLogBuffer,
    private readonly search: LogSearch,
    readonly query: string,
    readonly context: number,
  ) {
    this.#scanned = buffer.first;
    this.refresh();
  }

  get size(): number {
    return this.#length;
  }

  at(index: number): number {
    return this.#kept[this.#start + index] as number;
  }

  indexAtOrAfter(line: number): number {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid) < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #push(line: number): void {
    if (this.#length > 0 && this.at(this.#length - 1) >= line) return;
    if (this.#start + this.#length === this.#kept.length) {
      const grown = new Uint32Array(Math.max(1024, this.#length * 2));
      grown.set(this.#kept.subarray(this.#start, this.#start + this.#length));
      this.#kept = grown;
      this.#start = 0;
    }
    this.#kept[this.#start + this.#length] = line;
    this.#length += 1;
  }

  refresh(): void {
    const first = this.buffer.first;
    // Lines dropped from the buffer leave the filter too.
    const gone = this.indexAtOrAfter(first);
    this.#start += gone;
    this.#length -= gone;
    if (this.#scanned < first) this.#scanned = first;
    const end = this.buffer.end;
    while (this.#scanned < end) {
      const match = this.search.next(this.#scanned, true);
      const upTo = match === undefined ? end : match;
      // Context after the last match, then the context before the next one.
      for (let line = this.#scanned; line <= Math.min(this.#keepUntil, upTo - 1); line++) this.#push(line);
      if (match === undefined) break;
      for (let line = Math.max(first, match - this.context); line <= match; line++) this.#push(line);
      this.#keepUntil = match + this.context;
      this.#scanned = match + 1;
    }
    this.#scanned = end;
  }
}
