// The way back from a Databricks run to the Airflow task that started it (issue 14 navigation),
// against the two simulators linked as in the demo: the story's failed fintech_eod_risk run has a
// risk_modelling.run_risk_models task (DatabricksRunNowOperator) whose two tries each started an
// eod_risk_models run. Found through the run id the task pushed (its latest try), or through the
// tries' times for the run the earlier try started; a run no recent Airflow task started is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import { findAirflowOrigin } from '../../source/core/findAirflowOrigin.js';
import type { Run, TaskAttempt, TaskInstance } from '../../source/core/model.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { createHttpClient } from '../../source/http/client.js';
import { type AirflowSim, startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock } from '../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../source/sim/databricks/server.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const DAG = 'fintech_eod_risk';
const RISK = 'risk_modelling.run_risk_models';

let airflowSim: AirflowSim;
let databricksSim: DatabricksSim;
let http: ReturnType<typeof createHttpClient>;
let airflow: Backend;
let databricks: Backend;
/** The risk task of the failed run, its tries, and the Databricks runs its two tries started. */
let risk: TaskInstance;
let tries: TaskAttempt[];
let latestRun: Run;
let earlierRun: Run;

beforeAll(async () => {
  const clock = createSimClock({ speed: 0, start: NOW });
  databricksSim = await startDatabricksSim({ clock, seed: 42 });
  airflowSim = await startAirflowSim({ flavour: 3, clock, seed: 42, databricks: databricksSim });
  http = createHttpClient();
  airflow = createAirflowBackend({
    baseUrl: airflowSim.url,
    http,
    auth: {
      kind: 'password',
      username: airflowSim.username,
      password: staticSecret(airflowSim.password, 't'),
    },
  });
  databricks = createDatabricksBackend({
    host: databricksSim.url,
    http,
    auth: { kind: 'pat', token: staticSecret(databricksSim.token, 't') },
  });
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
  await http.close();
  await airflowSim.close();
  await databricksSim.close();
});

describe('findAirflowOrigin', () => {
  it("finds the task whose pushed run id is the run's (its latest try)", async () => {
    expect(risk.tryNumber).toBe(2);
    const origin = await findAirflowOrigin(airflow, latestRun, undefined, NOW);
    expect(origin).toMatchObject({ task: { workflowId: DAG, taskId: RISK }, tryNumber: 2 });
  });

  it('finds the earlier try whose time covers a run of the same job the XCom no longer names', async () => {
    const origin = await findAirflowOrigin(airflow, earlierRun, undefined, NOW);
    expect(origin).toMatchObject({ task: { workflowId: DAG, taskId: RISK }, tryNumber: 1 });
  });

  it('finds nothing for a run of another job, or one that started when no DAG run was going', async () => {
    const otherJob = (await databricks.listWorkflows()).find((job) => job.id !== latestRun.workflowId);
    if (!otherJob) throw new Error('the story has more than one job');
    // Another job's run, started while the first try ran.
    expect(
      await findAirflowOrigin(airflow, { ...earlierRun, id: '9', workflowId: otherJob.id }, undefined, NOW),
    ).toBeUndefined();
    // The risk job's run, started a day after anything in Airflow ran.
    expect(
      await findAirflowOrigin(
        airflow,
        { ...latestRun, id: '10', startedAt: new Date(NOW + 24 * 3_600_000).toISOString() },
        undefined,
        NOW,
      ),
    ).toBeUndefined();
  });
});
