// The rows a log pane shows, and only those: the lines from `top` down (paused), or up from the last
// line (following), laid out at the pane's width. Lines come from a LineSource: the whole buffer,
// or the lines a filter keeps. Nothing else of the log is read or decoded.
import type { BufferedLine, LogBuffer, LogFilter } from '../../core/logBuffer.js';
import { matchRanges } from '../../core/logSearch.js';
import type { LogLevel } from '../../core/model.js';
import { layoutLogLine, type RowSegment, stripSgr } from './layoutLogLine.js';

/** The lines a pane walks through, by line number (numbers stay put while old lines are dropped). */
export interface LineSource {
  /** First and last line shown; undefined when there is none. */
  first(): number | undefined;
  last(): number | undefined;
  /** The line `steps` shown lines after `line` (before it when negative), stopping at the ends. */
  step(line: number, steps: number): number;
  /** The first shown line at or after `line`, else the last one. */
  atOrAfter(line: number): number | undefined;
  /** Whether `line` is one of the shown lines. */
  has(line: number): boolean;
  /** How many lines are shown. */
  count(): number;
  read(line: number): BufferedLine | undefined;
}

export function bufferSource(buffer: LogBuffer): LineSource {
  const last = () => (buffer.size > 0 ? buffer.end - 1 : undefined);
  return {
    first: () => (buffer.size > 0 ? buffer.first : undefined),
    last,
    step: (line, steps) => Math.max(buffer.first, Math.min(buffer.end - 1, line + steps)),
    atOrAfter: (line) =>
      buffer.size === 0 ? undefined : Math.max(buffer.first, Math.min(buffer.end - 1, line)),
    has: (line) => line >= buffer.first && line < buffer.end,
    count: () => buffer.size,
    read: (line) => buffer.line(line),
  };
}

export function filterSource(buffer: LogBuffer, filter: LogFilter): LineSource {
  const index = (line: number) => Math.min(filter.size - 1, filter.indexAtOrAfter(line));
  return {
    first: () => (filter.size > 0 ? filter.at(0) : undefined),
    last: () => (filter.size > 0 ? filter.at(filter.size - 1) : undefined),
    step(line, steps) {
      const at = index(line);
      return filter.at(Math.max(0, Math.min(filter.size - 1, at + steps)));
    },
    atOrAfter: (line) => (filter.size === 0 ? undefined : filter.at(index(line))),
    has(line) {
      const at = filter.indexAtOrAfter(line);
      return at < filter.size && filter.at(at) === line;
    },
    count: () => filter.size,
    read: (line) => buffer.line(line),
  };
}

export interface WindowOptions {
  /** Rows available for lines. */
  height: number;
  /** Columns available for a line's text. */
  width: number;
  follow: boolean;
  /** First line shown when not following. */
  top: number;
  wrap: boolean;
  scroll: number;
  timestamps: boolean;
  /** Text to highlight (the search, else the filter). */
  highlight: string | undefined;
  keepSgr: boolean;
}

export interface WindowRow {
  line: number;
  /** The line's first row (later rows of a wrapped line are continuations). */
  first: boolean;
  segments: RowSegment[];
  level?: LogLevel;
}

export interface LogWindow {
  rows: WindowRow[];
  /** First and last line with a row on screen. */
  firstLine: number | undefined;
  lastLine: number | undefined;
  /** The source's last line is on screen in full: new lines would scroll in. */
  atEnd: boolean;
}

export function computeWindow(source: LineSource, options: WindowOptions): LogWindow {
  const height = Math.max(1, options.height);
  const first = source.first();
  const last = source.last();
  if (first === undefined || last === undefined) {
    return { rows: [], firstLine: undefined, lastLine: undefined, atEnd: true };
  }
  const rowsOf = (number: number): WindowRow[] => {
    const line = source.read(number);
    if (!line) return [];
    const text = options.timestamps ? `${line.prefix}${line.text}` : line.text;
    const ranges = options.highlight ? matchRanges(stripSgr(text), options.highlight) : [];
    const laid = layoutLogLine(text, {
      width: options.width,
      wrap: options.wrap,
      scroll: options.scroll,
      ranges,
      keepSgr: options.keepSgr,
    });
    return laid.map((segments, i) => ({
      line: number,
      first: i === 0,
      segments,
      ...(line.level ? { level: line.level } : {}),
    }));
  };

  if (!options.follow) {
    const rows: WindowRow[] = [];
    let number = source.atOrAfter(options.top) ?? first;
    for (;;) {
      rows.push(...rowsOf(number));
      if (rows.length >= height || number === last) break;
      number = source.step(number, 1);
    }
    // Scrolled down to the end with room to spare: show the end as following does.
    if (!(number === last && rows.length < height)) {
      const shown = rows.slice(0, height);
      return {
        rows: shown,
        firstLine: shown[0]?.line,
        lastLine: shown[shown.length - 1]?.line,
        atEnd: number === last && rows.length === height,
      };
    }
  }

  const rows: WindowRow[] = [];
  let number = last;
  for (;;) {
    rows.unshift(...rowsOf(number));
    if (rows.length >= height || number === first) break;
    number = source.step(number, -1);
  }
  const shown = rows.slice(Math.max(0, rows.length - height));
  return { rows: shown, firstLine: shown[0]?.line, lastLine: last, atEnd: true };
}
