// The way back from a Databricks run to the Airflow task that started it (issue 14 navigation),
// against the two simulators linked as in the demo: the story's failed fintech_eod_risk run has a
// risk_modelling.run_risk_models task (DatabricksRunNowOperator) whose two tries each started an
// eod_risk_models run. Found through the run id the task pushed (its latest try), or through the
// tries' times for the run the earlier try started; a run no recent Airflow task started is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../source/core/backend.js';
import { findAirflowOrigin } from '../../source/core/findAirflowOrigin.js';
import type { Run, TaskAttempt, TaskInstance } from '../../source/core/model.js';
import { type StoryHarness, startStoryHarness } from '../ui/screens/support/storyHarness.js';

const DAG = 'fintech_eod_risk';
const RISK = 'risk_modelling.run_risk_models';

let h: StoryHarness;
/** The simulators' clock, which stands still: "now" for the searches below. */
let simNow: number;
let airflow: Backend;
let databricks: Backend;
/** The risk task of the failed run, its tries, and the Databricks runs its two tries started. */
let risk: TaskInstance;
let tries: TaskAttempt[];
let latestRun: Run;
let earlierRun: Run;

beforeAll(async () => {
  h = await startStoryHarness();
  ({ airflow, databricks } = h);
  simNow = h.clock.now();
  const failed = (await airflow.listRuns(DAG)).find((run) => run.state === 'failed');
  if (!failed) throw new Error('the story fails the latest fintech_eod_risk run');
  const task = (await airflow.listTasks(DAG, failed.id)).find((one) => one.taskId === RISK);
  if (!task) throw new Error(`no ${RISK} in ${failed.id}`);
  risk = task;
  const [link] = await airflow.findLinks(risk);
  const jobId = link?.workflowId;
  if (!link || jobId === undefined) throw new Error(`${RISK} pushed no run id of a known job`);
  latestRun = await databricks.getRun(jobId, link.runId);
  tries = await airflow.listTries(risk);
  const first = tries.find((attempt) => attempt.attempt === 1);
  const within = (run: Run) =>
    Date.parse(run.startedAt ?? '') >= Date.parse(first?.startedAt ?? '') &&
    Date.parse(run.startedAt ?? '') <= Date.parse(first?.endedAt ?? '');
  const earlier = (await databricks.listRuns(jobId)).find((run) => run.id !== latestRun.id && within(run));
  if (!earlier) throw new Error('no eod_risk_models run started during the first try');
  earlierRun = earlier;
});

afterAll(async () => {
  await h.close();
});

describe('findAirflowOrigin', () => {
  it("finds the task whose pushed run id is the run's (its latest try)", async () => {
    expect(risk.tryNumber).toBe(2);
    const origin = await findAirflowOrigin(airflow, latestRun, undefined, simNow);
    expect(origin).toMatchObject({ task: { workflowId: DAG, taskId: RISK }, tryNumber: 2 });
  });

  it('finds the earlier try whose time covers a run of the same job the XCom no longer names', async () => {
    const origin = await findAirflowOrigin(airflow, earlierRun, undefined, simNow);
    expect(origin).toMatchObject({ task: { workflowId: DAG, taskId: RISK }, tryNumber: 1 });
  });

  it('finds nothing for a run of another job, or one that started when no DAG run was going', async () => {
    const otherJob = (await databricks.listWorkflows()).find((job) => job.id !== latestRun.workflowId);
    if (!otherJob) throw new Error('the story has more than one job');
    // Another job's run, started while the first try ran.
    expect(
      await findAirflowOrigin(
        airflow,
        { ...earlierRun, id: '9', workflowId: otherJob.id },
        undefined,
        simNow,
      ),
    ).toBeUndefined();
    // The risk job's run, started a day after anything in Airflow ran.
    expect(
      await findAirflowOrigin(
        airflow,
        { ...latestRun, id: '10', startedAt: new Date(simNow + 24 * 3_600_000).toISOString() },
        undefined,
        simNow,
      ),
    ).toBeUndefined();
  });
});
