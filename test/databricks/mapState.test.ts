// Run/task state mapping from what a Databricks run carries: state, status, result_state, termination codes.
import { describe, expect, it } from 'vitest';
import { mapState } from '../../source/databricks/mapState.js';

describe('mapState (§3)', () => {
  it.each([
    [{ life_cycle_state: 'QUEUED' }, undefined, 'queued', 'QUEUED'],
    [{ life_cycle_state: 'PENDING' }, undefined, 'queued', 'PENDING'],
    [{ life_cycle_state: 'BLOCKED' }, undefined, 'blocked', 'BLOCKED'],
    [{ life_cycle_state: 'WAITING_FOR_RETRY' }, undefined, 'retrying', 'WAITING_FOR_RETRY'],
    [{ life_cycle_state: 'RUNNING' }, undefined, 'running', 'RUNNING'],
    [{ life_cycle_state: 'TERMINATING' }, undefined, 'running', 'TERMINATING'],
    [{ life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' }, undefined, 'success', 'TERMINATED/SUCCESS'],
    [{ life_cycle_state: 'TERMINATED', result_state: 'FAILED' }, undefined, 'failed', 'TERMINATED/FAILED'],
    [
      { life_cycle_state: 'TERMINATED', result_state: 'TIMEDOUT' },
      undefined,
      'failed',
      'TERMINATED/TIMEDOUT',
    ],
    [
      { life_cycle_state: 'TERMINATED', result_state: 'CANCELED' },
      undefined,
      'canceled',
      'TERMINATED/CANCELED',
    ],
    [
      { life_cycle_state: 'TERMINATED', result_state: 'MAXIMUM_CONCURRENT_RUNS_REACHED' },
      undefined,
      'skipped',
      'TERMINATED/MAXIMUM_CONCURRENT_RUNS_REACHED',
    ],
    [
      { life_cycle_state: 'TERMINATED', result_state: 'EXCLUDED' },
      undefined,
      'skipped',
      'TERMINATED/EXCLUDED',
    ],
    [
      { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS_WITH_FAILURES' },
      undefined,
      'success',
      'TERMINATED/SUCCESS_WITH_FAILURES',
    ],
    [
      { life_cycle_state: 'TERMINATED', result_state: 'UPSTREAM_FAILED' },
      undefined,
      'upstream_failed',
      'TERMINATED/UPSTREAM_FAILED',
    ],
    [
      { life_cycle_state: 'TERMINATED', result_state: 'UPSTREAM_CANCELED' },
      undefined,
      'canceled',
      'TERMINATED/UPSTREAM_CANCELED',
    ],
    [{ life_cycle_state: 'SKIPPED' }, undefined, 'skipped', 'SKIPPED'],
    [
      { life_cycle_state: 'INTERNAL_ERROR', result_state: 'FAILED' },
      undefined,
      'failed',
      'INTERNAL_ERROR/FAILED',
    ],
  ])('state %j → %s', (state, status, expected, raw) => {
    expect(mapState(state, status)).toMatchObject({ state: expected, rawState: raw });
  });

  it('prefers the newer status object for the life cycle', () => {
    expect(mapState({ life_cycle_state: 'PENDING' }, { state: 'RUNNING' })).toMatchObject({
      state: 'running',
      terminal: false,
    });
  });

  it('reads the termination code when only status is present', () => {
    expect(
      mapState(undefined, { state: 'TERMINATED', termination_details: { code: 'USER_CANCELED' } }),
    ).toEqual({
      state: 'canceled',
      rawState: 'TERMINATED/USER_CANCELED',
      terminal: true,
    });
    expect(
      mapState(undefined, { state: 'TERMINATED', termination_details: { code: 'DRIVER_ERROR' } }).state,
    ).toBe('failed');
    expect(mapState(undefined, { state: 'TERMINATED', termination_details: { code: 'SUCCESS' } }).state).toBe(
      'success',
    );
  });

  it('keeps an unknown life cycle as raw state and shows none', () => {
    expect(mapState({ life_cycle_state: 'SOMETHING_NEW' }, undefined)).toEqual({
      state: 'none',
      rawState: 'SOMETHING_NEW',
      terminal: false,
    });
  });
});
