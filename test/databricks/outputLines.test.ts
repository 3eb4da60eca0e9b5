// get-output as log lines (source/databricks/outputLines.ts): `logs` re-read whole is diffed by
// position; once the server keeps only its last 5 MB (`logs_truncated`) by finding the delivered
// end in the new window, and a window that moved past it says lines were missed; a line still
// being written waits until it is whole or the task ended; the error, trace and result close it.
import { describe, expect, it } from 'vitest';
import type { LogCursor } from '../../source/core/model.js';
import { closingLines, newLogLines } from '../../source/databricks/outputLines.js';

const start: LogCursor = { tryNumber: 1, position: 0 };
const texts = (lines: { text: string }[]) => lines.map((line) => line.text);

describe('newLogLines', () => {
  it('delivers complete lines by position, holding a half-written one back until the end', () => {
    const first = newLogLines(start, { logs: 'a\nb\nhal' }, false);
    expect(texts(first.lines)).toEqual(['a', 'b']);
    const second = newLogLines(first.cursor, { logs: 'a\nb\nhalf\r\nc\n' }, false);
    expect(texts(second.lines)).toEqual(['half', 'c']);
    const last = newLogLines(second.cursor, { logs: 'a\nb\nhalf\r\nc\nend' }, true);
    expect(texts(last.lines)).toEqual(['end']);
    expect(last.cursor.position).toBe(5);
  });

  it('finds its place in a window that lost the start of the log', () => {
    const full = Array.from(
      { length: 100 },
      (_, i) => `2026-01-01 00:00:${String(i).padStart(2, '0')} line ${i}\n`,
    );
    const first = newLogLines(start, { logs: full.slice(0, 60).join('') }, false);
    expect(first.lines).toHaveLength(60);
    // The window now starts mid-line 30 and ends at line 99.
    const window = full.join('').slice(full.slice(0, 30).join('').length + 7);
    const next = newLogLines(first.cursor, { logs: window, logs_truncated: true }, false);
    expect(next.missed).toBe(false);
    expect(texts(next.lines)).toEqual(full.slice(60).map((line) => line.trimEnd()));
  });

  it('says so when the window moved past what was delivered, and skips its cut first line', () => {
    const first = newLogLines(start, { logs: 'old 1\nold 2\n' }, false);
    const next = newLogLines(first.cursor, { logs: 'ut line\nnew 1\nnew 2\n', logs_truncated: true }, false);
    expect(next.missed).toBe(true);
    expect(texts(next.lines)).toEqual(['new 1', 'new 2']);
  });
});

describe('closingLines', () => {
  it('the error first, then its trace, info and the notebook result, with notes on what Databricks cut', () => {
    expect(
      closingLines({
        logs_truncated: true,
        error: 'ZeroDivisionError: division by zero\nmore',
        error_trace: 'Traceback (most recent call last):\n  File "x.py"',
        info: 'some info',
        notebook_output: { result: 'done\nsecond', truncated: true },
      }),
    ).toEqual([
      { text: '(Databricks keeps only the last 5 MB of this log)', level: 'warning' },
      { text: 'error: ZeroDivisionError: division by zero', level: 'error' },
      { text: 'more', level: 'error' },
      { text: 'Traceback (most recent call last):', level: 'error' },
      { text: '  File "x.py"', level: 'error' },
      { text: 'some info', level: 'info' },
      { text: 'notebook result: done', level: 'info' },
      { text: 'second', level: 'info' },
      { text: '(notebook result truncated by Databricks)', level: 'warning' },
    ]);
  });
});
