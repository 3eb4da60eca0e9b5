// Real-scheduler checks: what only a real Airflow proves. Run by test/real/run.mjs against a real
// Airflow 3.3 and 2.10 whose DAGs are test/real/dags/dagdeck_real.py; skipped without one.
// Each check asserts results (states the real scheduler reached), not just status codes.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import type { SecretProvider } from '../../source/core/credentials.js';
import { InvalidRequest } from '../../source/core/errors.js';
import type { Run, TaskInstance } from '../../source/core/model.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { createHttpClient } from '../../source/http/client.js';
import { collectLog } from '../support/collectLog.js';

const url = process.env.DAGDECK_CONTRACT_AIRFLOW_URL;
const markers = process.env.DAGDECK_REAL_MARKERS ?? '';
const secret = (value: string): SecretProvider => ({
  description: 'test',
  get: async () => ({ value, source: 'test' }),
  invalidate: () => {},
});

const http = createHttpClient();
afterAll(() => http.close());

describe.skipIf(!url)(`a real Airflow ${process.env.DAGDECK_REAL_AIRFLOW_FLAVOUR ?? ''}`, () => {
  const airflow: Backend = createAirflowBackend({
    baseUrl: url ?? '',
    http,
    auth: {
      kind: 'password',
      username: process.env.DAGDECK_CONTRACT_AIRFLOW_USERNAME ?? '',
      password: secret(process.env.DAGDECK_CONTRACT_AIRFLOW_PASSWORD ?? ''),
    },
  });

  async function trigger(dagId: string, params: Record<string, unknown> = {}): Promise<string> {
    const requestId = `dagdeck_real__${randomUUID()}`;
    const result = await airflow.execute({
      kind: 'trigger',
      workflowId: dagId,
      requestId,
      params,
      logicalDate: null,
    });
    return result.runId ?? requestId;
  }

  // Generous: on Airflow 2 the SequentialExecutor runs one task at a time, and the Databricks
  // simulator's eod_risk_models job runs one run at a time (the contract suite's trigger goes first).
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds = 300): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`gave up waiting; last value: ${JSON.stringify(value).slice(0, 400)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  const finished = (run: Run) => run.state === 'success' || run.state === 'failed';
  const task = (tasks: TaskInstance[], id: string, mapIndex?: number) =>
    tasks.find((t) => t.taskId === id && (mapIndex === undefined || t.mapIndex === mapIndex));

  it('runs fintech_eod_risk whose DatabricksRunNowOperator XComs lead to the right Databricks run', async () => {
    const runId = await trigger('fintech_eod_risk');
    await until(() => airflow.getRun('fintech_eod_risk', runId), finished);
    const tasks = await airflow.listTasks('fintech_eod_risk', runId);
    const riskTask = task(tasks, 'risk_modelling.run_risk_models');
    expect(riskTask?.group).toBe('risk_modelling');
    const links = await airflow.findLinks(riskTask!);
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link.backend).toBe('databricks');

    const databricks = createDatabricksBackend({
      host: process.env.DAGDECK_REAL_DATABRICKS_HOST ?? '',
      http,
      auth: { kind: 'pat', token: secret(process.env.DAGDECK_REAL_DATABRICKS_TOKEN ?? '') },
    });
    const databricksRun = await databricks.getRun(link.workflowId ?? '', link.runId);
    expect(databricksRun.id).toBe(link.runId);
    const job = await databricks.getWorkflow(databricksRun.workflowId);
    expect(job.name).toBe('eod_risk_models');
    // The operator waited for the Databricks run to end, and succeeded because it succeeded.
    expect(databricksRun.state).toBe('success');
    expect(riskTask!.state).toBe('success');
    expect(task(tasks, 'load_reporting_db')?.state).toBe('success');
    expect(link.url).toContain(link.runId);
    // The whole DAG run, with the simulated Databricks run it waits for (speed 20), took 66-74 s on
    // an idle machine and 128 s on the CI machine: the default 180 s is too close.
  }, 360_000);

  it('clears a failed task and the real scheduler reruns it to success', async () => {
    const runId = await trigger('real_fail_then_pass');
    const failedRun = await until(() => airflow.getRun('real_fail_then_pass', runId), finished);
    expect(failedRun.state).toBe('failed');
    mkdirSync(markers, { recursive: true });
    writeFileSync(join(markers, 'flaky.ok'), 'ok');

    const action = {
      kind: 'clearTasks' as const,
      workflowId: 'real_fail_then_pass',
      runId,
      tasks: [{ taskId: 'flaky' }],
      onlyFailed: true,
      includeDownstream: true,
      includeUpstream: false,
      resetRun: true,
    };
    const preview = await airflow.preview(action);
    expect(preview.serverDryRun).toBe(true);
    expect(preview.affected.join('\n')).toContain('flaky');
    // The dry run changed nothing.
    expect(task(await airflow.listTasks('real_fail_then_pass', runId), 'flaky')?.state).toBe('failed');

    const cleared = await airflow.execute(action);
    expect(cleared.affected.join('\n')).toContain('flaky');
    // Really cleared: the TI left 'failed' (state none, then scheduled/queued by the scheduler) and
    // the run was re-queued (reset_dag_runs); the scheduler then runs a second try.
    const right = task(await airflow.listTasks('real_fail_then_pass', runId), 'flaky');
    expect(right?.state === 'failed' && right.tryNumber === 1).toBe(false);
    expect(['queued', 'running', 'success']).toContain(
      (await airflow.getRun('real_fail_then_pass', runId)).state,
    );
    const rerun = await until(
      () => airflow.getRun('real_fail_then_pass', runId),
      (run) => run.state === 'success',
    );
    expect(rerun.state).toBe('success');
    const tasks = await airflow.listTasks('real_fail_then_pass', runId);
    expect(task(tasks, 'flaky')?.state).toBe('success');
    expect(task(tasks, 'flaky')?.tryNumber).toBeGreaterThanOrEqual(2);
    expect(task(tasks, 'after_flaky')?.state).toBe('success');
  });

  it('shows a retried task with its second try', async () => {
    const runId = await trigger('real_retry');
    const run = await until(() => airflow.getRun('real_retry', runId), finished);
    expect(run.state).toBe('success');
    expect(task(await airflow.listTasks('real_retry', runId), 'retry_once')?.tryNumber).toBe(2);
  });

  it('lists each map index of a mapped task and marks one index success', async () => {
    const runId = await trigger('real_mapped');
    await until(() => airflow.getRun('real_mapped', runId), finished);
    const tasks = await airflow.listTasks('real_mapped', runId);
    expect(tasks.filter((t) => t.taskId === 'square').map((t) => [t.mapIndex, t.state])).toEqual([
      [0, 'success'],
      [1, 'failed'],
      [2, 'success'],
    ]);
    const mark = {
      kind: 'markTaskState' as const,
      workflowId: 'real_mapped',
      runId,
      task: { taskId: 'square', mapIndex: 1 },
      state: 'success' as const,
      includeDownstream: false,
      includeUpstream: false,
    };
    expect((await airflow.preview(mark)).affected.join('\n')).toContain('square');
    await airflow.execute(mark);
    const after = await airflow.listTasks('real_mapped', runId);
    expect(task(after, 'square', 1)?.state).toBe('success');
    expect(task(after, 'square', 0)?.state).toBe('success');
  });

  it('follows a log while the task runs: every line exactly once, done when the task is', async () => {
    const runId = await trigger('real_tail_me');
    await until(
      () => airflow.listTasks('real_tail_me', runId),
      (tasks) => task(tasks, 'tail_me')?.state === 'running',
    );
    const ref = { backend: 'airflow' as const, workflowId: 'real_tail_me', runId, taskId: 'tail_me' };
    const seen: string[] = [];
    let grewWhileRunning = false;
    const log = await collectLog(airflow.followLog(ref, { pollMs: 1000 }), (batch) => {
      const tail = batch.lines.filter((line) => /tail line \d+/.test(line.text)).map((line) => line.text);
      seen.push(...tail);
      if (tail.length > 0 && batch.state === 'running') grewWhileRunning = true;
    });
    expect(log).toMatchObject({ done: true, state: 'success' });
    expect(grewWhileRunning).toBe(true);
    const numbers = seen.map((text) => Number(/tail line (\d+)/.exec(text)?.[1]));
    expect(numbers).toEqual(Array.from({ length: 90 }, (_, i) => i));
  }, 300_000);

  it('triggers with conf once, reads a re-send back as done, and surfaces param validation errors', async () => {
    const requestId = `dagdeck_real__${randomUUID()}`;
    const action = {
      kind: 'trigger' as const,
      workflowId: 'real_params',
      requestId,
      params: { n: 3, mode: 'full' },
      logicalDate: null,
    };
    await airflow.execute(action);
    // A re-send of the same run id is the server's 409, read back: done once, no second run.
    expect(await airflow.execute(action)).toMatchObject({ alreadyDone: true, runId: requestId });
    const runs = await airflow.listRuns('real_params');
    expect(runs.filter((run) => run.id === requestId)).toHaveLength(1);
    expect(runs.find((run) => run.id === requestId)?.conf).toMatchObject({ n: 3, mode: 'full' });
    await expect(
      airflow.execute({ ...action, requestId: `dagdeck_real__${randomUUID()}`, params: { n: 'many' } }),
    ).rejects.toBeInstanceOf(InvalidRequest);
    // The task really ran with the conf: its log prints the params it got.
    const ran = await until(() => airflow.getRun('real_params', requestId), finished);
    expect(ran.state).toBe('success');
    const log = await collectLog(
      airflow.followLog(
        { backend: 'airflow', workflowId: 'real_params', runId: requestId, taskId: 'echo_params' },
        { follow: false },
      ),
    );
    expect(log.lines.map((line) => line.text).join('\n')).toMatch(/'mode': 'full'/);
    const params = await airflow.getTriggerParams('real_params');
    expect(params.map((p) => p.name).sort()).toEqual(['mode', 'n']);
  });

  it('pauses and unpauses a DAG', async () => {
    await airflow.execute({ kind: 'setPaused', workflowId: 'real_retry', paused: true });
    expect((await airflow.getWorkflow('real_retry')).paused).toBe(true);
    await airflow.execute({ kind: 'setPaused', workflowId: 'real_retry', paused: false });
    expect((await airflow.getWorkflow('real_retry')).paused).toBe(false);
  });
});
