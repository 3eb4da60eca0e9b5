// One text form of a log line (source/core/formatLogLine.ts) and the level and failure-line
// readers: Airflow's own format for timestamped lines, SGR colours kept only when asked, every
// other escape dropped, and a line of any length cut to what a screen can show.
import { describe, expect, it } from 'vitest';
import { detectLogLevel } from '../../source/core/detectLogLevel.js';
import { FailureLineFinder } from '../../source/core/failureLineFinder.js';
import { formatLogLine, MAX_LINE_CHARS, safeLogText } from '../../source/core/formatLogLine.js';

describe('formatLogLine', () => {
  it('writes timestamped lines as Airflow does, others as their text', () => {
    expect(
      formatLogLine({
        text: 'Starting',
        timestamp: '2026-01-01T00:00:00Z',
        level: 'warning',
        source: 'x.py:1',
      }),
    ).toEqual({ prefix: '[2026-01-01T00:00:00Z] ', body: '{x.py:1} WARNING - Starting' });
    expect(formatLogLine({ text: 'no source', timestamp: 'T' })).toEqual({
      prefix: '[T] ',
      body: 'INFO - no source',
    });
    expect(formatLogLine({ text: 'plain', level: 'error' })).toEqual({ prefix: '', body: 'plain' });
  });

  it('sanitises text, timestamp and source; keeps SGR only when asked', () => {
    const line = { text: '\x1b[31mred\x1b[0m \x1b]0;title\x07', timestamp: 'T\x1b[2J', source: 's\x07' };
    expect(formatLogLine(line)).toEqual({ prefix: '[T] ', body: '{s␇} INFO - \x1b[31mred\x1b[0m ' });
    expect(formatLogLine(line, { keepSgr: false }).body).toBe('{s␇} INFO - red ');
  });

  it('cuts a line longer than a screen could show, without scanning all of it', () => {
    expect(safeLogText('x'.repeat(MAX_LINE_CHARS))).toHaveLength(MAX_LINE_CHARS);
    expect(safeLogText(`${'y'.repeat(20_000)}`)).toBe(
      `${'y'.repeat(MAX_LINE_CHARS)}… (+${20_000 - MAX_LINE_CHARS} chars)`,
    );
    const huge = `\x1b]52;c;${'z'.repeat(10 * 1024 * 1024)}`;
    const safe = safeLogText(huge);
    expect(safe.length).toBeLessThan(MAX_LINE_CHARS + 40);
    expect(safe).not.toContain('\x1b');
  });
});

describe('detectLogLevel', () => {
  it('reads the first level word near the start, or the shape of an exception', () => {
    expect(detectLogLevel('25/03/20 10:00:01 ERROR Executor: Exception in task')).toBe('error');
    expect(detectLogLevel('INFO  DAGScheduler: Job 3 finished, no ERROR')).toBe('info');
    expect(detectLogLevel('WARN TaskSetManager: lost')).toBe('warning');
    expect(detectLogLevel('CRITICAL:root:disk full')).toBe('critical');
    expect(detectLogLevel('DEBUG x')).toBe('debug');
    expect(detectLogLevel('ValueError: boom')).toBe('error');
    expect(detectLogLevel('org.apache.spark.SparkException: Job aborted')).toBe('error');
    expect(detectLogLevel('Traceback (most recent call last):')).toBe('error');
    expect(detectLogLevel('an error was mentioned in passing')).toBeUndefined();
    expect(detectLogLevel(`${'x'.repeat(200)} ERROR late`)).toBeUndefined();
  });
});

describe('FailureLineFinder', () => {
  it("prefers a traceback's exception to the error line before it, and stops there", () => {
    const finder = new FailureLineFinder();
    expect(
      finder.push([
        { text: 'ok', level: 'info' },
        { text: 'Task failed with exception', level: 'error' },
      ]),
    ).toBeUndefined();
    expect(
      finder.push([
        { text: 'Traceback (most recent call last):' },
        { text: '  File "x.py", line 3, in run' },
        { text: '    raise ValueError("boom")' },
        { text: 'ValueError: boom' },
        { text: 'later error', level: 'error' },
      ]),
    ).toBe('ValueError: boom');
  });

  it('takes the first error line when no traceback follows it, even at the very end', () => {
    const finder = new FailureLineFinder();
    expect(finder.push([{ text: 'ERROR Executor: lost' }, { text: 'next' }])).toBe('ERROR Executor: lost');
    const last = new FailureLineFinder();
    last.push([{ text: 'fine' }, { text: 'failed for good', level: 'critical' }]);
    expect(last.end()).toBe('failed for good');
    expect(new FailureLineFinder().end()).toBeUndefined();
  });
});
