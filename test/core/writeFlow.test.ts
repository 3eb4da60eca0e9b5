// The one write flow (issue 10 "One write flow in core/"), against the Airflow simulator over real
// HTTP: policy before any request, the server's own dry run as the preview, exactly one send per
// confirmed plan, the same trigger confirmed in two consoles making one run, and an audit record
// for every attempt and outcome, failures included.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import { createIntentStore } from '../../source/audit/intentFile.js';
import { type Action, newRequestId } from '../../source/core/actions.js';
import type { AuditRecord, AuditSink } from '../../source/core/audit.js';
import type { Backend } from '../../source/core/backend.js';
import { Refused, Unavailable } from '../../source/core/errors.js';
import {
  createPlan,
  createWriteFlow,
  outcomeOf,
  type Protection,
  type WriteEnvironment,
} from '../../source/core/writeFlow.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { type AirflowSim, startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock } from '../../source/sim/clock.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';

const DAG = 'fintech_eod_risk';
const RISK_TASK = 'risk_modelling.run_risk_models';

let sim: AirflowSim;
let backend: Backend;
let http: ReturnType<typeof createRecordingHttpClient>;
let failedRunId: string;
const dirs: string[] = [];

beforeAll(async () => {
  const clock = createSimClock({ speed: 0, start: Date.UTC(2026, 10, 20, 12, 0, 0) });
  sim = await startAirflowSim({ flavour: 3, clock, seed: 42 });
  http = createRecordingHttpClient();
  backend = createAirflowBackend({
    baseUrl: sim.url,
    http,
    auth: { kind: 'password', username: sim.username, password: staticSecret(sim.password, 'test') },
  });
  const failed = (await backend.listRuns(DAG)).find((run) => run.state === 'failed');
  if (!failed) throw new Error('the seed fails the latest fintech_eod_risk run');
  failedRunId = failed.id;
});
afterAll(async () => {
  await http.close();
  await sim.close();
});
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function memoryAudit(): AuditSink & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return { records, append: (record) => void records.push(record) };
}

function flowWith(overrides: Partial<WriteEnvironment> & { protection?: Protection } = {}) {
  const audit = memoryAudit();
  const flow = createWriteFlow({
    contextName: 'prod',
    protection: 'open',
    readOnlyFlag: false,
    backends: { airflow: backend },
    endpoints: { airflow: sim.url },
    audit,
    identity: { user: 'oncall', host: 'jump-1', pid: 4242 },
    ...overrides,
  });
  return { flow, audit };
}

const writesSent = () => http.requests.filter((request) => request.method !== 'GET').length;

const clearRisk = (): Extract<Action, { kind: 'clearTasks' }> => ({
  kind: 'clearTasks',
  workflowId: DAG,
  runId: failedRunId,
  tasks: [{ taskId: RISK_TASK }],
  onlyFailed: false,
  includeDownstream: true,
  includeUpstream: false,
  resetRun: true,
});

describe('policy', () => {
  it('--read-only refuses before any request, says how to lift it, and audits the refusal', async () => {
    const { flow, audit } = flowWith({ readOnlyFlag: true });
    const before = http.requests.length;
    const plan = createPlan([{ backend: 'airflow', action: clearRisk() }]);
    await expect(flow.preview(plan)).rejects.toThrow(Refused);
    await expect(flow.preview(plan)).rejects.toThrow(
      /read-only \(--read-only\).*start dagdeck without --read-only/,
    );
    expect(http.requests.length).toBe(before);
    expect(audit.records[0]).toMatchObject({ phase: 'refused', result: 'refused', action: 'clearTasks' });
  });

  it('a read-only context refuses with the command that lifts it', () => {
    const { flow } = flowWith({ protection: 'read-only' });
    expect(() => flow.check(createPlan([{ backend: 'airflow', action: clearRisk() }]))).toThrow(
      /context "prod" is read-only.*dagdeck context add prod/,
    );
  });

  it('a protected context wants the DAG id typed for one write, the context name for a bulk one; pausing asks y/N', () => {
    const { flow } = flowWith({ protection: 'protected' });
    expect(flow.policy(createPlan([{ backend: 'airflow', action: clearRisk() }]))).toEqual({
      kind: 'typed',
      expected: DAG,
    });
    const bulk = createPlan([
      { backend: 'airflow', action: clearRisk() },
      { backend: 'airflow', action: { ...clearRisk(), runId: 'other' } },
    ]);
    expect(flow.policy(bulk)).toEqual({ kind: 'typed', expected: 'prod' });
    const pause = createPlan([
      { backend: 'airflow', action: { kind: 'setPaused', workflowId: DAG, paused: true } },
    ]);
    expect(flow.policy(pause)).toEqual({ kind: 'confirm' });
  });

  it('an action the backend does not offer is refused without a request', () => {
    const { flow } = flowWith();
    const cancel = createPlan([
      { backend: 'airflow', action: { kind: 'cancelRun', workflowId: DAG, runId: 'r' } },
    ]);
    expect(flow.policy(cancel)).toMatchObject({ kind: 'refused' });
  });
});

describe('preview and execute', () => {
  it('previews a clear through the server dry run (nothing changes), then sends it exactly once', async () => {
    const { flow, audit } = flowWith();
    const plan = createPlan([{ backend: 'airflow', action: clearRisk() }]);
    const before = writesSent();
    const preview = await flow.preview(plan);
    expect(preview.serverDryRun).toBe(true);
    expect(preview.affected).toEqual([`${RISK_TASK} (failed)`, 'load_reporting_db (upstream_failed)']);
    // The dry run is a POST with dry_run true; the run is untouched.
    expect((await backend.listTasks(DAG, failedRunId)).find((t) => t.taskId === RISK_TASK)?.state).toBe(
      'failed',
    );
    const sentByPreview = writesSent() - before;
    // A double enter: two executes of one plan, one request.
    const [first, second] = await Promise.all([
      flow.execute(preview, 'dialog'),
      flow.execute(preview, 'dialog'),
    ]);
    expect(second).toBe(first);
    expect(first.ok).toBe(true);
    expect(writesSent() - before - sentByPreview).toBe(1);
    expect(audit.records.map((r) => `${r.phase}:${r.result ?? ''}`)).toEqual(['intent:', 'outcome:ok']);
    expect(audit.records[0]).toMatchObject({
      user: 'oncall',
      host: 'jump-1',
      context: 'prod',
      backend: 'airflow',
      url: sim.url,
      confirm: 'dialog',
      preview: { count: 2, serverDryRun: true },
    });
    const state = (await backend.listTasks(DAG, failedRunId)).find((t) => t.taskId === RISK_TASK)?.state;
    expect(state).not.toBe('failed');
  });

  it('a preview that fails (an unknown run) sends nothing at all', async () => {
    const { flow, audit } = flowWith();
    const before = writesSent();
    const plan = createPlan([
      {
        backend: 'airflow',
        action: { kind: 'markRunState', workflowId: DAG, runId: 'no_such_run', state: 'failed' },
      },
    ]);
    await expect(flow.preview(plan)).rejects.toThrow(/no_such_run/);
    expect(writesSent()).toBe(before);
    expect(audit.records).toEqual([]);
  });

  it('a step the server refuses is audited as an error; the steps after it are not sent', async () => {
    const { flow, audit } = flowWith();
    const plan = createPlan([
      {
        backend: 'airflow',
        action: {
          kind: 'trigger',
          workflowId: DAG,
          requestId: newRequestId(),
          params: { portfolio: 'NOPE' },
        },
      },
      { backend: 'airflow', action: { kind: 'setPaused', workflowId: DAG, paused: true } },
    ]);
    const outcome = await flow.execute(await flow.preview(plan), 'dialog');
    expect(outcome.ok).toBe(false);
    expect(outcome.steps.map((step) => step.status)).toEqual(['error', 'not-sent']);
    expect(outcome.summary).toMatch(
      /^Trigger run failed: .*portfolio.* \(step 1 of 2, fintech_eod_risk; 0 done, 1 not sent\)$/,
    );
    expect(audit.records.filter((r) => r.phase === 'outcome').map((r) => r.result)).toEqual([
      'error',
      'not-sent',
    ]);
    expect(audit.records.find((r) => r.result === 'error')).toMatchObject({
      httpStatus: 400,
      errorCode: 'invalid_request',
    });
    expect((await backend.getWorkflow(DAG)).paused).toBe(false);
  });

  it('an intent that cannot be recorded stops the write before it is sent', async () => {
    const failing: AuditSink = {
      append(record) {
        if (record.phase === 'intent') throw new Error('EACCES: the audit trail cannot be written');
      },
    };
    const { flow } = flowWith({ audit: failing });
    const before = writesSent();
    const preview = await flow.preview(
      createPlan([{ backend: 'airflow', action: { kind: 'setPaused', workflowId: DAG, paused: true } }]),
    );
    const outcome = await flow.execute(preview, 'dialog');
    expect(outcome.steps[0]).toMatchObject({ status: 'not-sent' });
    expect(outcome.steps[0]?.message).toContain('EACCES');
    expect(writesSent()).toBe(before);
  });

  it('a trigger sent twice under its id makes one run; the second send reads it back as already done', async () => {
    const { flow } = flowWith();
    const action: Action = {
      kind: 'trigger',
      workflowId: DAG,
      requestId: newRequestId(),
      params: {},
      logicalDate: null,
    };
    const first = await flow.execute(
      await flow.preview(createPlan([{ backend: 'airflow', action }])),
      'dialog',
    );
    const again = await flow.execute(
      await flow.preview(createPlan([{ backend: 'airflow', action }])),
      'dialog',
    );
    expect(first.steps[0]?.result?.alreadyDone).toBeUndefined();
    expect(again.steps[0]?.result).toMatchObject({ runId: action.requestId, alreadyDone: true });
    const runs = await backend.listRuns(DAG, { limit: 50 });
    expect(runs.filter((run) => run.id === action.requestId)).toHaveLength(1);
  });

  it('the same trigger confirmed in two consoles (two flows, one state directory) makes one run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dagdeck-intents-'));
    dirs.push(dir);
    const a = flowWith({ intents: createIntentStore(dir) });
    const b = flowWith({ intents: createIntentStore(dir) });
    const conf = { portfolio: 'FX', note: `two consoles ${Date.now()}` };
    const trigger = (): Action => ({
      kind: 'trigger',
      workflowId: DAG,
      requestId: newRequestId(),
      params: conf,
    });
    const before = (await backend.listRuns(DAG, { limit: 100 })).length;
    const previewA = await a.flow.preview(createPlan([{ backend: 'airflow', action: trigger() }]));
    const outcomeA = await a.flow.execute(previewA, 'dialog');
    // The second console previews after the first confirmed: it is told, and re-sends the same id.
    const previewB = await b.flow.preview(createPlan([{ backend: 'airflow', action: trigger() }]));
    expect(previewB.notes.join(' ')).toMatch(/same trigger was confirmed .* no second run/);
    const outcomeB = await b.flow.execute(previewB, 'dialog');
    expect(outcomeB.steps[0]?.result).toMatchObject({
      runId: outcomeA.steps[0]?.result?.runId,
      alreadyDone: true,
    });
    expect((await backend.listRuns(DAG, { limit: 100 })).length).toBe(before + 1);
  });

  it('two consoles that both previewed before either confirmed still make one run (the claim decides)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dagdeck-intents-'));
    dirs.push(dir);
    const a = flowWith({ intents: createIntentStore(dir) });
    const b = flowWith({ intents: createIntentStore(dir) });
    const conf = { portfolio: 'RATES', at: Date.now() };
    const plan = () =>
      createPlan([
        {
          backend: 'airflow',
          action: { kind: 'trigger', workflowId: DAG, requestId: newRequestId(), params: conf },
        },
      ]);
    const [previewA, previewB] = await Promise.all([a.flow.preview(plan()), b.flow.preview(plan())]);
    const before = (await backend.listRuns(DAG, { limit: 100 })).length;
    const [outcomeA, outcomeB] = await Promise.all([
      a.flow.execute(previewA, 'dialog'),
      b.flow.execute(previewB, 'dialog'),
    ]);
    expect(outcomeA.steps[0]?.result?.runId).toBe(outcomeB.steps[0]?.result?.runId);
    expect((await backend.listRuns(DAG, { limit: 100 })).length).toBe(before + 1);
  });
});

describe('outcomeOf', () => {
  it('a dropped connection after sending is unknown; a refused connection or an HTTP answer is an error', () => {
    const reset = new Unavailable('reset', {
      cause: Object.assign(new Error('socket'), { code: 'ECONNRESET' }),
    });
    const refused = new Unavailable('refused', {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    const answered = new Unavailable('500', { status: 500 });
    expect(outcomeOf(reset)).toBe('unknown');
    expect(outcomeOf(refused)).toBe('error');
    expect(outcomeOf(answered)).toBe('error');
  });
});
