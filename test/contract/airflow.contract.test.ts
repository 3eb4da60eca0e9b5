// The Airflow backend contract: every Backend operation, through the interface only, against the
// Airflow simulator in both flavours (Airflow 3 / API v2 and Airflow 2 / API v1). Point it at a real
// server with DAGDECK_CONTRACT_AIRFLOW_URL, _USERNAME and _PASSWORD (see README.md here).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import type { SecretProvider } from '../../source/core/credentials.js';
import { Conflict, InvalidRequest, NotFound, Refused } from '../../source/core/errors.js';
import { type Run, STATES, type TaskInstance } from '../../source/core/model.js';
import { taskTree } from '../../source/core/taskTree.js';
import { createHttpClient } from '../../source/http/client.js';
import type { HttpClient } from '../../source/http/types.js';
import { startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock } from '../../source/sim/clock.js';
import { collectLog } from '../support/collectLog.js';

const DAG = 'fintech_eod_risk';
const FAILED_TASK = 'risk_modelling.run_risk_models';
const DOWNSTREAM_TASK = 'load_reporting_db';

interface Target {
  name: string;
  url: string;
  username: string;
  password: string;
  /** 'v2' for Airflow 3, 'v1' for Airflow 2; undefined on a real server (whatever it runs). */
  apiVersion?: 'v1' | 'v2';
  writes: boolean;
  close(): Promise<void>;
}

type TargetFactory = { name: string; start(): Promise<Target> };

function simTarget(flavour: 2 | 3): TargetFactory {
  const name = `simulator (Airflow ${flavour})`;
  return {
    name,
    async start() {
      // Speed 0: nothing moves unless a test moves it, so "after clear" reads what clear did.
      const clock = createSimClock({ speed: 0 });
      const sim = await startAirflowSim({ flavour, clock, seed: 7 });
      return {
        name,
        url: sim.url,
        username: sim.username,
        password: sim.password,
        apiVersion: flavour === 3 ? 'v2' : 'v1',
        writes: true,
        close: () => sim.close(),
      };
    },
  };
}

function realTarget(url: string): TargetFactory {
  const env = process.env;
  return {
    name: `Airflow at ${url}`,
    async start() {
      return {
        name: `Airflow at ${url}`,
        url,
        username: env.DAGDECK_CONTRACT_AIRFLOW_USERNAME ?? 'admin',
        password: env.DAGDECK_CONTRACT_AIRFLOW_PASSWORD ?? '',
        writes: env.DAGDECK_CONTRACT_AIRFLOW_WRITES !== '0',
        close: async () => {},
      };
    },
  };
}

function secret(value: string): SecretProvider {
  return { description: 'contract', get: async () => ({ value, source: 'contract' }), invalidate: () => {} };
}

const realUrl = process.env.DAGDECK_CONTRACT_AIRFLOW_URL;
const targets: TargetFactory[] = realUrl ? [realTarget(realUrl)] : [simTarget(3), simTarget(2)];

/** Newest first by the time each run was due (queuedAt: run_after on v2, logical date on v1). */
function isNewestFirst(runs: Run[]): boolean {
  const times = runs.map((run) => Date.parse(run.queuedAt ?? run.logicalDate ?? ''));
  return times.every(
    (time, i) =>
      i === 0 || Number.isNaN(time) || Number.isNaN(times[i - 1] ?? 0) || time <= (times[i - 1] ?? 0),
  );
}

describe.each(targets)('Airflow backend contract: $name', (factory) => {
  let target: Target;
  let http: HttpClient;
  let backend: Backend;
  let failedRun: Run;
  let failedTask: TaskInstance;

  const findTask = async (runId: string, taskId: string) => {
    const tasks = await backend.listTasks(DAG, runId);
    const task = tasks.find((t) => t.taskId === taskId);
    if (!task) throw new Error(`task ${taskId} not in run ${runId}`);
    return task;
  };

  beforeAll(async () => {
    target = await factory.start();
    http = createHttpClient();
    backend = createAirflowBackend({
      baseUrl: target.url,
      http,
      auth: { kind: 'password', username: target.username, password: secret(target.password) },
      credentialSource: 'contract test',
    });
    // The seeded failed run whose Databricks task failed (the scenario every write below uses).
    const runs = await backend.listRuns(DAG, { limit: 100 });
    for (const run of runs.filter((r) => r.state === 'failed')) {
      const task = (await backend.listTasks(DAG, run.id)).find(
        (t) => t.taskId === FAILED_TASK && t.state === 'failed',
      );
      if (task) {
        failedRun = run;
        failedTask = task;
        break;
      }
    }
    if (!failedRun) throw new Error(`${target.name}: no failed run of ${DAG} with a failed ${FAILED_TASK}`);
  });

  afterAll(async () => {
    await http?.close();
    await target?.close();
  });

  it('probe: version detected, authenticated, health, credential source (§2.1, §3, §5.12)', async () => {
    const info = await backend.probe();
    expect(info).toMatchObject({
      backend: 'airflow',
      endpoint: target.url,
      credentialSource: 'contract test',
    });
    if (target.apiVersion) expect(info.apiVersion).toBe(target.apiVersion);
    expect(info.apiVersion === 'v1' ? info.version?.startsWith('2.') : info.version?.startsWith('3.')).toBe(
      true,
    );
    expect(typeof info.healthy).toBe('boolean');
    expect(info.identity).toBeTruthy();
  });

  it('capabilities: exactly what Airflow implements; cancel is refused with the Airflow way (§1.2)', async () => {
    expect([...backend.capabilities.actions].sort()).toEqual(
      ['clearTasks', 'markRunState', 'markTaskState', 'setPaused', 'trigger'].sort(),
    );
    expect([...backend.capabilities.serverDryRun].sort()).toEqual(['clearTasks', 'markTaskState']);
    await expect(
      backend.preview({ kind: 'cancelRun', workflowId: DAG, runId: failedRun.id }),
    ).rejects.toBeInstanceOf(Refused);
  });

  it('listWorkflows: every page, no duplicates, search/tags filters (§5.1, §1.10, §1.13)', async () => {
    const all = await backend.listWorkflows();
    expect(all.some((w) => w.id === DAG)).toBe(true);
    expect(new Set(all.map((w) => w.id)).size).toBe(all.length);
    const searched = await backend.listWorkflows({ search: 'eod_ris' });
    expect(searched.map((w) => w.id)).toContain(DAG);
    expect(searched.every((w) => w.id.toLowerCase().includes('eod_ris'))).toBe(true);
    const dag = all.find((w) => w.id === DAG);
    const tag = dag?.tags[0];
    expect(tag).toBeTruthy();
    const tagged = await backend.listWorkflows({ tags: [tag ?? ''] });
    expect(tagged.map((w) => w.id)).toContain(DAG);
    expect(tagged.every((w) => w.tags.includes(tag ?? ''))).toBe(true);
    const active = await backend.listWorkflows({ paused: false });
    expect(active.every((w) => w.paused === false)).toBe(true);
  });

  it('listImportErrors: every broken DAG file with its stack trace; the simulator seeds vendor_feed_loader (§5.12)', async () => {
    const errors = await backend.listImportErrors();
    expect(new Set(errors.map((e) => e.id)).size).toBe(errors.length);
    for (const error of errors) {
      expect(error.filename).toBeTruthy();
      expect(typeof error.stackTrace).toBe('string');
    }
    // Only the simulators (apiVersion set) have a known broken file: test/real/dags has none.
    if (target.apiVersion) {
      const seeded = errors.find((e) => e.filename.endsWith('vendor_feed_loader.py'));
      expect(seeded?.stackTrace).toMatch(/ModuleNotFoundError: No module named 'vendor_sdk'\n?$/);
      expect(Date.parse(seeded?.timestamp ?? '')).not.toBeNaN();
      const flagged = await backend.getWorkflow('vendor_feed_loader');
      expect(flagged.hasImportErrors).toBe(true);
    }
  });

  it('getWorkflow and getTriggerParams: the DAG and its params as form fields (§5.2, §5.4)', async () => {
    const dag = await backend.getWorkflow(DAG);
    expect(dag).toMatchObject({ backend: 'airflow', id: DAG });
    expect(dag.tags.length).toBeGreaterThan(0);
    const params = await backend.getTriggerParams(DAG);
    expect(new Set(params.map((p) => p.name)).size).toBe(params.length);
    const types = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null', 'unknown']);
    expect(params.every((p) => types.has(p.type))).toBe(true);
  });

  it('listRuns, listRecentRuns, getRun: newest first, limit, the failed run (§5.3, §1.10)', async () => {
    const runs = await backend.listRuns(DAG, { limit: 50 });
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.length).toBeLessThanOrEqual(50);
    expect(runs.every((r) => r.workflowId === DAG && STATES.includes(r.state))).toBe(true);
    expect(isNewestFirst(runs)).toBe(true);
    const two = await backend.listRuns(DAG, { limit: 2 });
    expect(two.map((r) => r.id)).toEqual(runs.slice(0, 2).map((r) => r.id));
    const recent = await backend.listRecentRuns({ limit: 20 });
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThanOrEqual(20);
    expect(isNewestFirst(recent)).toBe(true);
    const run = await backend.getRun(DAG, failedRun.id);
    expect(run).toMatchObject({ id: failedRun.id, workflowId: DAG, state: 'failed', rawState: 'failed' });
  });

  it('listTasks: every TI of the run, groups from dotted ids, tries, unique (task, map index) (§5.6)', async () => {
    const tasks = await backend.listTasks(DAG, failedRun.id);
    const keys = tasks.map((t) => `${t.taskId}[${t.mapIndex ?? -1}]`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(failedTask).toMatchObject({ group: 'risk_modelling', state: 'failed', runId: failedRun.id });
    expect(failedTask.tryNumber).toBeGreaterThanOrEqual(1);
    expect(tasks.some((t) => t.taskId === DOWNSTREAM_TASK)).toBe(true);
  });

  it('listTaskDefinitions: every task with its edges both ways; the structure puts upstream before downstream, groups together (§5.6)', async () => {
    const definitions = await backend.listTaskDefinitions(DAG);
    const byId = new Map(definitions.map((d) => [d.taskId, d]));
    expect([...byId.keys()].sort()).toEqual([
      'data_ingestion.aggregate_positions',
      'data_ingestion.ingest_trades',
      'data_ingestion.wait_for_trades_file',
      DOWNSTREAM_TASK,
      FAILED_TASK,
    ]);
    expect(byId.get(FAILED_TASK)).toMatchObject({
      group: 'risk_modelling',
      upstream: ['data_ingestion.aggregate_positions'],
      downstream: [DOWNSTREAM_TASK],
    });
    expect(byId.get(FAILED_TASK)?.operator).toMatch(/RunNowOperator$/);
    expect(byId.get(DOWNSTREAM_TASK)?.upstream).toEqual([FAILED_TASK]);
    for (const definition of definitions) {
      expect(typeof definition.retries).toBe('number');
      expect(definition.retryDelayMs).toBeGreaterThanOrEqual(0);
      expect(typeof definition.retryExponentialBackoff).toBe('number');
    }
    // The server lists them by task id; the tree orders them as the DAG runs them.
    expect(taskTree(definitions)).toEqual([
      {
        kind: 'group',
        id: 'data_ingestion',
        children: [
          { kind: 'task', id: 'data_ingestion.wait_for_trades_file' },
          { kind: 'task', id: 'data_ingestion.ingest_trades' },
          { kind: 'task', id: 'data_ingestion.aggregate_positions' },
        ],
      },
      { kind: 'group', id: 'risk_modelling', children: [{ kind: 'task', id: FAILED_TASK }] },
      { kind: 'task', id: DOWNSTREAM_TASK },
    ]);
    await expect(backend.listTaskDefinitions('no_such_dag_here')).rejects.toBeInstanceOf(NotFound);
  });

  it('followLog: the failed try, whole and done; from its cursor nothing more; read again, the same (§5.9)', async () => {
    const ref = {
      backend: 'airflow' as const,
      workflowId: DAG,
      runId: failedRun.id,
      taskId: FAILED_TASK,
      tryNumber: failedTask.tryNumber,
    };
    const log = await collectLog(backend.followLog(ref, { follow: false }));
    expect(log.done).toBe(true);
    expect(log.state).toBe('failed');
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.every((line) => typeof line.text === 'string')).toBe(true);
    expect(log.cursor).toMatchObject({ tryNumber: failedTask.tryNumber, closed: true });
    const after = await collectLog(
      backend.followLog(ref, { follow: false, ...(log.cursor ? { cursor: log.cursor } : {}) }),
    );
    expect(after).toMatchObject({ lines: [], done: true });
    // Without a try number: the task's current try, which is the failed one.
    const { tryNumber: _try, ...current } = ref;
    const again = await collectLog(backend.followLog(current, { follow: false }));
    expect(again.lines.map((l) => l.text)).toEqual(log.lines.map((l) => l.text));
  });

  it("findFailureReason: the failed try's exception, for the task and for its run (§5.9)", async () => {
    const ref = { backend: 'airflow' as const, workflowId: DAG, runId: failedRun.id };
    const reason = await backend.findFailureReason({ ...ref, taskId: FAILED_TASK });
    expect(reason).toMatchObject({ source: 'log', taskId: FAILED_TASK });
    expect(reason?.text).toMatch(/exception|error|fail/i);
    expect(await backend.findFailureReason(ref)).toEqual(reason);
  });

  it('findLinks: XCom run_id/run_page_url name the Databricks run; none elsewhere (§5.10)', async () => {
    const links = await backend.findLinks(failedTask);
    expect(links).toHaveLength(1);
    expect(links[0]?.backend).toBe('databricks');
    expect(links[0]?.runId).toMatch(/^\d+$/);
    expect(links[0]?.url).toContain(links[0]?.runId ?? '?');
    const other = await findTask(failedRun.id, DOWNSTREAM_TASK);
    expect(await backend.findLinks(other)).toEqual([]);
  });

  it('listTries: every try of the failed task, newest first, the last one failed (§2.3, §5.6)', async () => {
    const tries = await backend.listTries(failedTask);
    const attempts = tries.map((t) => t.attempt);
    // Newest first, and every try up to the task's try number is there (history plus the live try).
    expect(attempts).toEqual([...attempts].sort((a, b) => b - a));
    for (let n = 1; n <= failedTask.tryNumber; n++) expect(attempts).toContain(n);
    expect(tries[0]).toMatchObject({ attempt: failedTask.tryNumber, state: 'failed', rawState: 'failed' });
    expect(tries[0]?.startedAt).toBeDefined();
    expect(tries.every((t) => STATES.includes(t.state))).toBe(true);
  });

  it('markTaskState preview: the server dry run lists the downstream TIs and changes nothing (§5.8, §1.2)', async () => {
    const preview = await backend.preview({
      kind: 'markTaskState',
      workflowId: DAG,
      runId: failedRun.id,
      task: { taskId: FAILED_TASK },
      state: 'success',
      includeDownstream: true,
      includeUpstream: false,
    });
    expect(preview.serverDryRun).toBe(true);
    expect(preview.affected.join('\n')).toContain(DOWNSTREAM_TASK);
    expect((await findTask(failedRun.id, FAILED_TASK)).state).toBe('failed');
  });

  // Marking runs before clearing: once a clear re-queues the run, a real scheduler starts the task
  // again and may change its state under any read-back (CI saw exactly that on Airflow 3).
  it('markTaskState: execute sets the state; on v2 marking it again is a Conflict (§5.8)', async (context) => {
    if (!target.writes) context.skip();
    const action = {
      kind: 'markTaskState' as const,
      workflowId: DAG,
      runId: failedRun.id,
      task: { taskId: FAILED_TASK },
      state: 'success' as const,
      includeDownstream: false,
      includeUpstream: false,
    };
    const result = await backend.execute(action);
    expect(result.affected.join('\n')).toContain(FAILED_TASK);
    expect((await findTask(failedRun.id, FAILED_TASK)).state).toBe('success');
    // v2 answers 409 "already in success state"; v1 accepts it again.
    if ((await backend.probe()).apiVersion === 'v2') {
      await expect(backend.execute(action)).rejects.toBeInstanceOf(Conflict);
    }
  });

  it('clearTasks: dry run lists the TI and changes nothing; execute really clears it and re-queues the run (§5.7, §1.3-1.4)', async (context) => {
    if (!target.writes) context.skip();
    const action = {
      kind: 'clearTasks' as const,
      workflowId: DAG,
      runId: failedRun.id,
      tasks: [{ taskId: FAILED_TASK }],
      onlyFailed: false,
      includeDownstream: false,
      includeUpstream: false,
      resetRun: true,
    };
    // The task is in a finished state (success, marked by the test before); nothing runs it now.
    const before = await findTask(failedRun.id, FAILED_TASK);
    const preview = await backend.preview(action);
    expect(preview.serverDryRun).toBe(true);
    expect(preview.affected.join('\n')).toContain(FAILED_TASK);
    expect((await findTask(failedRun.id, FAILED_TASK)).state).toBe(before.state);

    const result = await backend.execute(action);
    expect(result.affected.join('\n')).toContain(FAILED_TASK);
    const after = await findTask(failedRun.id, FAILED_TASK);
    // Cleared: out of its finished state (a real scheduler may already be running it again, a new try).
    expect(after.state !== before.state || after.tryNumber > before.tryNumber).toBe(true);
    const run = await backend.getRun(DAG, failedRun.id);
    expect(['queued', 'running']).toContain(run.state);
  });

  it('markRunState: preview is our estimate; execute marks the run (§5.5)', async (context) => {
    if (!target.writes) context.skip();
    const action = {
      kind: 'markRunState' as const,
      workflowId: DAG,
      runId: failedRun.id,
      state: 'failed' as const,
    };
    const preview = await backend.preview(action);
    expect(preview.serverDryRun).toBe(false);
    expect(preview.destructive).toBe(true);
    expect(preview.affected[0]).toContain(failedRun.id);
    const result = await backend.execute(action);
    expect(result.runId).toBe(failedRun.id);
    expect((await backend.getRun(DAG, failedRun.id)).state).toBe('failed');
  });

  it('trigger with a conf that breaks a param: InvalidRequest on one line naming it, no run made (§5.4)', async (context) => {
    if (!target.writes) context.skip();
    // Before the trigger test: v1 defaults logical_date to now, and on the speed-0 simulator that
    // run's logical date would make this a 409 (same logical date) before params are checked.
    // Whichever boolean param the DAG declares: recompute_var in the simulator, fail_risk_models in
    // test/real/dags/dagdeck_real.py.
    const flag = (await backend.getTriggerParams(DAG)).find((p) => p.type === 'boolean');
    expect(flag).toBeDefined();
    const name = flag?.name ?? '';
    const requestId = `dagdeck__contract_${randomUUID()}`;
    const before = await backend.listRuns(DAG, { limit: 100 });
    const error = await backend
      .execute({ kind: 'trigger', workflowId: DAG, requestId, params: { [name]: 'yes' }, logicalDate: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequest);
    const message = (error as Error).message;
    expect(message).toContain(`Invalid input for param ${name}: 'yes' is not of type 'boolean'`);
    expect(message).not.toContain('\n');
    await expect(backend.getRun(DAG, requestId)).rejects.toBeInstanceOf(NotFound);
    // Sorted: on a real scheduler the run cleared above may move in the list meanwhile.
    const ids = (runs: Run[]) => runs.map((r) => r.id).sort();
    expect(ids(await backend.listRuns(DAG, { limit: 100 }))).toEqual(ids(before));
  });

  it('trigger: the run exists under our id; a re-send is read back as already done and makes no second run (§5.4, §1.5)', async (context) => {
    if (!target.writes) context.skip();
    const requestId = `dagdeck__contract_${randomUUID()}`;
    const action = {
      kind: 'trigger' as const,
      workflowId: DAG,
      requestId,
      params: {},
      logicalDate: null,
      note: 'dagdeck contract test',
    };
    const preview = await backend.preview(action);
    expect(preview).toMatchObject({ serverDryRun: false, destructive: false });
    const before = await backend.listRuns(DAG, { limit: 100 });
    const result = await backend.execute(action);
    expect(result.runId).toBe(requestId);
    const run = await backend.getRun(DAG, requestId);
    expect(run.id).toBe(requestId);
    const again = await backend.execute(action);
    expect(again).toMatchObject({ runId: requestId, alreadyDone: true });
    const after = await backend.listRuns(DAG, { limit: 100 });
    expect(after.filter((r) => r.id === requestId)).toHaveLength(1);
    expect(after.length).toBe(Math.min(before.length + 1, 100));
  });

  it('setPaused: pause then unpause, read back each time (§5.2)', async (context) => {
    if (!target.writes) context.skip();
    const original = (await backend.getWorkflow(DAG)).paused ?? false;
    try {
      await backend.execute({ kind: 'setPaused', workflowId: DAG, paused: !original });
      expect((await backend.getWorkflow(DAG)).paused).toBe(!original);
      const listed = await backend.listWorkflows({ paused: !original, search: DAG });
      expect(listed.map((w) => w.id)).toContain(DAG);
    } finally {
      await backend.execute({ kind: 'setPaused', workflowId: DAG, paused: original });
    }
    expect((await backend.getWorkflow(DAG)).paused).toBe(original);
  });
});
