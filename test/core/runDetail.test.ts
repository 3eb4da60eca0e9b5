// The Databricks run screen's queries, now in core (issue 15), against both simulators: the run
// with its tasks, and the way back to the Airflow task that started it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRunDetailResource,
  createRunOriginResource,
  runOriginKind,
} from '../../source/core/runDetail.js';
import { createTaskDetailResource } from '../../source/core/taskDetail.js';
import { type StoryHarness, startStoryHarness } from '../ui/screens/support/storyHarness.js';

const DAG = 'fintech_eod_risk';
const RISK_TASK = 'risk_modelling.run_risk_models';

let h: StoryHarness;
beforeAll(async () => {
  h = await startStoryHarness(3);
});
afterAll(() => h.close());

describe('the run queries', () => {
  it('read the linked run with its tasks, and find the Airflow task that started it', async () => {
    const backends = { airflow: h.airflow, databricks: h.databricks };
    const failed = (await h.airflow.listRuns(DAG)).find((run) => run.state === 'failed');
    if (!failed) throw new Error('the Airflow seed fails the latest fintech_eod_risk run');
    const task = createTaskDetailResource(backends, {
      backend: 'airflow',
      workflowId: DAG,
      runId: failed.id,
      taskId: RISK_TASK,
    });
    await task.refresh();
    const link = task.getSnapshot().data?.links[0];
    task.dispose();
    if (!link) throw new Error('the risk-model task names its Databricks run');
    const ref = { backend: link.backend, workflowId: link.workflowId ?? '', runId: link.runId };

    const detail = createRunDetailResource(backends, ref);
    await detail.refresh();
    expect(detail.getSnapshot().data?.run.id).toBe(link.runId);
    expect(detail.getSnapshot().data?.tasks.map((one) => one.taskId)).toContain('stress_tests');
    detail.dispose();

    expect(runOriginKind(backends, ref.backend)).toBe('airflow');
    const origin = createRunOriginResource(backends, ref);
    await origin.refresh();
    expect(origin.getSnapshot().data?.task).toMatchObject({
      workflowId: DAG,
      taskId: RISK_TASK,
      runId: failed.id,
    });
    origin.dispose();
  });

  it('a context without Airflow has no origin to look for', async () => {
    expect(runOriginKind({ databricks: h.databricks }, 'databricks')).toBeUndefined();
    const origin = createRunOriginResource(
      { databricks: h.databricks },
      { backend: 'databricks', workflowId: '', runId: '1' },
    );
    await origin.refresh();
    expect(origin.getSnapshot().data).toBeNull();
    origin.dispose();
  });
});
