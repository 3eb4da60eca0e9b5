// One storage block of the log buffer (logBuffer.ts): a run of sanitised UTF-8 lines, each followed
// by a newline, and a small index per line (where it starts, its level and escape flag, the length
// of its timestamp prefix). A block is the unit memory is given back in and the unit of search.
import type { LogLevel } from './model.js';

const INITIAL_LINES = 4096;
export const LEVEL_CODES: Record<LogLevel, number> = { debug: 1, info: 2, warning: 3, error: 4, critical: 5 };
export const LEVELS: readonly (LogLevel | undefined)[] = [
  undefined,
  'debug',
  'info',
  'warning',
  'error',
  'critical',
];
export const LEVEL_MASK = 0x07;
/** The line holds an escape sequence (an SGR colour): searches look at it without them. */
export const HAS_ESCAPE = 0x08;

export class LogBlock {
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
