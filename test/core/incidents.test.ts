// The incident list (issue 5, "Incident view": one list, newest first, of what is failed or running
// across both backends — failed task instances, failed and long-running Databricks runs).
import { describe, expect, it } from 'vitest';
import { buildIncidents, nameKey, runKey } from '../../source/core/incidents.js';
import type { Run, TaskInstance } from '../../source/core/model.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();

const run = (over: Partial<Run> & Pick<Run, 'backend' | 'id' | 'state'>): Run => ({
  workflowId: over.backend === 'airflow' ? 'fintech_eod_risk' : '42',
  rawState: over.state,
  ...over,
});
const task = (
  runId: string,
  taskId: string,
  state: TaskInstance['state'],
  extra: Partial<TaskInstance> = {},
) =>
  ({
    backend: 'airflow',
    workflowId: 'fintech_eod_risk',
    runId,
    taskId,
    state,
    rawState: state,
    tryNumber: 2,
    ...extra,
  }) satisfies TaskInstance;

describe('buildIncidents (issue 5 incident view)', () => {
  it('lists each failed task instance of a failed Airflow run, not the tasks that passed or were skipped upstream', () => {
    const failed = run({ backend: 'airflow', id: 'scheduled__2026-11-19', state: 'failed', endedAt: at(3) });
    const tasks = new Map([
      [
        runKey(failed),
        [
          task(failed.id, 'extract', 'success'),
          task(failed.id, 'risk_modelling.run_risk_models', 'failed', { endedAt: at(3.5) }),
          task(failed.id, 'publish', 'upstream_failed'),
          task(failed.id, 'shard', 'failed', { mapIndex: 3, endedAt: at(3.2) }),
        ],
      ],
    ]);
    const incidents = buildIncidents({ airflowRuns: [failed], airflowTasks: tasks }, { now: NOW });
    expect(incidents.map((i) => [i.kind, i.taskId, i.mapIndex])).toEqual([
      ['failed_task', 'shard', 3],
      ['failed_task', 'risk_modelling.run_risk_models', undefined],
    ]);
    expect(incidents[1]).toMatchObject({ workflowId: 'fintech_eod_risk', runId: failed.id, tryNumber: 2 });
  });

  it('folds the failed map indexes of one mapped task into one incident that counts them', () => {
    const failed = run({ backend: 'airflow', id: 'r', state: 'failed', endedAt: at(1) });
    const tasks = new Map([
      [runKey(failed), [5, 2, 9].map((mapIndex) => task(failed.id, 'fan_out', 'failed', { mapIndex }))],
    ]);
    const incidents = buildIncidents({ airflowRuns: [failed], airflowTasks: tasks }, { now: NOW });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ taskId: 'fan_out', mapIndex: 2, failedInstances: 3 });
  });

  it('falls back to the failed run itself when its task instances are not known', () => {
    const failed = run({ backend: 'airflow', id: 'manual__1', state: 'failed', endedAt: at(1) });
    const [incident] = buildIncidents({ airflowRuns: [failed] }, { now: NOW });
    expect(incident).toMatchObject({ kind: 'failed_run', runId: 'manual__1', backend: 'airflow' });
  });

  it('marks a Databricks run running longer than the threshold as long-running and ages it from its start', () => {
    const runs = [
      run({ backend: 'databricks', id: '1', state: 'running', startedAt: at(5) }),
      run({ backend: 'databricks', id: '2', state: 'running', startedAt: at(0.5) }),
      run({ backend: 'databricks', id: '3', state: 'success', startedAt: at(0.2), endedAt: at(0.1) }),
      run({ backend: 'databricks', id: '4', state: 'canceled', endedAt: at(0.1) }),
    ];
    const incidents = buildIncidents({ databricksRuns: runs }, { now: NOW, longRunningMs: 2 * HOUR });
    expect(incidents.map((i) => [i.runId, i.kind, i.durationMs])).toEqual([
      ['2', 'running', 0.5 * HOUR],
      ['1', 'long_running', 5 * HOUR],
    ]);
  });

  it('merges both backends newest first, with Databricks job names from the names map', () => {
    const airflowRun = run({ backend: 'airflow', id: 'a', state: 'running', startedAt: at(2) });
    const dbFailed = run({
      backend: 'databricks',
      id: '900',
      state: 'failed',
      endedAt: at(1),
      url: 'https://x/run/900',
    });
    const dbOld = run({ backend: 'databricks', id: '800', state: 'failed', endedAt: at(30) });
    const names = new Map([[nameKey(dbFailed), 'eod_risk_models']]);
    const incidents = buildIncidents(
      { airflowRuns: [airflowRun], databricksRuns: [dbOld, dbFailed], workflowNames: names },
      { now: NOW },
    );
    expect(incidents.map((i) => `${i.backend}:${i.runId}`)).toEqual([
      'databricks:900',
      'airflow:a',
      'databricks:800',
    ]);
    expect(incidents[0]).toMatchObject({ workflowName: 'eod_risk_models', url: 'https://x/run/900' });
    // A name from one backend never labels the other backend's workflow with the same id.
    expect(incidents[1]?.workflowName).toBe('fintech_eod_risk');
  });

  it('keeps a stable order for incidents with the same time, so rows do not jump between polls', () => {
    const runs = ['b', 'a', 'c'].map((id) =>
      run({ backend: 'databricks', id, state: 'failed', endedAt: at(1) }),
    );
    const first = buildIncidents({ databricksRuns: runs }, { now: NOW }).map((i) => i.runId);
    const second = buildIncidents({ databricksRuns: [...runs].reverse() }, { now: NOW }).map((i) => i.runId);
    expect(first).toEqual(second);
  });
});
