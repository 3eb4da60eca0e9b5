// The filter view of the log buffer: the lines that match, each with `context` lines before and
// after, as an ordered index of line numbers that keeps up with new lines (refresh) and lets go of
// lines the buffer dropped.
import type { LogSearch } from './logSearch.js';

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

export function createLogFilter(
  buffer: { readonly first: number; readonly end: number },
  search: LogSearch,
  context: number,
): LogFilter {
  return new BufferFilter(buffer, search, search.query, Math.max(0, Math.floor(context)));
}

class BufferFilter implements LogFilter {
  #kept = new Uint32Array(1024);
  #start = 0;
  #length = 0;
  #scanned: number;
  /** Lines up to this one are kept as context after a match. */
  #keepUntil = -1;

  constructor(
    private readonly buffer: { readonly first: number; readonly end: number },
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
