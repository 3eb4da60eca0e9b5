// Run semantics on the virtual clock, as the real Jobs API has them: run-now and idempotency, lifecycle and
// task order, retries as attempts, cancel through TERMINATING, repair rules, get-output on a
// parent, queues, schedules, continuous jobs, delete, and the link used by the Airflow simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, jobIdOf, startHarness } from './simHarness.js';

interface TaskJson {
  run_id: number;
  task_key: string;
  attempt_number: number;
  state: { life_cycle_state: string; result_state?: string };
}
interface RunJson {
  run_id: number;
  state: { life_cycle_state: string; result_state?: string };
  status: { state: string };
  tasks: TaskJson[];
  repair_history?: { type: string; id?: number; task_run_ids: number[] }[];
  job_parameters?: { name: string; value: string; default?: string }[];
  trigger: string;
  run_page_url: string;
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.sim.close());

const MIN = 60_000;
const getRun = async (runId: number, extra = '') =>
  (await h.get(`/api/2.2/jobs/runs/get?run_id=${runId}${extra}`)).body as unknown as RunJson;
const runNow = async (body: Record<string, unknown>) =>
  (await h.post('/api/2.2/jobs/run-now', body)).body.run_id as number;
const taskState = (run: RunJson, key: string) => run.tasks.filter((t) => t.task_key === key).at(-1)?.state;

async function waitTerminated(runId: number): Promise<RunJson> {
  for (let i = 0; i < 200; i++) {
    const run = await getRun(runId);
    if (run.state.life_cycle_state === 'TERMINATED') return run;
    h.clock.advance(5 * MIN);
  }
  throw new Error(`run ${runId} never terminated`);
}

describe('run-now', () => {
  it('the same idempotency_token returns the same run_id (reference §2 run-now body)', async () => {
    const jobId = jobIdOf(h.sim, 'eod_risk_models');
    const a = await runNow({ job_id: jobId, idempotency_token: 'eod-2026-11-20' });
    const b = await runNow({ job_id: String(jobId), idempotency_token: 'eod-2026-11-20' });
    const c = await runNow({ job_id: jobId, idempotency_token: 'eod-2026-11-21' });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('job_parameters override the job defaults; legacy params come back as overriding_parameters', async () => {
    const jobId = jobIdOf(h.sim, 'eod_risk_models');
    const runId = await runNow({
      job_id: jobId,
      job_parameters: { business_date: '2026-11-20' },
      notebook_params: { desk: 'rates' },
      python_params: ['--full'],
    });
    const run = (await h.get(`/api/2.2/jobs/runs/get?run_id=${runId}`)).body;
    expect(run.job_parameters).toEqual([
      { name: 'business_date', value: '2026-11-20', default: '' },
      { name: 'portfolio', value: 'ALL', default: 'ALL' },
    ]);
    expect(run.overriding_parameters).toEqual({
      notebook_params: { desk: 'rates' },
      python_params: ['--full'],
    });
    expect(run.trigger).toBe('ONE_TIME');
  });

  it('moves PENDING → RUNNING → TERMINATED SUCCESS with tasks in dependency order', async () => {
    const runId = await runNow({ job_id: jobIdOf(h.sim, 'eod_risk_models') });
    const start = await getRun(runId);
    expect(start.state.life_cycle_state).toBe('PENDING');
    expect(taskState(start, 'load_positions')?.life_cycle_state).toBe('PENDING');
    expect(taskState(start, 'var_model')?.life_cycle_state).toBe('BLOCKED');
    h.clock.advance(2 * MIN);
    const running = await getRun(runId);
    expect(running.state.life_cycle_state).toBe('RUNNING');
    expect(running.status.state).toBe('RUNNING');
    expect(taskState(running, 'load_positions')?.life_cycle_state).toBe('RUNNING');
    expect(taskState(running, 'publish_risk_report')?.life_cycle_state).toBe('BLOCKED');
    const done = await waitTerminated(runId);
    expect(done.state.result_state).toBe('SUCCESS');
    expect(h.sim.runState(runId)).toBe('success');
  });

  it('retries are extra tasks[] entries with attempt_number; downstream tasks are UPSTREAM_FAILED', async () => {
    const job = h.sim.state.jobByName('marketing_attribution');
    const failed = job?.runIds.map((id) => h.sim.state.runs.get(id)).find((r) => r?.forcedFailures.length);
    const run = await waitTerminated(failed?.runId ?? 0);
    const fits = run.tasks.filter((t) => t.task_key === 'fit_attribution_model');
    expect(fits.map((t) => t.attempt_number)).toEqual([0, 1, 2]);
    expect(fits.every((t) => t.state.result_state === 'FAILED')).toBe(true);
    expect(taskState(run, 'export_to_crm')?.result_state).toBe('UPSTREAM_FAILED');
    expect(run.state.result_state).toBe('FAILED');
  });
});

describe('runs/get-output', () => {
  it('refuses a job run id with the real 400 message, even for a single-task job (reference §4)', async () => {
    const runId = h.sim.state.jobByName('gdpr_erasure_requests')?.runIds[0];
    const { status, body } = await h.get(`/api/2.2/jobs/runs/get-output?run_id=${runId}`);
    expect(status).toBe(400);
    expect(body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message:
        'Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.',
    });
  });

  it('returns error and error_trace for a failed task run, and metadata naming it', async () => {
    const job = h.sim.state.jobByName('eod_risk_models');
    const failedRun = job?.runIds.map((id) => h.sim.state.runs.get(id)).find((r) => r?.forcedFailures.length);
    const run = await getRun(failedRun?.runId ?? 0);
    const stress = run.tasks.filter((t) => t.task_key === 'stress_tests').at(-1);
    const { status, body } = await h.get(`/api/2.2/jobs/runs/get-output?run_id=${stress?.run_id}`);
    expect(status).toBe(200);
    expect(body.error).toMatch(/ScenarioShockMissingError/);
    expect(body.error_trace).toMatch(/^Traceback/);
    expect((body.metadata as { run_id: number }).run_id).toBe(stress?.run_id);
  });
});

describe('cancel', () => {
  it('a cancelled run goes through TERMINATING to TERMINATED CANCELED (asynchronous, reference §2)', async () => {
    const runId = await runNow({ job_id: jobIdOf(h.sim, 'eod_risk_models') });
    h.clock.advance(3 * MIN);
    expect((await getRun(runId)).state.life_cycle_state).toBe('RUNNING');
    expect((await h.post('/api/2.2/jobs/runs/cancel', { run_id: runId })).body).toEqual({});
    const terminating = await getRun(runId);
    expect(terminating.state.life_cycle_state).toBe('TERMINATING');
    h.clock.advance(10_000);
    const done = await getRun(runId);
    expect(done.state).toMatchObject({ life_cycle_state: 'TERMINATED', result_state: 'CANCELED' });
    expect(taskState(done, 'publish_risk_report')?.result_state).toBe('UPSTREAM_CANCELED');
    expect(h.sim.runState(runId)).toBe('canceled');
  });

  it('cancel-all cancels every active run of a job; a queued run is cancelled without starting', async () => {
    const jobId = jobIdOf(h.sim, 'gdpr_erasure_requests');
    const [running, queued] = h.sim.state.jobByName('gdpr_erasure_requests')?.runIds ?? [];
    expect((await getRun(queued ?? 0)).state.life_cycle_state).toBe('QUEUED');
    await h.post('/api/2.2/jobs/runs/cancel-all', { job_id: jobId });
    h.clock.advance(10_000);
    expect((await getRun(running ?? 0)).state.result_state).toBe('CANCELED');
    expect((await getRun(queued ?? 0)).state.result_state).toBe('CANCELED');
  });
});

describe('repair', () => {
  it('reruns failed and dependent tasks as new attempts; latest_repair_id is required after the first', async () => {
    const job = h.sim.state.jobByName('eod_risk_models');
    const failed = job?.runIds.map((id) => h.sim.state.runs.get(id)).find((r) => r?.forcedFailures.length);
    const runId = failed?.runId ?? 0;
    const first = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_all_failed_tasks: true,
      rerun_dependent_tasks: true,
    });
    expect(first.status).toBe(200);
    const repairId = first.body.repair_id as number;
    const repairing = await getRun(runId, '&include_history=true');
    expect(repairing.state.life_cycle_state).not.toBe('TERMINATED');
    expect(repairing.repair_history?.map((r) => r.type)).toEqual(['ORIGINAL', 'REPAIR']);
    expect(repairing.repair_history?.[1]?.id).toBe(repairId);

    const busy = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_tasks: ['var_model'],
      latest_repair_id: repairId,
    });
    expect(busy.status).toBe(400);

    const done = await waitTerminated(runId);
    expect(done.state.result_state).toBe('SUCCESS');
    const stress = done.tasks.filter((t) => t.task_key === 'stress_tests');
    expect(stress.at(-1)).toMatchObject({ attempt_number: 2, state: { result_state: 'SUCCESS' } });
    expect(
      done.tasks.filter((t) => t.task_key === 'publish_risk_report').map((t) => t.attempt_number),
    ).toEqual([0, 1]);
    expect(done.tasks.filter((t) => t.task_key === 'var_model')).toHaveLength(1);

    const missing = await h.post('/api/2.2/jobs/runs/repair', { run_id: runId, rerun_tasks: ['var_model'] });
    expect(missing).toMatchObject({
      status: 400,
      body: {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: 'The latest repair ID needs to be provided in order to create a new repair',
      },
    });
    const second = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_tasks: ['var_model'],
      latest_repair_id: repairId,
    });
    expect(second.status).toBe(200);
    expect(second.body.repair_id).not.toBe(repairId);
  });

  it('rejects duplicate rerun_tasks with the real message (apache/airflow PR #69998)', async () => {
    const runId = h.sim.state.jobByName('ledger_reconciliation')?.runIds[0];
    const { status, body } = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_tasks: ['reconcile', 'reconcile'],
    });
    expect(status).toBe(400);
    expect(body.message).toBe('rerun_tasks cannot contain duplicate task keys.');
  });
});

describe('queues, schedules, continuous jobs, delete', () => {
  it('a queued run starts when the run ahead of it ends (max_concurrent_runs 1)', async () => {
    const [first, queued] = h.sim.state.jobByName('gdpr_erasure_requests')?.runIds ?? [];
    await waitTerminated(first ?? 0);
    const run = await getRun(queued ?? 0);
    expect(['PENDING', 'RUNNING', 'TERMINATING', 'TERMINATED']).toContain(run.state.life_cycle_state);
    expect(run.tasks[0]?.run_id).toEqual(expect.any(Number));
  });

  it('an hourly schedule adds PERIODIC runs as virtual time passes; a paused one does not', async () => {
    const before = h.sim.state.jobByName('sales_dashboard_refresh')?.runIds.length ?? 0;
    const ledgerBefore = h.sim.state.jobByName('ledger_reconciliation')?.runIds.length ?? 0;
    h.clock.advance(2 * 60 * MIN);
    const { body } = await h.get(
      `/api/2.2/jobs/runs/list?job_id=${jobIdOf(h.sim, 'sales_dashboard_refresh')}`,
    );
    const runs = body.runs as { trigger: string }[];
    expect(runs.length).toBe(before + 2);
    expect(runs[0]?.trigger).toBe('PERIODIC');
    expect(h.sim.state.jobByName('ledger_reconciliation')?.runIds.length).toBe(ledgerBefore);
  });

  it('a cancelled continuous run is followed by a new one', async () => {
    const jobId = jobIdOf(h.sim, 'fraud_scoring_stream');
    const active = await h.get(`/api/2.2/jobs/runs/list?job_id=${jobId}&active_only=true`);
    const runId = (active.body.runs as { run_id: number }[])[0]?.run_id;
    await h.post('/api/2.2/jobs/runs/cancel', { run_id: runId });
    h.clock.advance(5 * MIN);
    const after = await h.get(`/api/2.2/jobs/runs/list?job_id=${jobId}&active_only=true`);
    const runs = after.body.runs as { run_id: number; trigger: string }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]?.run_id).not.toBe(runId);
    expect(runs[0]?.trigger).toBe('CONTINUOUS_RESTART');
  });

  it('runs/list: active_only and completed_only partition the runs; both at once is a 400', async () => {
    const jobId = jobIdOf(h.sim, 'customer_360_refresh');
    const active = (await h.get(`/api/2.2/jobs/runs/list?job_id=${jobId}&active_only=True`)).body
      .runs as unknown[];
    const completed = (await h.get(`/api/2.2/jobs/runs/list?job_id=${jobId}&completed_only=true`)).body
      .runs as unknown[];
    expect(active).toHaveLength(1);
    expect(completed).toHaveLength(3);
    const both = await h.get(`/api/2.2/jobs/runs/list?job_id=${jobId}&active_only=true&completed_only=true`);
    expect(both.status).toBe(400);
  });

  it('delete refuses an active run, removes a finished one, and its idempotency token then fails', async () => {
    const jobId = jobIdOf(h.sim, 'eod_risk_models');
    const runId = await runNow({ job_id: jobId, idempotency_token: 'to-delete' });
    expect((await h.post('/api/2.2/jobs/runs/delete', { run_id: runId })).status).toBe(400);
    await waitTerminated(runId);
    expect((await h.post('/api/2.2/jobs/runs/delete', { run_id: runId })).status).toBe(200);
    expect((await h.get(`/api/2.2/jobs/runs/get?run_id=${runId}`)).body.message).toBe(
      `Run ${runId} does not exist.`,
    );
    expect(
      (await h.post('/api/2.2/jobs/run-now', { job_id: jobId, idempotency_token: 'to-delete' })).status,
    ).toBe(400);
  });
});

describe('link to the Airflow simulator (source/sim/link.ts)', () => {
  it('runNow starts a real run of the named job, visible over HTTP at its run_page_url', async () => {
    const linked = h.sim.runNow('eod_risk_models', { business_date: '2026-11-20' });
    expect(linked.jobId).toBe(jobIdOf(h.sim, 'eod_risk_models'));
    expect(linked.runPageUrl).toBe(
      `${h.sim.url}/?o=${h.sim.workspaceId}#job/${linked.jobId}/run/${linked.runId}`,
    );
    expect(h.sim.runState(linked.runId)).toBe('pending');
    const run = await getRun(linked.runId);
    expect(run.run_page_url).toBe(linked.runPageUrl);
    h.clock.advance(2 * MIN);
    expect(h.sim.runState(linked.runId)).toBe('running');
    expect(() => h.sim.runNow('no_such_job', {})).toThrow(/no job named no_such_job/);
  });

  it('runNow with failTasks gives the failed run the Airflow story needs', async () => {
    const linked = h.sim.runNow('eod_risk_models', {}, { failTasks: ['stress_tests'] });
    await waitTerminated(linked.runId);
    expect(h.sim.runState(linked.runId)).toBe('failed');
  });
});
