// The Databricks writes against the simulator through the backend and the production HTTP client:
// what each preview tells an on-call, that each write does what it says once, and that bad input is
// refused on one line with no write sent (issue 11 "Bad input ... nothing changed"). Run semantics
// follow the Jobs 2.2 API (run-now, runs/cancel, cancel-all, repair).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../../source/core/actions.js';
import type { Backend } from '../../source/core/backend.js';
import { Conflict, errorLine, InvalidRequest, NotFound, Unavailable } from '../../source/core/errors.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import type { HttpRequest } from '../../source/http/types.js';
import { createSimClock, type SimClock } from '../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../source/sim/databricks/server.js';
import type { FaultOptions } from '../../source/sim/faults.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { waitFor } from '../support/wait.js';

const MIN = 60_000;

interface World {
  sim: DatabricksSim;
  clock: SimClock;
  backend: Backend;
  requests: HttpRequest[];
  close(): Promise<void>;
}

async function startWorld(faults: FaultOptions = {}, requestLog?: string): Promise<World> {
  const clock = createSimClock({ speed: 0, start: Date.UTC(2026, 10, 20, 12, 0, 0) });
  const sim = await startDatabricksSim({ clock, seed: 42, faults, ...(requestLog ? { requestLog } : {}) });
  const http = createRecordingHttpClient();
  const backend = createDatabricksBackend({
    host: sim.url,
    http,
    auth: { kind: 'pat', token: staticSecret(sim.token, 'test') },
  });
  return {
    sim,
    clock,
    backend,
    requests: http.requests,
    close: async () => {
      await http.close();
      await sim.close();
    },
  };
}

let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(() => w.close());

const jobId = (name: string) => String(w.sim.state.jobByName(name)?.jobId);
const writes = () => w.requests.filter((r) => r.method !== 'GET');
const failedRiskRun = () => {
  const job = w.sim.state.jobByName('eod_risk_models');
  const run = job?.runIds.map((id) => w.sim.state.runs.get(id)).find((r) => r?.forcedFailures.length);
  return String(run?.runId);
};

/** The error a call throws, checked to be one line. */
async function refusal(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect(errorLine(error)).not.toContain('\n');
  return error as Error;
}

async function settle(workflowId: string, runId: string) {
  for (let i = 0; i < 100; i++) {
    const run = await w.backend.getRun(workflowId, runId);
    if (!['queued', 'running', 'blocked', 'retrying'].includes(run.state)) return run;
    w.clock.advance(5 * MIN);
  }
  throw new Error(`run ${runId} never ended`);
}

describe('run-now (trigger)', () => {
  it('the preview lists every job parameter with the defaults filled in, the task count and the last good run', async () => {
    const action: Action = {
      kind: 'trigger',
      workflowId: jobId('eod_risk_models'),
      requestId: 'req-1',
      params: { business_date: '2026-11-20' },
    };
    const preview = await w.backend.preview(action);
    expect(preview.affected).toEqual(['business_date = 2026-11-20', 'portfolio = ALL (default)']);
    expect(preview.summary).toMatch(
      /^Start a new run of job eod_risk_models \(\d+\): 4 tasks, last successful run took \d+m \d\ds$/,
    );
    expect(preview).toMatchObject({ serverDryRun: false, destructive: false });
    expect(preview.notes).toBeUndefined();
    expect(writes()).toEqual([]);
  });

  it('sends only the values given; the same requestId is the same run, another is a second run (§2 idempotency_token)', async () => {
    const workflowId = jobId('eod_risk_models');
    const action: Action = {
      kind: 'trigger',
      workflowId,
      requestId: 'req-2',
      params: { business_date: '2026-11-20' },
    };
    const before = w.sim.state.jobByName('eod_risk_models')?.runIds.length ?? 0;
    const first = await w.backend.execute(action);
    const again = await w.backend.execute(action);
    expect(again.runId).toBe(first.runId);
    // The second send is told apart: the workspace answered with a run that was already there.
    expect(first.alreadyDone).toBeUndefined();
    expect(first.summary).toMatch(/^Started run \d+ of job eod_risk_models/);
    expect(again).toMatchObject({ alreadyDone: true, runId: first.runId });
    expect(again.summary).toMatch(
      /^Job eod_risk_models \(\d+\) already has run \d+ from an earlier send of this request: no second run was made$/,
    );
    expect(w.sim.state.jobByName('eod_risk_models')?.runIds.length).toBe(before + 1);
    expect(writes()[0]?.json).toMatchObject({
      idempotency_token: 'req-2',
      job_parameters: { business_date: '2026-11-20' },
    });
    const run = await w.backend.getRun(workflowId, first.runId as string);
    expect(run.conf).toEqual({ business_date: '2026-11-20', portfolio: 'ALL' });
    const other = await w.backend.execute({ ...action, requestId: 'req-3' });
    expect(other.runId).not.toBe(first.runId);
  });

  it('says when the new run will wait in the queue behind the active one (max_concurrent_runs 1)', async () => {
    const preview = await w.backend.preview({
      kind: 'trigger',
      workflowId: jobId('gdpr_erasure_requests'),
      requestId: 'req-4',
      params: {},
    });
    expect(preview.notes).toEqual([
      expect.stringMatching(
        /^Job gdpr_erasure_requests \(\d+\) runs at most 1 at a time and 2 are active: the new run will wait in the queue$/,
      ),
    ]);
  });

  it('a parameter the job does not declare is refused on one line naming the declared ones; nothing is sent', async () => {
    const action: Action = {
      kind: 'trigger',
      workflowId: jobId('eod_risk_models'),
      requestId: 'req-5',
      params: { busines_date: '2026-11-20' },
    };
    for (const call of [w.backend.preview(action), w.backend.execute(action)]) {
      const error = await refusal(call);
      expect(error).toBeInstanceOf(InvalidRequest);
      expect(error.message).toMatch(
        /^Job eod_risk_models \(\d+\) has no parameter "busines_date": its parameters are "business_date", "portfolio"$/,
      );
    }
    const none = await refusal(
      w.backend.execute({
        kind: 'trigger',
        workflowId: jobId('gdpr_erasure_requests'),
        requestId: 'req-6',
        params: { region: 'eu' },
      }),
    );
    expect(none.message).toMatch(
      /declares no parameters and has no notebook task .*: run it without "region"/,
    );
    expect(writes()).toEqual([]);
  });

  it('an unknown job is NotFound on one line; a job id that is not a number is refused before any request', async () => {
    const missing = await refusal(
      w.backend.execute({ kind: 'trigger', workflowId: '987654321', requestId: 'r', params: {} }),
    );
    expect(missing).toBeInstanceOf(NotFound);
    expect(missing.message).toBe(
      'Databricks job 987654321 does not exist, or this account cannot see it: check the job id in the jobs list',
    );
    const count = w.requests.length;
    const bad = await refusal(
      w.backend.preview({ kind: 'trigger', workflowId: 'eod_risk_models', requestId: 'r', params: {} }),
    );
    expect(bad).toBeInstanceOf(InvalidRequest);
    expect(bad.message).toMatch(/^"eod_risk_models" is not a Databricks job id/);
    expect(w.requests.length).toBe(count);
    expect(writes()).toEqual([]);
  });

  it('a logical date or a note (Airflow notions) is refused rather than dropped', async () => {
    const error = await refusal(
      w.backend.preview({
        kind: 'trigger',
        workflowId: jobId('eod_risk_models'),
        requestId: 'r',
        params: {},
        note: 'rerun after fix',
      }),
    );
    expect(error.message).toMatch(/no logical date or note/);
  });
});

describe('cancel', () => {
  it('the preview says what is running and for how long; the run then ends CANCELED', async () => {
    const workflowId = jobId('eod_risk_models');
    const started = await w.backend.execute({ kind: 'trigger', workflowId, requestId: 'c-1', params: {} });
    w.clock.advance(3 * MIN);
    const action: Action = { kind: 'cancelRun', workflowId, runId: started.runId as string };
    const preview = await w.backend.preview(action);
    expect(preview.destructive).toBe(true);
    expect(preview.summary).toMatch(/^Cancel run \d+ of job eod_risk_models: RUNNING for 3m 00s$/);
    expect(preview.affected[0]).toMatch(/^load_positions RUNNING for \d+m \d\ds$/);
    expect(preview.affected).toContain('publish_risk_report BLOCKED');
    const result = await w.backend.execute(action);
    expect(result.summary).toMatch(/^Cancel requested for run \d+ of job eod_risk_models/);
    const ended = await settle(workflowId, started.runId as string);
    expect(ended.state).toBe('canceled');
  });

  it('a run that already ended is refused with its end state, instead of a cancel that does nothing', async () => {
    const action: Action = {
      kind: 'cancelRun',
      workflowId: jobId('eod_risk_models'),
      runId: failedRiskRun(),
    };
    for (const call of [w.backend.preview(action), w.backend.execute(action)]) {
      const error = await refusal(call);
      expect(error).toBeInstanceOf(Conflict);
      expect(error.message).toMatch(
        /^Run \d+ of job eod_risk_models already ended TERMINATED\/FAILED at 2026-11-18 \d\d:\d\d UTC: nothing to cancel$/,
      );
    }
    expect(writes()).toEqual([]);
  });

  it('a run of another job, or a run that does not exist, is NotFound on one line', async () => {
    const other = await refusal(
      w.backend.preview({
        kind: 'cancelRun',
        workflowId: jobId('gdpr_erasure_requests'),
        runId: failedRiskRun(),
      }),
    );
    expect(other).toBeInstanceOf(NotFound);
    expect(other.message).toMatch(/belongs to job \d+, not \d+: refresh the run list$/);
    const missing = await refusal(
      w.backend.execute({ kind: 'cancelRun', workflowId: jobId('eod_risk_models'), runId: '123456789' }),
    );
    expect(missing).toBeInstanceOf(NotFound);
    expect(missing.message).toMatch(/^Databricks run 123456789 does not exist/);
    expect(writes()).toEqual([]);
  });
});

describe('cancel all active runs', () => {
  it('the preview lists the active runs (running and queued); all end CANCELED; a second time there is nothing to cancel', async () => {
    const workflowId = jobId('gdpr_erasure_requests');
    const action: Action = { kind: 'cancelAllRuns', workflowId };
    const preview = await w.backend.preview(action);
    expect(preview.destructive).toBe(true);
    expect(preview.summary).toMatch(
      /^Cancel all 2 active runs of job gdpr_erasure_requests \(\d+\) \(1 queued or starting\)$/,
    );
    expect(preview.affected).toHaveLength(2);
    expect(preview.affected.some((line) => /^run \d+ QUEUED/.test(line))).toBe(true);
    expect(preview.affected.some((line) => /^run \d+ RUNNING for 40m 00s \(manual\)$/.test(line))).toBe(true);
    const result = await w.backend.execute(action);
    expect(result.affected).toHaveLength(2);
    expect(writes().map((r) => [r.url.replace(w.sim.url, ''), r.json])).toEqual([
      ['/api/2.2/jobs/runs/cancel-all', { job_id: Number(workflowId) }],
    ]);
    w.clock.advance(MIN);
    for (const runId of result.affected)
      expect((await w.backend.getRun(workflowId, runId)).state).toBe('canceled');
    const again = await refusal(w.backend.execute(action));
    expect(again).toBeInstanceOf(Conflict);
    expect(again.message).toMatch(/^Job gdpr_erasure_requests \(\d+\) has no active run: nothing to cancel$/);
    expect(writes()).toHaveLength(1);
  });
});

describe('repair', () => {
  it('lists each task that reruns with its last outcome and duration, counts the dependents, and reruns them', async () => {
    const workflowId = jobId('eod_risk_models');
    const runId = failedRiskRun();
    const action: Action = { kind: 'repairRun', workflowId, runId, tasks: [], rerunDependents: true };
    const preview = await w.backend.preview(action);
    expect(preview.summary).toMatch(
      /^Repair run \d+ of job eod_risk_models: rerun stress_tests \(last \d+m \d\ds\) and 1 dependent$/,
    );
    expect(preview.affected).toEqual([
      expect.stringMatching(/^stress_tests: last FAILED after \d+m \d\ds$/),
      'publish_risk_report: dependent, last UPSTREAM_FAILED (did not run)',
    ]);
    const result = await w.backend.execute(action);
    expect(result.affected).toEqual(['stress_tests', 'publish_risk_report']);
    expect(result.repairId).toBe(Number((await w.backend.getRun(workflowId, runId)).repairIds?.[0]));
    expect(result.summary).toContain(`Repair ${result.repairId} of run`);
    const [body] = writes().map((r) => r.json as Record<string, unknown>);
    expect(body).toMatchObject({ rerun_all_failed_tasks: true, rerun_dependent_tasks: true });
    expect(body?.latest_repair_id).toBeUndefined();
    // Repair does not carry job parameters over: they are sent again.
    expect(body?.job_parameters).toMatchObject({ business_date: '2026-11-18', portfolio: 'ALL' });
    expect((await settle(workflowId, runId)).state).toBe('success');
  });

  it('a chained repair (chosen tasks, no dependents) sends latest_repair_id from the run history', async () => {
    const workflowId = jobId('eod_risk_models');
    const runId = failedRiskRun();
    await w.backend.execute({ kind: 'repairRun', workflowId, runId, tasks: [], rerunDependents: true });
    await settle(workflowId, runId);
    const firstRepair = (await w.backend.getRun(workflowId, runId)).repairIds?.[0];
    const chained: Action = {
      kind: 'repairRun',
      workflowId,
      runId,
      tasks: ['var_model', 'var_model'],
      rerunDependents: false,
    };
    const preview = await w.backend.preview(chained);
    expect(preview.summary).toMatch(
      new RegExp(
        `rerun var_model \\(last \\d+m \\d\\ds\\) and 0 dependents, chained on repair ${firstRepair}$`,
      ),
    );
    expect(preview.affected).toEqual([expect.stringMatching(/^var_model: last SUCCESS after /)]);
    await w.backend.execute(chained);
    expect(writes().at(-1)?.json).toMatchObject({
      rerun_tasks: ['var_model'],
      rerun_dependent_tasks: false,
      latest_repair_id: firstRepair,
    });
    expect((await w.backend.getRun(workflowId, runId)).repairIds).toHaveLength(2);
  });

  it('refuses a running run, a succeeded run with nothing named, and a task the run does not have; nothing is sent', async () => {
    const workflowId = jobId('eod_risk_models');
    const started = await w.backend.execute({ kind: 'trigger', workflowId, requestId: 'r-1', params: {} });
    const sentBefore = writes().length;
    const running = await refusal(
      w.backend.preview({
        kind: 'repairRun',
        workflowId,
        runId: started.runId as string,
        tasks: [],
        rerunDependents: true,
      }),
    );
    expect(running).toBeInstanceOf(Conflict);
    expect(running.message).toMatch(
      /is still PENDING: a run can be repaired only once it has ended; wait for it, or cancel it first$/,
    );
    const succeeded = await settle(workflowId, started.runId as string);
    expect(succeeded.state).toBe('success');
    const nothing = await refusal(
      w.backend.execute({
        kind: 'repairRun',
        workflowId,
        runId: succeeded.id,
        tasks: [],
        rerunDependents: true,
      }),
    );
    expect(nothing).toBeInstanceOf(Conflict);
    expect(nothing.message).toMatch(
      /succeeded: no task failed, so there is nothing to repair; name the tasks to rerun, or start a new run$/,
    );
    const unknown = await refusal(
      w.backend.execute({
        kind: 'repairRun',
        workflowId,
        runId: failedRiskRun(),
        tasks: ['stress_test'],
        rerunDependents: false,
      }),
    );
    expect(unknown).toBeInstanceOf(InvalidRequest);
    expect(unknown.message).toBe(
      `Run ${failedRiskRun()} of job eod_risk_models has no task "stress_test": its tasks are "load_positions", "var_model", "stress_tests", "publish_risk_report"`,
    );
    expect(writes()).toHaveLength(sentBefore);
  });
});

describe('setPaused', () => {
  it('the preview names the schedule and says when the job already is in that state', async () => {
    const workflowId = jobId('sales_dashboard_refresh');
    const preview = await w.backend.preview({ kind: 'setPaused', workflowId, paused: false });
    expect(preview.summary).toMatch(
      /^Unpause the .* schedule of job sales_dashboard_refresh \(\d+\) \(it already is\)$/,
    );
    const job = await refusal(
      w.backend.preview({ kind: 'setPaused', workflowId: jobId('gdpr_erasure_requests'), paused: true }),
    );
    expect(job.message).toMatch(/has no schedule, trigger or continuous setting to pause/);
  });
});

describe('a write whose answer is lost after the workspace applied it (faults.resetAfterWriteRate)', () => {
  let lossy: World;
  let log: string;
  beforeEach(async () => {
    log = join(mkdtempSync(join(tmpdir(), 'dagdeck-lossy-')), 'requests.jsonl');
    lossy = await startWorld({ resetAfterWriteRate: 1 }, log);
  });
  afterEach(() => lossy.close());
  /** What reached the workspace, from its request log. */
  const posted = () =>
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { method: string; path: string; status: number | null })
      .filter((entry) => entry.method === 'POST');

  it('run-now: re-sent with the same idempotency token, and still exactly one run', async () => {
    const job = lossy.sim.state.jobByName('eod_risk_models');
    const before = job?.runIds.length ?? 0;
    const error = await refusal(
      lossy.backend.execute({
        kind: 'trigger',
        workflowId: String(job?.jobId),
        requestId: 'lost-1',
        params: {},
      }),
    );
    expect(error).toBeInstanceOf(Unavailable);
    expect(lossy.requests.filter((r) => r.method === 'POST')).toEqual([
      expect.objectContaining({ json: expect.objectContaining({ idempotency_token: 'lost-1' }) }),
    ]);
    // On the wire it went twice (the recording client allows 2 attempts), both answers lost, the
    // same token each time: one run.
    await waitFor(() => expect(posted()).toHaveLength(2));
    expect(posted().every((entry) => entry.path === '/api/2.2/jobs/run-now' && entry.status === null)).toBe(
      true,
    );
    expect(job?.runIds.length).toBe(before + 1);
  });

  it('repair: never re-sent; the lost answer is read back from repair_history', async () => {
    const job = lossy.sim.state.jobByName('eod_risk_models');
    const run = job?.runIds.map((id) => lossy.sim.state.runs.get(id)).find((r) => r?.forcedFailures.length);
    const result = await lossy.backend.execute({
      kind: 'repairRun',
      workflowId: String(job?.jobId),
      runId: String(run?.runId),
      tasks: [],
      rerunDependents: true,
    });
    expect(result.summary).toMatch(
      /^Repair \d+ of run \d+ of job eod_risk_models started \(its answer was lost; found in the run history\)/,
    );
    await waitFor(() => expect(posted()).toHaveLength(1));
    expect(posted()[0]).toMatchObject({ path: '/api/2.2/jobs/runs/repair', status: null });
    expect(run?.repairs).toHaveLength(1);
    expect(result.summary).toContain(String(run?.repairs[0]?.id));
  });
});
