// The way back from a Databricks run to the Airflow task that started it (issue 14 navigation):
// found through the run id the task pushed (its latest try), or through the tries' times for a run
// an earlier try started; a run no recent Airflow task started is not found.
import { describe, expect, it } from 'vitest';
import { findAirflowOrigin } from '../../source/core/findAirflowOrigin.js';
import type { TaskInstance } from '../../source/core/model.js';
import { createMemoryBackend, run } from '../ui/support/memoryBackend.js';

const T = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();

function airflowWithRiskTask() {
  const dagRun = { ...run('fintech_eod_risk', 'scheduled__1', 'failed', T(0)), endedAt: T(50) };
  const other = { ...run('ledger', 'scheduled__2', 'success', T(0)), endedAt: T(50) };
  const backend = createMemoryBackend('airflow', [], [dagRun, other]);
  const risk: TaskInstance = {
    backend: 'airflow',
    workflowId: 'fintech_eod_risk',
    runId: 'scheduled__1',
    taskId: 'risk_modelling.run_risk_models',
    state: 'failed',
    rawState: 'failed',
    tryNumber: 2,
    operator: 'DatabricksRunNowOperator',
    startedAt: T(30),
    endedAt: T(50),
  };
  backend.listTasks = async (workflowId) =>
    workflowId === 'fintech_eod_risk'
      ? [{ ...risk, taskId: 'extract', operator: 'PythonOperator', tryNumber: 1 }, risk]
      : [];
  backend.findLinks = async (task) =>
    task.taskId === risk.taskId
      ? [{ backend: 'databricks', workflowId: '42', runId: '812', label: 'run 812' }]
      : [];
  backend.listTries = async () => [
    { attempt: 1, state: 'failed', rawState: 'failed', startedAt: T(5), endedAt: T(25) },
    { attempt: 2, state: 'failed', rawState: 'failed', startedAt: T(30), endedAt: T(50) },
  ];
  return backend;
}

describe('findAirflowOrigin', () => {
  it("finds the task whose pushed run id is the run's (its latest try)", async () => {
    const origin = await findAirflowOrigin(airflowWithRiskTask(), {
      id: '812',
      workflowId: '42',
      startedAt: T(31),
    });
    expect(origin).toMatchObject({ task: { taskId: 'risk_modelling.run_risk_models' }, tryNumber: 2 });
  });

  it('finds the earlier try whose time covers a run of the same job the XCom no longer names', async () => {
    const origin = await findAirflowOrigin(airflowWithRiskTask(), {
      id: '805',
      workflowId: '42',
      startedAt: T(6),
    });
    expect(origin).toMatchObject({ tryNumber: 1 });
  });

  it('finds nothing for a run of another job, or one that started when no DAG run was going', async () => {
    const airflow = airflowWithRiskTask();
    expect(await findAirflowOrigin(airflow, { id: '9', workflowId: '7', startedAt: T(6) })).toBeUndefined();
    expect(
      await findAirflowOrigin(airflow, { id: '10', workflowId: '42', startedAt: T(200) }),
    ).toBeUndefined();
  });
});
