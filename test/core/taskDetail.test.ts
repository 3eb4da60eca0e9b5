// The task screen's query and the Airflow → Databricks cross-link join, now in core (issue 15),
// against both simulators wired as in --demo: the failed fintech_eod_risk run's risk-model task
// names the eod_risk_models run it started, and the join reads that run's job from Databricks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../source/core/model.js';
import { createTaskDetailResource, pickInstance } from '../../source/core/taskDetail.js';
import { type StoryHarness, startStoryHarness } from '../ui/screens/support/storyHarness.js';

const DAG = 'fintech_eod_risk';
const RISK_TASK = 'risk_modelling.run_risk_models';

let h: StoryHarness;
let failedRun: Run;
beforeAll(async () => {
  h = await startStoryHarness(3);
  const failed = (await h.airflow.listRuns(DAG)).find((run) => run.state === 'failed');
  if (!failed) throw new Error('the Airflow seed fails the latest fintech_eod_risk run');
  failedRun = failed;
});
afterAll(() => h.close());

describe('createTaskDetailResource', () => {
  it('joins the task with the Databricks run it started and that run job, by name', async () => {
    const ref = { backend: 'airflow', workflowId: DAG, runId: failedRun.id, taskId: RISK_TASK } as const;
    const detail = createTaskDetailResource({ airflow: h.airflow, databricks: h.databricks }, ref);
    await detail.refresh();
    const data = detail.getSnapshot().data;
    expect(data?.task).toMatchObject({ taskId: RISK_TASK, state: 'failed' });
    expect(data?.tries.map((attempt) => attempt.attempt)).toEqual([2, 1]);
    const [link] = data?.links ?? [];
    expect(link).toMatchObject({ backend: 'databricks' });
    const job = h.databricksSim.state.jobByName('eod_risk_models');
    expect(link?.workflowId).toBe(String(job?.jobId));
    expect(data?.linkJobs.get(link?.runId ?? '')).toEqual({
      jobId: String(job?.jobId),
      name: 'eod_risk_models',
    });
    detail.dispose();
  });

  it('without the Databricks backend the link stays as its XComs name it', async () => {
    const ref = { backend: 'airflow', workflowId: DAG, runId: failedRun.id, taskId: RISK_TASK } as const;
    const detail = createTaskDetailResource({ airflow: h.airflow }, ref);
    await detail.refresh();
    expect(detail.getSnapshot().data?.links).toHaveLength(1);
    expect(detail.getSnapshot().data?.linkJobs.size).toBe(0);
    detail.dispose();
  });

  it('a context without the backend the route names gets one line saying how to add it', async () => {
    const ref = { backend: 'airflow', workflowId: DAG, runId: 'r', taskId: 't' } as const;
    const detail = createTaskDetailResource({ databricks: h.databricks }, ref);
    await detail.refresh();
    expect(detail.getSnapshot().error).toBe(
      'No Airflow deployment in this context: add one with `dagdeck context`',
    );
    detail.dispose();
  });

  it('picks the named map index, else the unmapped instance, else the first failed', () => {
    const instance = (mapIndex: number, state: 'failed' | 'success') =>
      ({ mapIndex, state }) as Parameters<typeof pickInstance>[0][number];
    const mapped = [instance(0, 'success'), instance(1, 'failed'), instance(2, 'failed')];
    expect(pickInstance(mapped, 2)?.mapIndex).toBe(2);
    expect(pickInstance(mapped, undefined)?.mapIndex).toBe(1);
    expect(pickInstance([instance(-1, 'success')], undefined)?.mapIndex).toBe(-1);
    expect(pickInstance(mapped, 7)).toBeUndefined();
  });
});
