// The log pane's controller (issue 12 "The log pane"), against a backend whose followLog the test
// feeds batch by batch: follow at the end and paused above it with the new lines counted, search
// with its "3/120" position, n/N and wrapping, the line filter, ERROR jumps, saving the whole log to
// a new file (never over one), a stopped follow resumed from its cursor with no line twice, the
// reconnecting and missed-lines marks, a run's failed task found when none was named, the try
// picker's choices, and the follow stopped on dispose.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../../source/core/backend.js';
import { Unavailable } from '../../../source/core/errors.js';
import type {
  FollowLogOptions,
  LogBatch,
  LogCursor,
  LogLine,
  LogRef,
  TaskAttempt,
  TaskInstance,
} from '../../../source/core/model.js';
import { createLogPane, type LogPane } from '../../../source/ui/logs/logPane.js';
import type { LogTarget } from '../../../source/ui/logs/logTarget.js';
import { waitFor } from '../../support/wait.js';

interface Follow {
  ref: LogRef;
  options: FollowLogOptions;
  push(batch: Partial<LogBatch> & { lines?: LogLine[] }): void;
  fail(error: Error): void;
  end(): void;
}

/** A backend whose every followLog call is a channel the test writes batches into. */
function scriptedBackend(tasks: TaskInstance[] = [], tries: TaskAttempt[] = []) {
  const follows: Follow[] = [];
  let position = 0;
  const backend = {
    kind: 'airflow',
    async listTasks() {
      return tasks;
    },
    async listTries() {
      return tries;
    },
    followLog(ref: LogRef, options: FollowLogOptions = {}): AsyncIterable<LogBatch> {
      const queue: (LogBatch | Error | null)[] = [];
      let wake: (() => void) | undefined;
      const put = (item: LogBatch | Error | null) => {
        queue.push(item);
        wake?.();
      };
      follows.push({
        ref,
        options,
        push(batch) {
          const lines = batch.lines ?? [];
          position += lines.length;
          const cursor: LogCursor = batch.cursor ?? { tryNumber: 1, position };
          put({ done: false, ...batch, lines, cursor });
        },
        fail: (error) => put(error),
        end: () => put(null),
      });
      return {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            if (options.signal?.aborted) return;
            const item = queue.shift();
            if (item === undefined) {
              await new Promise<void>((resolve) => {
                wake = resolve;
                options.signal?.addEventListener('abort', () => resolve(), { once: true });
              });
              continue;
            }
            if (item === null) return;
            if (item instanceof Error) throw item;
            yield item;
          }
        },
      };
    },
  } as unknown as Backend;
  return { backend, follows };
}

const lines = (from: number, count: number, text = 'line'): LogLine[] =>
  Array.from({ length: count }, (_, i) => ({ text: `${text} ${from + i}` }));

const TARGET: LogTarget = { backend: 'airflow', workflowId: 'dag', runId: 'run_1', taskId: 'task' };

const panes: LogPane[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const pane of panes.splice(0)) pane.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(backend: Backend, target: LogTarget = TARGET): LogPane {
  const pane = createLogPane({ backends: { airflow: backend, databricks: backend }, target });
  pane.setViewport({ width: 60, height: 10, keepSgr: true });
  panes.push(pane);
  return pane;
}

/** Waits until the pane shows `predicate`: the follow runs asynchronously. */
async function until(pane: LogPane, predicate: (pane: LogPane) => boolean): Promise<void> {
  await waitFor(() => expect(predicate(pane)).toBe(true), { interval: 5 });
}

const shown = (pane: LogPane) =>
  pane.window().rows.map((row) => row.segments.map((segment) => segment.text).join(''));

describe('the log pane controller', () => {
  it('follows at the end; k pauses with the new lines counted; G and scrolling back down follow again', async () => {
    const { backend, follows } = scriptedBackend();
    const pane = open(backend);
    await until(pane, () => follows.length === 1);
    follows[0]?.push({ lines: lines(0, 100), state: 'running' });
    await until(pane, (p) => p.buffer.size === 100);
    expect(shown(pane).at(-1)).toBe('line 99');
    expect(pane.status()).toMatchObject({ phase: 'following', state: 'running', tryNumber: 1 });

    pane.move(-3);
    expect(pane.view().follow).toBe(false);
    expect(shown(pane)).toEqual(lines(87, 10).map((line) => line.text));
    follows[0]?.push({ lines: lines(100, 25) });
    await until(pane, (p) => p.buffer.size === 125);
    // Paused: the window stays where it was, and says how much came since.
    expect(shown(pane)[0]).toBe('line 87');
    expect(pane.newLines()).toBe(25);

    pane.followEnd();
    expect(shown(pane).at(-1)).toBe('line 124');
    expect(pane.newLines()).toBe(0);

    pane.page(-1);
    expect(pane.view().follow).toBe(false);
    pane.move(3);
    expect(pane.view().follow).toBe(false);
    pane.page(1);
    pane.page(1);
    expect(pane.view().follow).toBe(true);
    pane.toTop();
    expect(shown(pane)[0]).toBe('line 0');
  });

  it('/ search: jumps to the first match from the screen, counts "index/count", n and N step and wrap', async () => {
    const { backend, follows } = scriptedBackend();
    const pane = open(backend);
    await until(pane, () => follows.length === 1);
    const text = lines(0, 300).map((line, i) => (i % 50 === 7 ? { text: `${line.text} Boom` } : line));
    follows[0]?.push({ lines: text });
    await until(pane, (p) => p.buffer.size === 300);
    pane.toTop();
    const restore = pane.beginSearch();
    expect(pane.search('Boo')).toBeUndefined();
    expect(pane.view().mark).toBe(7);
    expect(pane.searchPosition()).toEqual({ index: 1, count: 6 });
    expect(pane.searchStep(1)).toBeUndefined();
    expect(pane.view().mark).toBe(57);
    expect(pane.searchPosition()).toEqual({ index: 2, count: 6 });
    expect(shown(pane)).toContain('line 57 Boom');
    expect(pane.searchStep(-1)).toBeUndefined();
    expect(pane.view().mark).toBe(7);
    expect(pane.searchStep(-1)).toBe('Search wrapped to the bottom');
    expect(pane.view().mark).toBe(257);
    expect(pane.searchStep(1)).toBe('Search wrapped to the top');
    expect(pane.searchPosition()).toEqual({ index: 1, count: 6 });
    // Highlighted where shown.
    const row = pane.window().rows.find((r) => r.line === 7);
    expect(row?.segments.find((segment) => segment.match)?.text).toBe('Boo');

    expect(pane.search('nowhere')).toBe('No line matches "nowhere"');
    expect(pane.searchPosition()).toEqual({ count: 0 });
    // Esc in the prompt: back to the view before the search.
    restore();
    expect(pane.view().search).toBeUndefined();
    expect(shown(pane)[0]).toBe('line 0');
    expect(pane.searchStep(1)).toBe('No search yet: / searches the log');
  });

  it('& keeps matching lines with two around each; esc drops the filter, then the search', async () => {
    const { backend, follows } = scriptedBackend();
    const pane = open(backend);
    await until(pane, () => follows.length === 1);
    follows[0]?.push({
      lines: lines(0, 40).map((line, i) => (i === 10 || i === 30 ? { text: `${line.text} ERROR x` } : line)),
    });
    await until(pane, (p) => p.buffer.size === 40);
    pane.beginSearch();
    pane.search('line');
    expect(pane.setFilter('nothing here')).toMatch(
      /No line matches "nothing here": the filter is not applied/,
    );
    expect(pane.setFilter('ERROR')).toBeUndefined();
    expect(shown(pane)).toEqual([
      'line 8',
      'line 9',
      'line 10 ERROR x',
      'line 11',
      'line 12',
      'line 28',
      'line 29',
      'line 30 ERROR x',
      'line 31',
      'line 32',
    ]);
    // New lines are filtered as they come.
    follows[0]?.push({ lines: [{ text: 'late ERROR y' }] });
    await until(pane, (p) => p.buffer.size === 41);
    expect(shown(pane).at(-1)).toBe('late ERROR y');
    expect(pane.clearOne()).toBe(true);
    expect(pane.view().filter).toBeUndefined();
    expect(pane.view().search).toBeDefined();
    expect(pane.clearOne()).toBe(true);
    expect(pane.view().search).toBeUndefined();
    expect(pane.clearOne()).toBe(false);
  });

  it('e from the end goes to the first ERROR block (a traceback starts it), e again to the next, E back', async () => {
    const { backend, follows } = scriptedBackend();
    const pane = open(backend);
    await until(pane, () => follows.length === 1);
    follows[0]?.push({
      lines: [
        ...lines(0, 30),
        { text: 'Traceback (most recent call last):' },
        { text: '  File "x.py", line 1' },
        { text: 'ValueError: boom' },
        ...lines(33, 30),
        { text: 'failed again', level: 'error' },
        ...lines(64, 30),
      ],
    });
    await until(pane, (p) => p.buffer.size === 94);
    expect(pane.jumpToError(1)).toBeUndefined();
    expect(pane.view().mark).toBe(30);
    expect(pane.jumpToError(1)).toBeUndefined();
    expect(pane.view().mark).toBe(63);
    expect(pane.jumpToError(1)).toBe('No ERROR below: E looks above');
    expect(pane.jumpToError(-1)).toBeUndefined();
    expect(pane.view().mark).toBe(30);
    expect(shown(pane)).toContain('ValueError: boom');
  });

  it('s saves every line held (not the window) to a new file, never over an existing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dagdeck-pane-save-'));
    dirs.push(dir);
    const { backend, follows } = scriptedBackend();
    const pane = open(backend, { ...TARGET, workflowId: 'fintech eod/risk', taskId: 'grp.task' });
    expect(await pane.save(dir)).toBe('Nothing to save yet: the log is empty');
    await until(pane, () => follows.length === 1);
    follows[0]?.push({ lines: lines(0, 5000), state: 'failed' });
    follows[0]?.push({ lines: [], done: true, state: 'failed' });
    await until(pane, (p) => p.status().phase === 'ended');
    const first = await pane.save(dir);
    const second = await pane.save(dir);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^fintech_eod_risk\.grp\.task\.try1\.\d{8}-\d{6}(-2)?\.log$/);
    expect(first).toMatch(
      new RegExp(`^Saved to ${dir}/fintech_eod_risk\\.grp\\.task\\.try1\\..*\\.log \\(5,000 lines, `),
    );
    expect(second).not.toBe(first);
    for (const file of files) {
      expect(readFileSync(join(dir, file), 'utf8')).toBe(
        `${lines(0, 5000)
          .map((line) => line.text)
          .join('\n')}\n`,
      );
    }
  });

  it('a follow that stops is resumed by r from its last cursor: no line lost, none twice', async () => {
    const { backend, follows } = scriptedBackend();
    const pane = open(backend);
    await until(pane, () => follows.length === 1);
    follows[0]?.push({ lines: lines(0, 10) });
    follows[0]?.push({ lines: [], retrying: new Unavailable('Airflow is not answering') });
    await until(pane, (p) => p.status().retrying !== undefined);
    expect(pane.status().retrying).toMatch(/Airflow is not answering/);
    follows[0]?.fail(new Error('the server said no'));
    await until(pane, (p) => p.status().phase === 'failed');
    expect(pane.status()).toMatchObject({ error: 'the server said no', retrying: undefined });

    expect(pane.reconnect()).toBe('Reconnecting…');
    await until(pane, () => follows.length === 2);
    expect(follows[1]?.options.cursor).toEqual({ tryNumber: 1, position: 10 });
    follows[1]?.push({ lines: lines(10, 5), missed: true });
    await until(pane, (p) => p.buffer.size === 15);
    expect(pane.status()).toMatchObject({ phase: 'following', missed: true });
    expect(shown(pane).slice(-6)).toEqual(lines(9, 6).map((line) => line.text));
    expect(pane.reconnect()).toBe('Following: new lines come as they are written');
  });

  it('a new try is announced by a --- try N --- line', async () => {
    const { backend, follows } = scriptedBackend();
    const pane = open(backend);
    await until(pane, () => follows.length === 1);
    follows[0]?.push({ lines: lines(0, 2), cursor: { tryNumber: 1, position: 2 } });
    follows[0]?.push({ lines: lines(0, 2, 'retry'), cursor: { tryNumber: 2, position: 2 } });
    // The status follows the lines it describes once the batch is in: wait for both.
    await until(pane, (p) => p.buffer.size === 5 && p.status().tryNumber === 2);
    expect(shown(pane)).toEqual(['line 0', 'line 1', '--- try 2 ---', 'retry 0', 'retry 1']);
  });

  it("a run named without a task shows its first failed task's log", async () => {
    const task = (taskId: string, state: TaskInstance['state']): TaskInstance => ({
      backend: 'airflow',
      workflowId: 'dag',
      runId: 'run_1',
      taskId,
      state,
      rawState: state,
      tryNumber: 1,
    });
    const { backend, follows } = scriptedBackend([
      task('a', 'success'),
      task('b', 'running'),
      task('c', 'failed'),
    ]);
    const pane = open(backend, { backend: 'airflow', workflowId: 'dag', runId: 'run_1' });
    await until(pane, () => follows.length === 1);
    expect(follows[0]?.ref).toEqual({ backend: 'airflow', workflowId: 'dag', runId: 'run_1', taskId: 'c' });
    expect(pane.status().target.taskId).toBe('c');
  });

  it('the try picker offers the current try and each try; picking one shows it from its start', async () => {
    const task: TaskInstance = {
      backend: 'airflow',
      workflowId: 'dag',
      runId: 'run_1',
      taskId: 'task',
      state: 'failed',
      rawState: 'failed',
      tryNumber: 2,
    };
    const tries: TaskAttempt[] = [
      {
        attempt: 2,
        state: 'failed',
        rawState: 'failed',
        startedAt: '2026-01-01T00:10:00Z',
        durationMs: 60_000,
      },
      { attempt: 1, state: 'retrying', rawState: 'up_for_retry', startedAt: '2026-01-01T00:00:00Z' },
    ];
    const { backend, follows } = scriptedBackend([task], tries);
    const pane = open(backend);
    await until(pane, () => follows.length === 1);
    follows[0]?.push({ lines: lines(0, 3), cursor: { tryNumber: 2, position: 3 } });
    await until(pane, (p) => p.buffer.size === 3);
    const choices = await pane.choices();
    expect(choices.map((choice) => choice.label)).toEqual([
      'the current try, then its retries',
      'try 2',
      'try 1',
    ]);
    expect(choices[1]?.detail).toMatch(/^✗ failed · started 2026-01-01 00:10:00 · 1m/);
    pane.switchTo(choices[2]?.value as LogTarget);
    await until(pane, () => follows.length === 2);
    expect(follows[1]?.ref.tryNumber).toBe(1);
    expect(follows[1]?.options.cursor).toBeUndefined();
    expect(pane.buffer.size).toBe(0);
  });

  it('tells its view at most ~30 times a simulated second however fast lines arrive, and keeps telling', async () => {
    const { backend, follows } = scriptedBackend();
    const pane = open(backend);
    await until(pane, () => follows.length === 1);
    const announced = pane.buffer.getVersion();
    follows[0]?.push({ lines: lines(0, 1), state: 'running' });
    // The first line announced: no notice timer of the real clock is left pending.
    await until(pane, (p) => p.buffer.size === 1 && p.buffer.getVersion() > announced);
    // A fake clock drives the buffer's notice timer; setImmediate (the follow's turns) stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      let notices = 0;
      pane.subscribe(() => {
        notices += 1;
      });
      const perSecond: number[] = [];
      // Two simulated seconds of a batch every simulated millisecond: 10 lines each, 20,000 in all.
      for (let second = 0; second < 2; second++) {
        const before = notices;
        for (let ms = 0; ms < 1000; ms++) {
          const sent = 1 + (second * 1000 + ms + 1) * 10;
          follows[0]?.push({ lines: lines(sent - 10, 10) });
          while (pane.buffer.size < sent) await new Promise<void>((resolve) => setImmediate(resolve));
          vi.advanceTimersByTime(1);
        }
        perSecond.push(notices - before);
      }
      // One notice per 33 ms at most, and never starved while lines keep coming.
      for (const count of perSecond) {
        expect(count).toBeGreaterThanOrEqual(29);
        expect(count).toBeLessThanOrEqual(31);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('dispose stops the follow', async () => {
    const { backend, follows } = scriptedBackend();
    const pane = open(backend);
    await until(pane, () => follows.length === 1);
    pane.dispose();
    expect(follows[0]?.options.signal?.aborted).toBe(true);
  });
});
