// When --wait stops: a run is over once it is neither active, unknown nor blocked (a Databricks run
// waiting on a dependency used to count as over), and a repaired run once the repair itself has
// ended (issue 11 "--wait ... exits 1 when the run (or the repair) fails").
import { describe, expect, it } from 'vitest';
import { repairFinished, runFinished } from '../../source/cli/follow-run.js';
import type { Run, State } from '../../source/core/model.js';

const run = (state: State, extra: Partial<Run> = {}): Run => ({
  backend: 'databricks',
  workflowId: '7',
  id: '900',
  state,
  rawState: state.toUpperCase(),
  ...extra,
});

describe('runFinished', () => {
  it.each<[State, boolean]>([
    ['queued', false],
    ['running', false],
    ['retrying', false],
    ['blocked', false],
    ['none', false],
    ['success', true],
    ['failed', true],
    ['canceled', true],
    ['skipped', true],
  ])('%s → %s', (state, finished) => {
    expect(runFinished(run(state))).toBe(finished);
  });
});

describe('repairFinished', () => {
  const done = repairFinished(78);

  it('is not over while the run still shows the end before the repair, or the repair is running', () => {
    // Right after the request: the run's last end, with no trace of the new repair yet.
    expect(done(run('failed', { repairs: [{ id: 77, state: 'failed', taskRunIds: [] }] }))).toBe(false);
    expect(done(run('running', { repairs: [{ id: 78, state: 'running', taskRunIds: [] }] }))).toBe(false);
    expect(done(run('failed', { repairs: [{ id: 78, state: 'running', taskRunIds: [] }] }))).toBe(false);
  });

  it('is over once the run and that repair have ended, whatever the outcome', () => {
    expect(done(run('success', { repairs: [{ id: 78, state: 'success', taskRunIds: [] }] }))).toBe(true);
    expect(done(run('failed', { repairs: [{ id: 78, state: 'failed', taskRunIds: [] }] }))).toBe(true);
    // A history entry without a state: the run's own end decides.
    expect(done(run('failed', { repairs: [{ id: 78, taskRunIds: [] }] }))).toBe(true);
  });
});
