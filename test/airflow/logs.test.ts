// Task logs: v2 structured messages flattened to lines, v1 text
// split into its default-format parts, and the Airflow 2 JSON content (a Python literal) parsed.
// followLog's behaviour per server release is in followLog.test.ts.
import { describe, expect, it } from 'vitest';
import { flattenStructuredLog } from '../../source/airflow/flattenStructuredLog.js';
import { parsePythonLogContent } from '../../source/airflow/parsePythonLogContent.js';
import { parseTextLogLine } from '../../source/airflow/parseTextLog.js';
import { BadResponse } from '../../source/core/errors.js';

describe('flattenStructuredLog (§5.9 structured line)', () => {
  it('maps event, level, timestamp and logger, renders group markers and error_detail', () => {
    const lines = flattenStructuredLog([
      { event: '::group::Log message source details', sources: ['/logs/attempt=1.log'] },
      { event: '::endgroup::' },
      { timestamp: '2024-11-07T12:34:56.078901Z', level: 'info', event: 'Starting', logger: 'task.stdout' },
      {
        timestamp: '2025-04-01T17:20:08Z',
        level: 'warning',
        event: 'two\nlines',
        chan: 'stderr',
        attempt: 2,
      },
      {
        timestamp: '2025-04-01T17:20:09Z',
        level: 'error',
        event: 'Task failed with exception',
        logger: 'task',
        error_detail: [
          {
            exc_type: 'ValueError',
            exc_value: 'boom',
            frames: [{ filename: '/dags/x.py', lineno: 12, name: 'run' }],
          },
        ],
        ti_id: 'hidden',
      },
      'a legacy plain line',
    ]);
    expect(lines).toEqual([
      { text: 'Log message source details' },
      { text: '  /logs/attempt=1.log' },
      { text: 'Starting', timestamp: '2024-11-07T12:34:56.078901Z', level: 'info', source: 'task.stdout' },
      { text: 'two', timestamp: '2025-04-01T17:20:08Z', level: 'warning', source: 'stderr' },
      { text: 'lines attempt=2', level: 'warning' },
      {
        text: 'Task failed with exception',
        timestamp: '2025-04-01T17:20:09Z',
        level: 'error',
        source: 'task',
      },
      { text: 'Traceback (most recent call last):', level: 'error' },
      { text: '  File "/dags/x.py", line 12, in run', level: 'error' },
      { text: 'ValueError: boom', level: 'error' },
      { text: 'a legacy plain line' },
    ]);
  });

  it('keeps a pre-rendered error_detail string', () => {
    const lines = flattenStructuredLog([
      { event: 'failed', level: 'ERROR', error_detail: 'Traceback\n  boom' },
    ]);
    expect(lines.map((l) => l.text)).toEqual(['failed', 'Traceback', '  boom']);
    expect(lines[0]?.level).toBe('error');
  });
});

describe('parseTextLogLine (§5.9 v1 text/plain)', () => {
  it('splits the default Airflow 2 format and keeps other lines verbatim', () => {
    const lines = [
      'worker-1',
      '*** Found local files:',
      '[2026-03-20T10:00:01.123+0000] {taskinstance.py:1234} INFO - Starting attempt 1',
      'Traceback (most recent call last):',
      '[2026-03-20T10:00:02.000+0000] {risk.py:9} ERROR - boom',
    ].map(parseTextLogLine);
    expect(lines).toEqual([
      { text: 'worker-1' },
      { text: '*** Found local files:' },
      {
        text: 'Starting attempt 1',
        timestamp: '2026-03-20T10:00:01.123+0000',
        source: 'taskinstance.py:1234',
        level: 'info',
      },
      { text: 'Traceback (most recent call last):' },
      { text: 'boom', timestamp: '2026-03-20T10:00:02.000+0000', source: 'risk.py:9', level: 'error' },
    ]);
  });
});

describe('parseTextLogLine', () => {
  it('keeps a carriage return inside a default-format message (a progress bar) as message text', () => {
    expect(parseTextLogLine('[ts] {x.py:1} INFO - 10%\r100%')).toEqual({
      text: '10%\r100%',
      timestamp: 'ts',
      source: 'x.py:1',
      level: 'info',
    });
  });
});

describe('parsePythonLogContent (§5.9 v1 JSON content: str() of [(host, text)])', () => {
  it("reads repr()'s quoting and escapes back into the text", () => {
    expect(
      parsePythonLogContent(
        "[('worker-1', '*** Found\\n[ts] it\\'s \\x1b[31mred\\x1b[0m \\u202e \\U0001f600 back\\\\slash\\t\\r'), (\"w2\", \"it's\\n\"), (None, 'x')]",
      ),
    ).toEqual([
      { host: 'worker-1', text: "*** Found\n[ts] it's \x1b[31mred\x1b[0m \u202e 😀 back\\slash\t\r" },
      { host: 'w2', text: "it's\n" },
      { host: '', text: 'x' },
    ]);
    expect(parsePythonLogContent('[]')).toEqual([]);
  });

  it('refuses anything else with one line that says so', () => {
    for (const bad of ['nope', "[('a', 'unterminated)]", "[('a' 'b')]", "[('a', 'b')] trailing"]) {
      expect(() => parsePythonLogContent(bad)).toThrow(BadResponse);
    }
  });
});
