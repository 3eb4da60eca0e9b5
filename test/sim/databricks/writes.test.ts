// The writes the console and CLI make (issue 11), on the wire: repair chains and their history,
// cancel-all with and without a job, cancels of ended runs, job parameters, and the failing-repair
// knob. Shapes and rules are the Jobs 2.2 API's; where the real answer is unknown the test name says
// what the simulator does instead (a documented simulator deviation).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, jobIdOf, startHarness } from './simHarness.js';

interface TaskJson {
  run_id: number;
  task_key: string;
  attempt_number: number;
  state: { life_cycle_state: string; result_state?: string };
}
interface HistoryJson {
  type: string;
  id?: number;
  start_time: number;
  end_time: number;
  state: { life_cycle_state: string; result_state?: string };
  task_run_ids: number[];
}
interface RunJson {
  run_id: number;
  end_time: number;
  state: { life_cycle_state: string; result_state?: string };
  tasks: TaskJson[];
  repair_history?: HistoryJson[];
  job_parameters?: { name: string; value: string; default?: string }[];
}

const MIN = 60_000;
let h: Harness;
afterEach(() => h.sim.close());

const getRun = async (runId: number) =>
  (await h.get(`/api/2.2/jobs/runs/get?run_id=${runId}&include_history=true`)).body as unknown as RunJson;

async function waitTerminated(runId: number): Promise<RunJson> {
  for (let i = 0; i < 200; i++) {
    const run = await getRun(runId);
    if (run.state.life_cycle_state === 'TERMINATED') return run;
    h.clock.advance(5 * MIN);
  }
  throw new Error(`run ${runId} never terminated`);
}

const failedRiskRun = () => {
  const job = h.sim.state.jobByName('eod_risk_models');
  return job?.runIds.map((id) => h.sim.state.runs.get(id)).find((r) => r?.forcedFailures.length)?.runId ?? 0;
};

describe('repair chains', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('repair_history has the ORIGINAL entry and one REPAIR per repair, each naming the task runs it ran', async () => {
    const runId = failedRiskRun();
    const original = await getRun(runId);
    expect(original.repair_history?.map((item) => item.type)).toEqual(['ORIGINAL']);
    expect(original.repair_history?.[0]?.task_run_ids.sort()).toEqual(
      original.tasks.map((t) => t.run_id).sort(),
    );

    const first = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_all_failed_tasks: true,
      rerun_dependent_tasks: true,
    });
    const firstId = first.body.repair_id as number;
    const afterFirst = await waitTerminated(runId);
    const second = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: String(runId),
      rerun_tasks: ['var_model'],
      latest_repair_id: String(firstId),
    });
    expect(second.status).toBe(200);
    const done = await waitTerminated(runId);
    const history = done.repair_history ?? [];
    expect(history.map((item) => [item.type, item.id])).toEqual([
      ['ORIGINAL', undefined],
      ['REPAIR', firstId],
      ['REPAIR', second.body.repair_id],
    ]);
    const ranBy = (ids: number[]) => done.tasks.filter((t) => ids.includes(t.run_id)).map((t) => t.task_key);
    expect(ranBy(history[1]?.task_run_ids ?? []).sort()).toEqual(['publish_risk_report', 'stress_tests']);
    expect(ranBy(history[2]?.task_run_ids ?? [])).toEqual(['var_model']);
    // Every task run belongs to exactly one history entry.
    expect(history.flatMap((item) => item.task_run_ids).sort()).toEqual(
      done.tasks.map((t) => t.run_id).sort(),
    );
    expect(history.every((item) => item.state.life_cycle_state === 'TERMINATED' && item.end_time > 0)).toBe(
      true,
    );
    expect(history[1]?.start_time).toBeLessThan(history[2]?.start_time ?? 0);
    expect(afterFirst.tasks.length).toBeLessThan(done.tasks.length);
  });

  it('a latest_repair_id that is not the latest repair is refused (400 INVALID_PARAMETER_VALUE)', async () => {
    const runId = failedRiskRun();
    const first = await h.post('/api/2.2/jobs/runs/repair', { run_id: runId, rerun_all_failed_tasks: true });
    const firstId = first.body.repair_id as number;
    await waitTerminated(runId);
    const second = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_tasks: ['var_model'],
      latest_repair_id: firstId,
    });
    await waitTerminated(runId);
    const stale = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_tasks: ['var_model'],
      latest_repair_id: firstId,
    });
    expect(stale).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    expect(String(stale.body.message)).toContain(String(firstId));
    expect((await getRun(runId)).repair_history?.at(-1)?.id).toBe(second.body.repair_id);
  });

  it('repairs of a running run are 400 INVALID_STATE; of a succeeded run with rerun_all_failed_tasks, 400 (messages ours)', async () => {
    const jobId = jobIdOf(h.sim, 'eod_risk_models');
    const runId = (await h.post('/api/2.2/jobs/run-now', { job_id: jobId })).body.run_id as number;
    const running = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_all_failed_tasks: true,
    });
    expect(running).toMatchObject({ status: 400, body: { error_code: 'INVALID_STATE' } });
    expect((await waitTerminated(runId)).state.result_state).toBe('SUCCESS');
    const succeeded = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_all_failed_tasks: true,
    });
    expect(succeeded).toMatchObject({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: `Run ${runId} has no failed tasks to repair.` },
    });
    // Named tasks of a succeeded run may rerun.
    const named = await h.post('/api/2.2/jobs/runs/repair', { run_id: runId, rerun_tasks: ['var_model'] });
    expect(named.status).toBe(200);
  });

  it('rerun_tasks must name tasks of the run itself, not only of the job (a run started with `only`)', async () => {
    const jobId = jobIdOf(h.sim, 'eod_risk_models');
    const runId = (await h.post('/api/2.2/jobs/run-now', { job_id: jobId, only: ['load_positions'] })).body
      .run_id as number;
    await waitTerminated(runId);
    const outside = await h.post('/api/2.2/jobs/runs/repair', { run_id: runId, rerun_tasks: ['var_model'] });
    expect(outside).toMatchObject({
      status: 400,
      body: {
        error_code: 'INVALID_PARAMETER_VALUE',
        message: `Task var_model does not exist in run ${runId}.`,
      },
    });
    const inside = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_tasks: ['load_positions'],
    });
    expect(inside.status).toBe(200);
  });

  it('job_parameters on a repair replace the values the repaired tasks see', async () => {
    const runId = failedRiskRun();
    await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_all_failed_tasks: true,
      job_parameters: { portfolio: 'RATES' },
    });
    const run = await getRun(runId);
    expect(run.job_parameters?.find((p) => p.name === 'portfolio')).toEqual({
      name: 'portfolio',
      value: 'RATES',
      default: 'ALL',
    });
  });
});

describe('failingRepairTasks (a repair that does not help)', () => {
  beforeEach(async () => {
    h = await startHarness({ failingRepairTasks: ['stress_tests'] });
  });

  it('the repaired task fails again, and so does the run and its REPAIR entry', async () => {
    const runId = failedRiskRun();
    const repair = await h.post('/api/2.2/jobs/runs/repair', {
      run_id: runId,
      rerun_all_failed_tasks: true,
      rerun_dependent_tasks: true,
    });
    expect(repair.status).toBe(200);
    const done = await waitTerminated(runId);
    expect(done.state.result_state).toBe('FAILED');
    expect(done.repair_history?.at(-1)).toMatchObject({ type: 'REPAIR', state: { result_state: 'FAILED' } });
    const stress = done.tasks.filter((t) => t.task_key === 'stress_tests').at(-1);
    expect(stress?.state.result_state).toBe('FAILED');
    expect(done.tasks.filter((t) => t.task_key === 'publish_risk_report').at(-1)?.state.result_state).toBe(
      'UPSTREAM_FAILED',
    );
  });
});

describe('cancel and cancel-all', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('cancelling a run that already ended answers 200 {} and changes nothing (the real answer is not documented)', async () => {
    const runId = failedRiskRun();
    const before = await getRun(runId);
    const answer = await h.post('/api/2.2/jobs/runs/cancel', { run_id: runId });
    expect(answer).toMatchObject({ status: 200, body: {} });
    expect(await getRun(runId)).toEqual(before);
  });

  it('all_queued_runs without a job cancels every queued run of the workspace, and nothing that runs', async () => {
    const jobId = jobIdOf(h.sim, 'gdpr_erasure_requests');
    const [running, queued] = h.sim.state.jobByName('gdpr_erasure_requests')?.runIds ?? [];
    const answer = await h.post('/api/2.2/jobs/runs/cancel-all', { all_queued_runs: true });
    expect(answer).toMatchObject({ status: 200, body: {} });
    h.clock.advance(10_000);
    expect((await getRun(queued ?? 0)).state).toMatchObject({
      life_cycle_state: 'TERMINATED',
      result_state: 'CANCELED',
    });
    expect((await getRun(running ?? 0)).state.life_cycle_state).toBe('RUNNING');
    const active = await h.get(`/api/2.2/jobs/runs/list?job_id=${jobId}&active_only=true`);
    expect((active.body.runs as { run_id: number }[]).map((r) => r.run_id)).toEqual([running]);
  });

  it('cancel-all needs a job_id or all_queued_runs; an unknown job is "Job N does not exist."', async () => {
    expect(await h.post('/api/2.2/jobs/runs/cancel-all', {})).toMatchObject({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE' },
    });
    expect(await h.post('/api/2.2/jobs/runs/cancel-all', { job_id: 42 })).toMatchObject({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Job 42 does not exist.' },
    });
  });
});

describe('run-now parameters and idempotency', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('every declared parameter comes back with its default; a name the job does not declare is kept as sent (as the Databricks CLI test server does)', async () => {
    const jobId = jobIdOf(h.sim, 'ml_feature_backfill');
    const runId = (
      await h.post('/api/2.2/jobs/run-now', {
        job_id: jobId,
        job_parameters: { end_date: '2025-06-30', extra: 'x' },
      })
    ).body.run_id as number;
    const run = await getRun(runId);
    expect(run.job_parameters).toEqual([
      { name: 'start_date', value: '2024-01-01', default: '2024-01-01' },
      { name: 'end_date', value: '2025-06-30', default: '2024-12-31' },
      { name: 'feature_set', value: 'customer_behaviour_v3', default: 'customer_behaviour_v3' },
      { name: 'extra', value: 'x' },
    ]);
  });

  it('the same idempotency_token answers the run it started; a token over 64 characters is refused', async () => {
    const risk = jobIdOf(h.sim, 'eod_risk_models');
    const a = await h.post('/api/2.2/jobs/run-now', { job_id: risk, idempotency_token: 'shared' });
    const b = await h.post('/api/2.2/jobs/run-now', { job_id: risk, idempotency_token: 'shared' });
    expect(b.body.run_id).toBe(a.body.run_id);
    const long = await h.post('/api/2.2/jobs/run-now', { job_id: risk, idempotency_token: 'x'.repeat(65) });
    expect(long).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
  });
});
