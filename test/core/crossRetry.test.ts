// The cross-system retry (issue 11): for the failed risk task, whose DatabricksRunNowOperator
// started an eod_risk_models run, the two ways back are priced from the runs' own numbers; the
// repair path is one plan (repair → wait → mark the Airflow task success → clear its downstream
// tasks) audited under one id, and a repair that fails leaves Airflow as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { AuditRecord } from '../../source/core/audit.js';
import type { Backend } from '../../source/core/backend.js';
import { crossRetryOf, planRetryPaths, retryContextOf } from '../../source/core/crossRetry.js';
import { createPlan, createWriteFlow } from '../../source/core/writeFlow.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { createHttpClient } from '../../source/http/client.js';
import { type AirflowSim, startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock, type SimClock } from '../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../source/sim/databricks/server.js';

const DAG = 'fintech_eod_risk';
const RISK = 'risk_modelling.run_risk_models';

interface Harness {
  clock: SimClock;
  airflowSim: AirflowSim;
  databricksSim: DatabricksSim;
  airflow: Backend;
  databricks: Backend;
  close(): Promise<void>;
}

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function harness(failingRepairTasks?: string[]): Promise<Harness> {
  const clock = createSimClock({ speed: 0, start: Date.UTC(2026, 10, 20, 12, 0, 0) });
  const databricksSim = await startDatabricksSim({
    clock,
    seed: 42,
    ...(failingRepairTasks ? { failingRepairTasks } : {}),
  });
  const airflowSim = await startAirflowSim({ flavour: 3, clock, seed: 42, databricks: databricksSim });
  const http = createHttpClient();
  const h: Harness = {
    clock,
    airflowSim,
    databricksSim,
    airflow: createAirflowBackend({
      baseUrl: airflowSim.url,
      http,
      auth: {
        kind: 'password',
        username: airflowSim.username,
        password: staticSecret(airflowSim.password, 't'),
      },
    }),
    databricks: createDatabricksBackend({
      host: databricksSim.url,
      http,
      auth: { kind: 'pat', token: staticSecret(databricksSim.token, 't') },
      repairPollMs: 20,
    }),
    async close() {
      await http.close();
      await airflowSim.close();
      await databricksSim.close();
    },
  };
  open.push(h);
  return h;
}

async function riskContext(h: Harness) {
  const failed = (await h.airflow.listRuns(DAG)).find((run) => run.state === 'failed');
  if (!failed) throw new Error('the seed fails the latest fintech_eod_risk run');
  const context = await retryContextOf(h.airflow, {
    workflowId: DAG,
    runId: failed.id,
    task: { taskId: RISK },
  });
  const link = context.links.find((l) => l.backend === 'databricks');
  if (!link) throw new Error('the risk task names its Databricks run (XCom run_id)');
  return { failed, instance: context.instance, link };
}

function flowOf(h: Harness) {
  const records: AuditRecord[] = [];
  const flow = createWriteFlow({
    contextName: 'demo',
    protection: 'open',
    readOnlyFlag: false,
    backends: { airflow: h.airflow, databricks: h.databricks },
    endpoints: {},
    audit: { append: (record) => void records.push(record) },
    identity: { user: 'oncall', host: 'jump-1', pid: 1 },
  });
  return { flow, records };
}

/** Runs the plan; once it waits for the repair, moves the simulated clock on so the repair ends. */
async function runWhileTimePasses(
  h: Harness,
  execute: (
    onStep: (event: { status: string; step: { action: { kind: string } } }) => void,
  ) => Promise<unknown>,
) {
  let waiting = false;
  const outcome = execute((event) => {
    if (event.status === 'started' && event.step.action.kind === 'awaitRepair') waiting = true;
  });
  const ticker = setInterval(() => {
    if (waiting) h.clock.advance(60_000);
  }, 10);
  try {
    return await outcome;
  } finally {
    clearInterval(ticker);
  }
}

describe('the two ways back for a task that started a Databricks run', () => {
  it('prices both from the runs: a new run of the whole job against a repair of the failed task', async () => {
    const h = await harness();
    const { instance, link } = await riskContext(h);
    const paths = await planRetryPaths({
      airflow: h.airflow,
      databricks: h.databricks,
      task: instance,
      link,
    });
    expect(paths.clear.estimate).toMatch(
      /^clear → Airflow re-runs risk_modelling\.run_risk_models and 1 downstream task, which starts a new run of eod_risk_models: 4 tasks, last full run \d+m \d\ds$/,
    );
    expect(paths.repair?.estimate).toMatch(
      /^repair → rerun stress_tests \(last \d+m \d\ds\) and \d+ dependents?; when it succeeds, marks the Airflow task success and clears its 1 downstream task$/,
    );
    expect(paths.repair?.steps.map((step) => `${step.backend}:${step.action.kind}`)).toEqual([
      'databricks:repairRun',
      'databricks:awaitRepair',
      'airflow:markTaskState',
      'airflow:clearTasks',
    ]);
  });

  it('repair path: repaired, then the Airflow task is success and its downstream task runs again; one plan in the audit', async () => {
    const h = await harness();
    const { failed, instance, link } = await riskContext(h);
    const paths = await planRetryPaths({
      airflow: h.airflow,
      databricks: h.databricks,
      task: instance,
      link,
    });
    const { flow, records } = flowOf(h);
    const preview = await flow.preview(createPlan(paths.repair?.steps ?? []));
    const outcome = (await runWhileTimePasses(h, (onStep) =>
      flow.execute(preview, 'dialog', undefined, onStep),
    )) as Awaited<ReturnType<typeof flow.execute>>;
    expect(outcome.steps.map((step) => step.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const tasks = await h.airflow.listTasks(DAG, failed.id);
    expect(tasks.find((t) => t.taskId === RISK)?.state).toBe('success');
    expect(tasks.find((t) => t.taskId === 'load_reporting_db')?.state).not.toBe('upstream_failed');
    const run = await h.databricks.getRun(link.workflowId ?? '', link.runId);
    expect(run.state).toBe('success');
    expect(run.repairIds?.length).toBe(1);
    const outcomes = records.filter((r) => r.phase === 'outcome');
    expect(outcomes.map((r) => r.action)).toEqual([
      'repairRun',
      'awaitRepair',
      'markTaskState',
      'clearTasks',
    ]);
    expect(new Set(records.map((r) => r.plan)).size).toBe(1);
  });

  it('a repair that fails leaves the Airflow task failed and the plan says so', async () => {
    const h = await harness(['stress_tests']);
    const { failed, instance, link } = await riskContext(h);
    const paths = await planRetryPaths({
      airflow: h.airflow,
      databricks: h.databricks,
      task: instance,
      link,
    });
    const { flow, records } = flowOf(h);
    const preview = await flow.preview(createPlan(paths.repair?.steps ?? []));
    const outcome = (await runWhileTimePasses(h, (onStep) =>
      flow.execute(preview, 'dialog', undefined, onStep),
    )) as Awaited<ReturnType<typeof flow.execute>>;
    expect(outcome.ok).toBe(false);
    expect(outcome.steps.map((step) => step.status)).toEqual(['ok', 'error', 'not-sent', 'not-sent']);
    expect(outcome.summary).toMatch(
      /^Wait for the repair failed: Repair \d+ of run .* ended .*FAILED: the steps after it were not sent \(step 2 of 4, .*; 1 done, 2 not sent\)$/,
    );
    const tasks = await h.airflow.listTasks(DAG, failed.id);
    expect(tasks.find((t) => t.taskId === RISK)?.state).toBe('failed');
    expect(records.filter((r) => r.result === 'not-sent').map((r) => r.action)).toEqual([
      'markTaskState',
      'clearTasks',
    ]);
  });
});

describe("crossRetryOf: what the console asks for, from the session's backends", () => {
  it('a failed Airflow task that started a run: the run and both ways back; a task that started none: a plain clear', async () => {
    const h = await harness();
    const backends = { airflow: h.airflow, databricks: h.databricks };
    const cross = crossRetryOf(backends, 'airflow');
    expect(cross?.linkedKind).toBe('databricks');
    const { failed, link } = await riskContext(h);
    const choice = await cross?.choose({ workflowId: DAG, runId: failed.id, task: { taskId: RISK } });
    expect(choice?.link).toMatchObject({ backend: 'databricks', runId: link.runId });
    expect(choice?.paths.clear.steps.map((step) => step.backend)).toEqual(['airflow']);
    expect(choice?.paths.repair?.steps[0]).toMatchObject({
      backend: 'databricks',
      action: { kind: 'repairRun' },
    });
    const plain = (await h.airflow.listTasks(DAG, failed.id)).find((task) => task.taskId !== RISK);
    if (!plain) throw new Error('the run has other tasks');
    expect(
      await cross?.choose({ workflowId: DAG, runId: failed.id, task: { taskId: plain.taskId } }),
    ).toBeUndefined();
  });

  it('no second way without a backend that repairs, nor for a task of the backend that is repaired', async () => {
    const h = await harness();
    expect(crossRetryOf({ airflow: h.airflow }, 'airflow')).toBeUndefined();
    expect(crossRetryOf({ airflow: h.airflow, databricks: h.databricks }, 'databricks')).toBeUndefined();
  });
});
