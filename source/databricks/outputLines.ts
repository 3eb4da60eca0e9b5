// runs/get-output as log lines. `logs` (stdout/stderr of python,
// wheel and jar tasks; the last 5 MB only) is re-read whole on every poll while the task runs, so
// newLogLines diffs it: by position while the server keeps all of it, and once it keeps only the
// tail (`logs_truncated`), by finding the end of what was already delivered in the new text. The
// error, its trace and the notebook's exit value come once the task has ended (closingLines).
import type { LogCursor, LogLine } from '../core/model.js';
import type { RunOutput } from './schemas.js';

/**
 * The end of the delivered text kept to find our place again in a log that lost its start: its
 * last few lines (timestamps make them unique), at most this many characters.
 */
const TAIL_LINES = 4;
const TAIL_CHARS = 2048;

export interface NewLogLines {
  lines: LogLine[];
  cursor: LogCursor;
  /** The server no longer had lines between our place and its window. */
  missed: boolean;
}

export function newLogLines(cursor: LogCursor, output: RunOutput, final: boolean): NewLogLines {
  const text = output.logs ?? '';
  const truncated = output.logs_truncated === true;
  // Offsets of the line starts; the text after the last newline is a line still being written.
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const complete = starts.length - 1;
  let from: number;
  let missed = false;
  if (!truncated) {
    from = Math.min(cursor.position, complete);
  } else {
    const found = cursor.tail ? text.indexOf(cursor.tail) : -1;
    if (found >= 0) {
      const end = found + (cursor.tail?.length ?? 0);
      from = starts.findIndex((start) => start >= end);
      if (from < 0) from = complete;
    } else {
      // Our place fell out of the window (or nothing was read yet): its first line may be cut.
      missed = cursor.position > 0;
      from = Math.min(1, complete);
    }
  }
  const lines: LogLine[] = [];
  for (let i = from; i < complete; i++) lines.push({ text: lineAt(text, starts, i) });
  let endOffset = starts[complete] as number;
  const held = text.slice(endOffset);
  if (final && held !== '') {
    lines.push({ text: withoutCr(held) });
    endOffset = text.length;
  }
  const delivered = lines.length;
  let tailStart = endOffset;
  for (let n = 0; n < TAIL_LINES && tailStart > 0; n++) tailStart = text.lastIndexOf('\n', tailStart - 2) + 1;
  const tail = text.slice(Math.max(tailStart, endOffset - TAIL_CHARS), endOffset);
  return {
    lines,
    missed,
    cursor: {
      ...cursor,
      position: truncated ? cursor.position + delivered : from + delivered,
      ...(tail !== '' ? { tail } : {}),
    },
  };
}

/** The lines a task run's output gives once it has ended: the error and its trace, the result. */
export function closingLines(output: RunOutput): LogLine[] {
  const lines: LogLine[] = [];
  if (output.logs_truncated) {
    lines.push({ text: '(Databricks keeps only the last 5 MB of this log)', level: 'warning' });
  }
  if (output.error) {
    const [first = '', ...rest] = split(output.error);
    lines.push({ text: `error: ${first}`, level: 'error' });
    for (const text of rest) lines.push({ text, level: 'error' });
  }
  if (output.error_trace) {
    for (const text of split(output.error_trace)) lines.push({ text, level: 'error' });
  }
  if (output.info) {
    for (const text of split(output.info)) lines.push({ text, level: 'info' });
  }
  if (output.notebook_output?.result !== undefined) {
    const [first = '', ...rest] = split(output.notebook_output.result);
    lines.push({ text: `notebook result: ${first}`, level: 'info' });
    for (const text of rest) lines.push({ text, level: 'info' });
    if (output.notebook_output.truncated) {
      lines.push({ text: '(notebook result truncated by Databricks)', level: 'warning' });
    }
  }
  return lines;
}

function lineAt(text: string, starts: number[], index: number): string {
  return withoutCr(text.slice(starts[index], (starts[index + 1] as number) - 1));
}

function split(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
