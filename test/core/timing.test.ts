// A task instance's timing by its state (issue 17): a running or restarting try shows the time
// elapsed since it started, never the stored duration Airflow 3 keeps from the previous try; tries
// of one number in one state are one row, the live instance winning.
import { describe, expect, it } from 'vitest';
import { toTaskInstance } from '../../source/airflow/toTaskInstance.js';
import { toTries } from '../../source/airflow/toTries.js';
import { durationOf, isElapsing } from '../../source/core/timing.js';

// As a real Airflow 3 answers a task instance cleared while running and started again: the old
// try's duration and start are kept until the new start is written, end_date is null.
const restarted = {
  task_id: 'long_task',
  dag_id: 'd',
  dag_run_id: 'r',
  state: 'running',
  try_number: 2,
  max_tries: 2,
  hostname: 'worker-1',
  start_date: '2026-12-03T11:59:50Z',
  end_date: null,
  duration: 606.2,
};
const specifics = { mapIndex: -1, url: 'http://airflow/x', operator: 'BashOperator' };
const now = Date.parse('2026-12-03T12:00:00Z');

describe('durationOf', () => {
  it('a running try: the time since its start, not the duration of the try before', () => {
    const task = toTaskInstance(restarted, specifics);
    expect(task.durationMs).toBeUndefined();
    expect(isElapsing(task)).toBe(true);
    expect(durationOf(task, now)).toBe(10_000);
  });

  it('a finished try: its recorded duration (sub-second kept)', () => {
    const task = toTaskInstance(
      { ...restarted, state: 'failed', end_date: '2026-12-03T11:59:51Z', duration: 0.956 },
      specifics,
    );
    expect(durationOf(task, now)).toBe(956);
    expect(isElapsing(task)).toBe(false);
  });

  it('a try waiting for its retry has ended: its span, not a growing one', () => {
    const waiting = {
      state: 'retrying' as const,
      startedAt: '2026-12-03T11:00:00Z',
      endedAt: '2026-12-03T11:10:00Z',
    };
    expect(durationOf(waiting, now)).toBe(600_000);
    expect(isElapsing(waiting)).toBe(false);
  });

  it('queued, not started: no duration yet, even with the start a cleared run keeps', () => {
    expect(durationOf({ state: 'queued' }, now)).toBeUndefined();
    const requeued = { state: 'queued' as const, startedAt: '2026-12-03T09:00:00Z' };
    expect(durationOf(requeued, now)).toBeUndefined();
    expect(isElapsing(requeued)).toBe(false);
  });
});

describe('toTries', () => {
  it('during a restart the recorded try and the live instance of the same number and state are one row', () => {
    const history = toTaskInstance(
      {
        ...restarted,
        start_date: '2026-12-03T11:50:00Z',
        end_date: '2026-12-03T11:59:45Z',
        state: 'restarting',
      },
      specifics,
    );
    const live = toTaskInstance(restarted, specifics);
    const tries = toTries([history, live]);
    expect(tries).toHaveLength(1);
    expect(tries[0]).toMatchObject({ attempt: 2, startedAt: '2026-12-03T11:59:50Z' });
    expect(tries[0]?.endedAt).toBeUndefined();
  });

  it('a cleared try not run yet is one row, the recorded one: the reset live instance repeats its number and times (as Airflow 3.3 answers)', () => {
    const failed = toTaskInstance(
      { ...restarted, state: 'failed', end_date: '2026-12-03T11:59:45Z' },
      specifics,
    );
    const reset = toTaskInstance({ ...restarted, state: null, end_date: '2026-12-03T11:59:45Z' }, specifics);
    const tries = toTries([failed, reset]);
    expect(tries.map((t) => [t.attempt, t.rawState])).toEqual([[2, 'failed']]);
    expect(tries[0]?.endedAt).toBe('2026-12-03T11:59:45Z');
  });
});
