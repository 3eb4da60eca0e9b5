// The Databricks backend contract: every Backend operation, through the interface only, against the
// Databricks simulator with a PAT and with OAuth M2M. Point it at a real workspace with
// DAGDECK_CONTRACT_DATABRICKS_HOST plus _TOKEN or _CLIENT_ID/_CLIENT_SECRET (and _JOB to name the
// job, default eod_risk_models; writes on a real workspace only with _WRITES=1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../source/core/backend.js';
import { Conflict, errorLine, InvalidRequest, NotFound } from '../../source/core/errors.js';
import type { Run, Workflow } from '../../source/core/model.js';
import { taskTree } from '../../source/core/taskTree.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import type { DatabricksAuth } from '../../source/databricks/auth/types.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { createHttpClient } from '../../source/http/client.js';
import type { HttpClient } from '../../source/http/types.js';
import { createSimClock } from '../../source/sim/clock.js';
import { startDatabricksSim } from '../../source/sim/databricks/server.js';
import { collectLog } from '../support/collectLog.js';

interface Target {
  name: string;
  host: string;
  auth: DatabricksAuth;
  jobName: string;
  writes: boolean;
  /** At least this many jobs exist: above 100 (a full jobs/list page), listWorkflows must page. */
  minJobs: number;
  /** More than 50 runs exist across the workspace, so listRecentRuns must page runs/list (25 a page). */
  manyRuns: boolean;
  /** Whether jobs/update exists (setPaused): the simulator does not serve it yet. */
  jobsUpdate: boolean;
  /** Expire every OAuth token issued so far (simulator only). */
  expireTokens?: () => void;
  /** Let time pass: virtual on the simulator, real on a workspace. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

type TargetFactory = { name: string; start(): Promise<Target> };

function simTarget(kind: 'pat' | 'oauth-m2m'): TargetFactory {
  return {
    name: `simulator (${kind})`,
    async start() {
      const clock = createSimClock({ speed: 0 });
      // 120 generated jobs on top of the story jobs: jobs/list needs two 2.2 pages of at most 100.
      const sim = await startDatabricksSim({ clock, seed: 7, jobs: 120, runsPerJob: 1 });
      const auth: DatabricksAuth =
        kind === 'pat'
          ? { kind: 'pat', token: staticSecret(sim.token, 'contract') }
          : {
              kind: 'oauth-m2m',
              clientId: sim.clientId,
              clientSecret: staticSecret(sim.clientSecret, 'contract'),
            };
      return {
        name: `simulator (${kind})`,
        host: sim.url,
        auth,
        jobName: 'eod_risk_models',
        writes: true,
        minJobs: 121,
        manyRuns: true,
        jobsUpdate: true,
        ...(kind === 'oauth-m2m' ? { expireTokens: () => sim.expireTokens() } : {}),
        advance: async (ms) => clock.advance(ms),
        close: () => sim.close(),
      };
    },
  };
}

function realTarget(host: string): TargetFactory {
  const env = process.env;
  return {
    name: `workspace ${host}`,
    async start() {
      const auth: DatabricksAuth = env.DAGDECK_CONTRACT_DATABRICKS_TOKEN
        ? { kind: 'pat', token: staticSecret(env.DAGDECK_CONTRACT_DATABRICKS_TOKEN, 'env') }
        : {
            kind: 'oauth-m2m',
            clientId: env.DAGDECK_CONTRACT_DATABRICKS_CLIENT_ID ?? '',
            clientSecret: staticSecret(env.DAGDECK_CONTRACT_DATABRICKS_CLIENT_SECRET ?? '', 'env'),
          };
      return {
        name: `workspace ${host}`,
        host,
        auth,
        jobName: env.DAGDECK_CONTRACT_DATABRICKS_JOB ?? 'eod_risk_models',
        writes: env.DAGDECK_CONTRACT_DATABRICKS_WRITES === '1',
        minJobs: Number(env.DAGDECK_CONTRACT_DATABRICKS_MIN_JOBS ?? 1),
        manyRuns: false,
        jobsUpdate: true,
        advance: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 15_000))),
        close: async () => {},
      };
    },
  };
}

const realHost = process.env.DAGDECK_CONTRACT_DATABRICKS_HOST;
const targets: TargetFactory[] = realHost
  ? [realTarget(realHost)]
  : [simTarget('pat'), simTarget('oauth-m2m')];

/** Polls until the check passes, moving time on between reads. */
async function eventually<T>(
  target: Target,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  steps = 60,
): Promise<T> {
  let value = await read();
  for (let i = 0; i < steps && !done(value); i++) {
    await target.advance(60_000);
    value = await read();
  }
  return value;
}

describe.each(targets)('Databricks backend contract: $name', (factory) => {
  let target: Target;
  let http: HttpClient;
  let backend: Backend;
  let job: Workflow;
  let failedRun: Run;

  /** Methods of every request the backend sent, to prove a refusal sent no write. */
  const sent: string[] = [];

  beforeAll(async () => {
    target = await factory.start();
    http = createHttpClient();
    const counting: HttpClient = {
      request: (request) => {
        sent.push(request.method);
        return http.request(request);
      },
      stream: (request) => {
        sent.push(request.method);
        return http.stream(request);
      },
      close: () => http.close(),
    };
    backend = createDatabricksBackend({
      host: target.host,
      http: counting,
      auth: target.auth,
      credentialSource: 'contract test',
    });
  });

  afterAll(async () => {
    await http?.close();
    await target?.close();
  });

  it('probe: reachable, authenticated, API 2.2, credential source shown (§6)', async () => {
    const info = await backend.probe();
    expect(info).toMatchObject({
      backend: 'databricks',
      endpoint: target.host,
      apiVersion: '2.2',
      credentialSource: 'contract test',
      healthy: true,
    });
  });

  it('listWorkflows: every page (more than 100 jobs), the seeded job, name filter (§2 jobs/list)', async () => {
    const all = await backend.listWorkflows();
    expect(all.length).toBeGreaterThanOrEqual(target.minJobs);
    expect(new Set(all.map((w) => w.id)).size).toBe(all.length);
    const found = all.find((w) => w.name === target.jobName);
    expect(found, `job ${target.jobName}`).toBeDefined();
    job = found as Workflow;
    const filtered = await backend.listWorkflows({ search: target.jobName.toUpperCase() });
    expect(filtered.map((w) => w.id)).toContain(job.id);
    expect(filtered.every((w) => w.name.toLowerCase().includes(target.jobName.toLowerCase()))).toBe(true);
  });

  it('getWorkflow and getTriggerParams: one job, merged 2.2 pages (§1, §2 jobs/get)', async () => {
    const workflow = await backend.getWorkflow(job.id);
    expect(workflow).toMatchObject({ backend: 'databricks', id: job.id, name: target.jobName });
    const params = await backend.getTriggerParams(job.id);
    for (const param of params) {
      expect(param.type).toBe('string');
      expect(param.name.length).toBeGreaterThan(0);
    }
    await expect(backend.getWorkflow('987654321987')).rejects.toBeInstanceOf(NotFound);
  });

  it('listTaskDefinitions: the job settings tasks, depends_on as upstream and its reverse as downstream (§1 jobs/get)', async () => {
    const definitions = await backend.listTaskDefinitions(job.id);
    expect(definitions.length).toBeGreaterThan(0);
    const keys = new Set(definitions.map((d) => d.taskId));
    expect(keys.size).toBe(definitions.length);
    for (const definition of definitions) {
      for (const up of definition.upstream) {
        expect(keys.has(up)).toBe(true);
        expect(definitions.find((d) => d.taskId === up)?.downstream).toContain(definition.taskId);
      }
      expect(typeof definition.retries).toBe('number');
    }
    // The structure: no task before one it depends on.
    const order = taskTree(definitions).map((node) => node.id);
    for (const definition of definitions) {
      for (const up of definition.upstream) {
        expect(order.indexOf(up)).toBeLessThan(order.indexOf(definition.taskId));
      }
    }
  });

  it('listRuns and listRecentRuns: newest first, the seeded failed run (§2 runs/list)', async () => {
    const runs = await backend.listRuns(job.id, { limit: 50 });
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.workflowId === job.id)).toBe(true);
    const starts = runs.map((r) => r.startedAt ?? '9999');
    expect([...starts].sort().reverse()).toEqual(starts);
    const failed = runs.find((r) => r.state === 'failed');
    expect(failed, 'a failed run of the job').toBeDefined();
    failedRun = failed as Run;
    const limited = await backend.listRuns(job.id, { limit: 2 });
    expect(limited.length).toBeLessThanOrEqual(2);
    // 60 is more than two runs/list pages of 25: no run lost or repeated at a page boundary.
    const recent = await backend.listRecentRuns({ limit: 60 });
    expect(recent.length).toBeGreaterThan(0);
    if (target.manyRuns) expect(recent.length).toBe(60);
    expect(new Set(recent.map((r) => `${r.workflowId}/${r.id}`)).size).toBe(recent.length);
    const recentStarts = recent.map((r) => r.startedAt ?? '9999');
    expect([...recentStarts].sort().reverse()).toEqual(recentStarts);
  });

  it('getRun and listTasks: one row per task_key, attempts, task run ids (§3)', async () => {
    const run = await backend.getRun(job.id, failedRun.id);
    expect(run).toMatchObject({ id: failedRun.id, workflowId: job.id, state: 'failed' });
    expect(run.rawState).toMatch(/FAILED|TERMINATED/);
    const tasks = await backend.listTasks(job.id, failedRun.id);
    expect(tasks.length).toBeGreaterThan(0);
    expect(new Set(tasks.map((t) => t.taskId)).size).toBe(tasks.length);
    for (const task of tasks) {
      expect(task.attempts?.length).toBe(task.tryNumber);
      if (task.state !== 'none') expect(task.taskRunId).toBeDefined();
    }
    expect(tasks.some((t) => t.state === 'failed')).toBe(true);
  });

  it('a missing run or job is NotFound, shown as one line naming it (§7 error shapes)', async () => {
    // The service answers 400 INVALID_PARAMETER_VALUE "Run N does not exist." (not 404): the backend
    // must still give the user a NotFound, on one line, that says which run.
    const missing = await backend.getRun(job.id, '123456789123').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NotFound);
    const line = errorLine(missing);
    expect(line).toContain('123456789123');
    expect(line).not.toContain('\n');
    await expect(backend.listTasks(job.id, '123456789123')).rejects.toBeInstanceOf(NotFound);
    const missingJob = await backend.getWorkflow('987654321987').catch((error: unknown) => error);
    expect(missingJob).toBeInstanceOf(NotFound);
    expect(errorLine(missingJob)).toContain('987654321987');
  });

  it('followLog: get-output of the failed task run, stdout then its error, done (§4)', async () => {
    const tasks = await backend.listTasks(job.id, failedRun.id);
    const failedTask = tasks.find((t) => t.state === 'failed');
    expect(failedTask).toBeDefined();
    const log = await collectLog(
      backend.followLog(
        {
          backend: 'databricks',
          workflowId: job.id,
          runId: failedRun.id,
          taskId: failedTask?.taskId ?? '',
          ...(failedTask?.taskRunId ? { taskRunId: failedTask.taskRunId } : {}),
        },
        { follow: false },
      ),
    );
    expect(log.done).toBe(true);
    expect(log.state).toBe('failed');
    expect(log.lines.some((line) => line.level === 'error' && line.text.startsWith('error: '))).toBe(true);
  });

  it("findFailureReason: the failed task's error, asked of the run (§4)", async () => {
    const reason = await backend.findFailureReason({
      backend: 'databricks',
      workflowId: job.id,
      runId: failedRun.id,
    });
    expect(reason?.source).toMatch(/^(error|message)$/);
    expect(reason?.text.length).toBeGreaterThan(0);
    expect(reason?.text).not.toContain('\n');
  });

  it('findLinks: Databricks tasks start no Airflow runs', async () => {
    const [task] = await backend.listTasks(job.id, failedRun.id);
    expect(await backend.findLinks(task as NonNullable<typeof task>)).toEqual([]);
  });

  it('bad input is refused on one line before any write: unknown job, undeclared parameter, ended run, unknown task (§2)', async () => {
    const writesBefore = sent.filter((method) => method !== 'GET').length;
    const oneLine = async (call: Promise<unknown>) => {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(errorLine(error)).not.toContain('\n');
      return error;
    };
    const trigger = {
      kind: 'trigger' as const,
      workflowId: job.id,
      requestId: 'contract-refused',
      params: {},
    };
    expect(await oneLine(backend.execute({ ...trigger, workflowId: '987654321987' }))).toBeInstanceOf(
      NotFound,
    );
    const declared = await backend.getTriggerParams(job.id);
    if (declared.length > 0) {
      const unknown = await oneLine(
        backend.execute({ ...trigger, params: { dagdeck_contract_no_such_parameter: 'x' } }),
      );
      expect(unknown).toBeInstanceOf(InvalidRequest);
      expect(errorLine(unknown)).toContain('dagdeck_contract_no_such_parameter');
    }
    const cancelEnded = await oneLine(
      backend.execute({ kind: 'cancelRun', workflowId: job.id, runId: failedRun.id }),
    );
    expect(cancelEnded).toBeInstanceOf(Conflict);
    expect(errorLine(cancelEnded)).toMatch(/already ended .*: nothing to cancel$/);
    const unknownTask = await oneLine(
      backend.execute({
        kind: 'repairRun',
        workflowId: job.id,
        runId: failedRun.id,
        tasks: ['dagdeck_contract_no_such_task'],
        rerunDependents: false,
      }),
    );
    expect(unknownTask).toBeInstanceOf(InvalidRequest);
    expect(errorLine(unknownTask)).toContain('dagdeck_contract_no_such_task');
    expect(sent.filter((method) => method !== 'GET').length).toBe(writesBefore);
  });

  it('trigger: preview is our estimate; a re-sent run-now with the same requestId gives the same run (§2 run-now)', async (context) => {
    if (!target.writes) context.skip();
    const params = Object.fromEntries(
      (await backend.getTriggerParams(job.id)).map((p) => [p.name, p.default ?? '']),
    );
    const requestId = `contract-${Date.now()}-${Math.random().toString(16).slice(2)}`;
    const action = { kind: 'trigger' as const, workflowId: job.id, requestId, params };
    const preview = await backend.preview(action);
    expect(preview).toMatchObject({ serverDryRun: false, destructive: false });
    const first = await backend.execute(action);
    const again = await backend.execute(action);
    expect(first.runId).toBeDefined();
    expect(again.runId).toBe(first.runId);
    const other = await backend.execute({ ...action, requestId: `${requestId}-b` });
    expect(other.runId).not.toBe(first.runId);
    const run = await backend.getRun(job.id, first.runId as string);
    expect(run.trigger).toBe('manual');

    // cancel: both new runs end CANCELED (runs/cancel is asynchronous).
    for (const runId of [first.runId as string, other.runId as string]) {
      const cancel = { kind: 'cancelRun' as const, workflowId: job.id, runId };
      expect((await backend.preview(cancel)).destructive).toBe(true);
      await backend.execute(cancel);
      const ended = await eventually(
        target,
        () => backend.getRun(job.id, runId),
        (r) => r.state !== 'queued' && r.state !== 'running' && r.state !== 'blocked',
      );
      expect(ended.state).toBe('canceled');
      expect(ended.rawState).toContain('CANCELED');
    }
  });

  it('repairRun: reruns the failed tasks (plus dependents) and records the repair (§2 repair)', async (context) => {
    if (!target.writes) context.skip();
    const before = await backend.listTasks(job.id, failedRun.id);
    const runBefore = await backend.getRun(job.id, failedRun.id);
    const action = {
      kind: 'repairRun' as const,
      workflowId: job.id,
      runId: failedRun.id,
      tasks: [],
      rerunDependents: true,
    };
    const preview = await backend.preview(action);
    expect(preview.serverDryRun).toBe(false);
    const failedKeys = before.filter((t) => t.state === 'failed').map((t) => t.taskId);
    expect(failedKeys.length).toBeGreaterThan(0);
    // One line per task that reruns: "key: last FAILED after 9m 10s", dependents marked.
    const rerunKeys = preview.affected.map((line) => line.slice(0, line.indexOf(':')));
    expect(rerunKeys).toEqual(expect.arrayContaining(failedKeys));
    await backend.execute(action);
    const runAfter = await backend.getRun(job.id, failedRun.id);
    expect(runAfter.repairIds?.length ?? 0).toBe((runBefore.repairIds?.length ?? 0) + 1);
    const after = await eventually(
      target,
      () => backend.listTasks(job.id, failedRun.id),
      (tasks) =>
        rerunKeys.every((key) => {
          const task = tasks.find((t) => t.taskId === key);
          return task !== undefined && task.state !== 'failed' && task.state !== 'upstream_failed';
        }),
    );
    for (const key of rerunKeys) {
      const was = before.find((t) => t.taskId === key);
      const now = after.find((t) => t.taskId === key);
      expect(now?.tryNumber, key).toBeGreaterThan(was?.tryNumber ?? 0);
      expect(now?.taskRunId, key).not.toBe(was?.taskRunId);
    }
    const final = await eventually(
      target,
      () => backend.getRun(job.id, failedRun.id),
      (r) => r.state !== 'running' && r.state !== 'queued' && r.state !== 'blocked',
    );
    expect(['success', 'failed']).toContain(final.state);
    // A second repair chains on the first: latest_repair_id comes from repair_history.
    await backend.execute({ ...action, tasks: [rerunKeys[0] as string], rerunDependents: false });
    const chained = await backend.getRun(job.id, failedRun.id);
    expect(chained.repairIds?.length).toBe((runAfter.repairIds?.length ?? 0) + 1);
  });

  it('cancelAllRuns: the preview lists the active runs; each ends CANCELED; then nothing is left to cancel (§2 runs/cancel-all)', async (context) => {
    if (!target.writes) context.skip();
    const stamp = `${Date.now()}-${Math.random().toString(16).slice(2)}`;
    const started = [];
    for (const suffix of ['a', 'b']) {
      started.push(
        await backend.execute({
          kind: 'trigger',
          workflowId: job.id,
          requestId: `contract-all-${stamp}-${suffix}`,
          params: {},
        }),
      );
    }
    const runIds = started.map((result) => result.runId as string);
    // On a real workspace a run just started may take a moment to be listed as active.
    const preview = await eventually(
      target,
      () => backend.preview({ kind: 'cancelAllRuns', workflowId: job.id }),
      (p) => runIds.every((id) => p.affected.some((line) => line.startsWith(`run ${id} `))),
      5,
    );
    expect(preview.destructive).toBe(true);
    const repairing = await backend
      .preview({
        kind: 'repairRun',
        workflowId: job.id,
        runId: runIds[0] as string,
        tasks: [],
        rerunDependents: true,
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(repairing, 'a run still going cannot be repaired').toBeInstanceOf(Conflict);
    const result = await backend.execute({ kind: 'cancelAllRuns', workflowId: job.id });
    expect(result.affected).toEqual(expect.arrayContaining(runIds));
    for (const runId of runIds) {
      const ended = await eventually(
        target,
        () => backend.getRun(job.id, runId),
        (r) => r.state !== 'queued' && r.state !== 'running' && r.state !== 'blocked',
      );
      expect(ended.state).toBe('canceled');
    }
    const nothing = await eventually(
      target,
      () =>
        backend.preview({ kind: 'cancelAllRuns', workflowId: job.id }).then(
          () => undefined,
          (error: unknown) => error,
        ),
      (error) => error instanceof Conflict,
    );
    expect(errorLine(nothing)).toMatch(/has no active run: nothing to cancel$/);
  });

  it('OAuth token expiry mid-session: one re-fetch, then carry on (§6.3)', async (context) => {
    if (!target.expireTokens) context.skip();
    target.expireTokens?.();
    const workflows = await backend.listWorkflows({ search: target.jobName });
    expect(workflows.map((w) => w.name)).toContain(target.jobName);
  });

  it('setPaused: pause and unpause a scheduled job (§2 jobs/update)', async (context) => {
    if (!target.writes || !target.jobsUpdate) context.skip();
    const scheduled = (await backend.listWorkflows()).find((w) => w.paused !== undefined);
    if (!scheduled) context.skip();
    const workflow = scheduled as Workflow;
    const original = workflow.paused as boolean;
    const action = { kind: 'setPaused' as const, workflowId: workflow.id, paused: !original };
    expect((await backend.preview(action)).serverDryRun).toBe(false);
    await backend.execute(action);
    expect((await backend.getWorkflow(workflow.id)).paused).toBe(!original);
    await backend.execute({ ...action, paused: original });
    const restored = await backend.getWorkflow(workflow.id);
    expect(restored.paused).toBe(original);
    expect(restored.schedule).toBe(workflow.schedule);
  });
});
