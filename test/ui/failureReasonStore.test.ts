// The reason beside a failure (issue 12 "The reason, everywhere a failure shows"), looked up per
// row on screen through the lookup store: against the simulators' story, the failed fintech run's
// Airflow task explains itself with the exception its try ended with, the Databricks run with its
// failed task's error; each failure is asked once and its text is one sanitised line.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import {
  createFailureReasonStore,
  failureTargetOfRun,
  failureTargetOfTask,
} from '../../source/core/failureReasons.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { createHttpClient } from '../../source/http/client.js';
import { type Simulators, startSimulators } from '../../source/sim/index.js';
import { formatFailureReason } from '../../source/ui/formatFailureReason.js';
import { waitFor } from '../support/wait.js';

let sims: Simulators;
let airflow: Backend;
let databricks: Backend;
const http = createHttpClient();

beforeAll(async () => {
  sims = await startSimulators({ speed: 0, seed: 5 });
  airflow = createAirflowBackend({
    baseUrl: sims.airflow.url,
    http,
    auth: {
      kind: 'password',
      username: sims.airflow.username,
      password: staticSecret(sims.airflow.password, 'test'),
    },
  });
  databricks = createDatabricksBackend({
    host: sims.databricks.url,
    http,
    auth: { kind: 'pat', token: staticSecret(sims.databricks.token, 'test') },
  });
});
afterAll(async () => {
  await http.close();
  await sims.close();
});

describe('the failure reason store', () => {
  it('explains a failed Airflow run and its failed task by the exception of the failed try, asking once', async () => {
    const runs = await airflow.listRuns('fintech_eod_risk', { limit: 20 });
    const failed = runs.find((run) => run.state === 'failed');
    if (!failed) throw new Error('no failed fintech_eod_risk run in the story');
    const task = (await airflow.listTasks(failed.workflowId, failed.id)).find((t) => t.state === 'failed');
    if (!task) throw new Error('no failed task');
    const asked = vi.fn(airflow.findFailureReason);
    const store = createFailureReasonStore({ findFailureReason: asked });
    const targets = [failureTargetOfRun(failed), failureTargetOfTask(task)];
    store.want(targets);
    store.want(targets);
    await waitFor(() => expect(store.get(targets[1] as never)?.status).toBe('ready'));
    await waitFor(() => expect(store.get(targets[0] as never)?.status).toBe('ready'));
    expect(asked).toHaveBeenCalledTimes(2);
    for (const target of targets) {
      const entry = store.get(target);
      expect(entry).toMatchObject({
        status: 'ready',
        value: { source: 'log', taskId: 'risk_modelling.run_risk_models' },
      });
      expect(entry?.status === 'ready' && entry.value?.text).toMatch(
        /^airflow\.exceptions\.AirflowException: Job run failed/,
      );
      // In a row the exception's module path is left out: the class and message are what fit.
      expect(formatFailureReason(entry, 200)).toMatch(/^AirflowException: Job run failed/);
    }
    expect(formatFailureReason(store.get(targets[0] as never), 20)).toBe('AirflowException: J…');
    store.dispose();
  });

  it("explains a failed Databricks run by its failed task's error", async () => {
    const job = (await databricks.listWorkflows({ search: 'eod_risk_models' }))[0];
    const failed = (await databricks.listRuns(job?.id ?? '', { limit: 25 })).find(
      (run) => run.state === 'failed',
    );
    if (!failed) throw new Error('no failed eod_risk_models run in the story');
    const store = createFailureReasonStore(databricks);
    const target = failureTargetOfRun(failed);
    store.want([target]);
    await waitFor(() => expect(store.get(target)?.status).toBe('ready'));
    expect(store.get(target)).toMatchObject({
      status: 'ready',
      value: {
        source: 'error',
        taskId: 'stress_tests',
        text: expect.stringMatching(/^ScenarioShockMissingError: scenario 'EUR_RATES_\+200bp' has no shocks/),
      },
    });
    store.dispose();
  });

  it('shows … while looking, ? when the lookup failed, nothing when there is no reason, one line always', () => {
    expect(formatFailureReason(undefined, 10)).toBe('…');
    expect(formatFailureReason({ status: 'loading' }, 10)).toBe('…');
    expect(formatFailureReason({ status: 'error', message: 'x', at: 0 }, 10)).toBe('?');
    expect(formatFailureReason({ status: 'ready', value: undefined, at: 0 }, 10)).toBe('');
  });

  it('sanitises the text the server gave: one line, no escape', async () => {
    const store = createFailureReasonStore({
      findFailureReason: async () => ({
        text: 'boom\u001b]0;title\u0007\nsecond line \u202e',
        source: 'log',
      }),
    });
    const target = { backend: 'airflow' as const, workflowId: 'd', runId: 'r' };
    store.want([target]);
    await waitFor(() => expect(store.get(target)?.status).toBe('ready'));
    expect(formatFailureReason(store.get(target), 100)).toBe('boom second line ');
    store.dispose();
  });
});
