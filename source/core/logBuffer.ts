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
import { HAS_ESCAPE, LEVEL_CODES, LEVEL_MASK, LEVELS, LogBlock } from './logBlock.js';
import { createLogFilter, type LogFilter } from './logFilter.js';
import { createLogSearch, type LogSearch, type SearchOptions } from './logSearch.js';
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
const NEWLINE = 0x0a;
const ESC = '\x1b';

const TRACEBACK = 'Traceback (most recent call last):';

export function createLogBuffer(options: LogBufferOptions = {}): LogBuffer {
  return new BlockLogBuffer(options);
}

class BlockLogBuffer implements LogBuffer {
  readonly #maxBytes: number;
  readonly #notifyMs: number;
  readonly #blockBytes: number;
  #blocks: LogBlock[] = [];
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
      block = new LogBlock(this.#end, Math.max(this.#blockBytes, size));
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
      const oldest = this.#blocks.shift() as LogBlock;
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
  #locate(number: number): { block: LogBlock; index: number } | undefined {
    if (number < this.first || number >= this.#end) return undefined;
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((blocks[mid] as LogBlock).first <= number) lo = mid;
      else hi = mid - 1;
    }
    const block = blocks[lo] as LogBlock;
    return { block, index: number - block.first };
  }

  #decode(block: LogBlock, index: number): BufferedLine {
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
    return createLogSearch(() => this.#blocks, query, options);
  }

  filter(query: string, context: number, options: SearchOptions = {}): LogFilter {
    return createLogFilter(this, this.search(query, options), context);
  }

  findLevel(line: number, direction: 1 | -1, level: LogLevel = 'error'): number | undefined {
    const min = LEVEL_CODES[level];
    const blocks = this.#blocks;
    // Walks the level bytes block by block; `previous` is the level of the line before the current one.
    const levelAt = (block: LogBlock, index: number) => (block.meta[index] as number) & LEVEL_MASK;
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
      const block = blocks[b] as LogBlock;
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
}

export type { LogFilter, LogSearch, SearchOptions };
