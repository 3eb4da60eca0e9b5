// What the console shows must match a real Airflow, moment by moment (issue 17): the cases that
// found the differences, against a real Airflow 3.3 and 2.10 (test/real/run.mjs; DAGs in
// test/real/dags/dagdeck_truth.py and dagdeck_real.py), checked through the client and through the
// console's own screens rendered on it. Skipped without a server. Every wait is for a state.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import type { SecretProvider } from '../../source/core/credentials.js';
import { formatDuration } from '../../source/core/formatDuration.js';
import type { Run, TaskInstance } from '../../source/core/model.js';
import { durationOf, isElapsing } from '../../source/core/timing.js';
import { createHttpClient } from '../../source/http/client.js';
import { buildRunGrid, gridRowKey } from '../../source/ui/screens/parts/buildRunGrid.js';
import { RunsScreen } from '../../source/ui/screens/RunsScreen.js';
import { TaskScreen } from '../../source/ui/screens/TaskScreen.js';
import { ensureBuilt, runDagdeck } from '../cli/support/runDagdeck.js';
import { KEY } from '../support/ink.js';
import { renderScreen } from '../ui/screens/support/renderScreen.js';

const url = process.env.DAGDECK_CONTRACT_AIRFLOW_URL;
const username = process.env.DAGDECK_CONTRACT_AIRFLOW_USERNAME ?? '';
const password = process.env.DAGDECK_CONTRACT_AIRFLOW_PASSWORD ?? '';
const flavour = process.env.DAGDECK_REAL_AIRFLOW_FLAVOUR ?? '';
const secret = (value: string): SecretProvider => ({
  description: 'test',
  get: async () => ({ value, source: 'test' }),
  invalidate: () => {},
});

const http = createHttpClient();
afterAll(() => http.close());

describe.skipIf(!url)(`what the console shows matches a real Airflow ${flavour} (issue 17)`, () => {
  const airflow: Backend = createAirflowBackend({
    baseUrl: url ?? '',
    http,
    auth: { kind: 'password', username, password: secret(password) },
  });
  const mounted: { unmount(): void }[] = [];
  afterAll(() => {
    for (const screen of mounted.splice(0)) screen.unmount();
  });

  async function trigger(dagId: string): Promise<string> {
    const requestId = `dagdeck_real__${randomUUID()}`;
    const result = await airflow.execute({
      kind: 'trigger',
      workflowId: dagId,
      requestId,
      params: {},
      logicalDate: null,
    });
    return result.runId ?? requestId;
  }

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds = 300): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline)
        throw new Error(`gave up waiting; last value: ${JSON.stringify(value).slice(0, 600)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  const finished = (run: Run) => run.state === 'success' || run.state === 'failed';
  const find = (tasks: TaskInstance[], id: string, mapIndex?: number) =>
    tasks.find((t) => t.taskId === id && (mapIndex === undefined || t.mapIndex === mapIndex));
  const runOf = (dagId: string, id: string): Run => ({
    backend: 'airflow',
    workflowId: dagId,
    id,
    state: 'success',
    rawState: 'success',
  });

  it('a DAG whose default task order differs from its structure: the grid shows the structure, also after a clear', async () => {
    const dagId = 'real_structure';
    const runId = await trigger(dagId);
    await until(() => airflow.getRun(dagId, runId), finished);
    // Clear the first task of the graph: Airflow 3 gives it a new id (it moves to the end of the list).
    await airflow.execute({
      kind: 'clearTasks',
      workflowId: dagId,
      runId,
      tasks: [{ taskId: 'z_extract' }],
      onlyFailed: false,
      includeDownstream: false,
      includeUpstream: false,
      resetRun: true,
    });
    const tasks = await until(
      () => airflow.listTasks(dagId, runId),
      (list) =>
        find(list, 'z_extract')?.state === 'success' && (find(list, 'z_extract')?.tryNumber ?? 0) >= 2,
    );
    const structure = [
      'task:z_extract',
      'group:m_stage',
      'task:m_stage.y_clean',
      'task:m_stage.b_enrich',
      'task:a_load',
    ];
    // Neither the server's list nor its tasks endpoint is in the DAG's order.
    expect(tasks.map((t) => `task:${t.taskId}`)).not.toEqual(structure.filter((k) => k.startsWith('task:')));
    const definitions = await airflow.listTaskDefinitions(dagId);
    expect(definitions.map((d) => d.taskId)).toEqual([
      'a_load',
      'm_stage.b_enrich',
      'm_stage.y_clean',
      'z_extract',
    ]);
    expect(definitions.find((d) => d.taskId === 'm_stage.y_clean')).toMatchObject({
      group: 'm_stage',
      upstream: ['z_extract'],
      downstream: ['m_stage.b_enrich'],
    });
    expect(
      buildRunGrid([runOf(dagId, runId)], new Map([[runId, tasks]]), definitions).map(gridRowKey),
    ).toEqual(structure);

    // The console's grid on this server.
    const screen = renderScreen(
      RunsScreen,
      { screen: 'runs', backend: 'airflow', workflowId: dagId, workflowName: dagId },
      { airflow },
      { height: 30 },
    );
    mounted.push(screen);
    await screen.waitFor('a_load');
    const labels = screen
      .frame()
      .split('\n')
      .map((line) => /^[› ] +(?:[▾▸] )?(\S+) +(?:[✓✗↑▶↻◌◷⤼⊘■·] ?)+$/.exec(line.trimEnd())?.[1])
      .filter((label): label is string => label !== undefined);
    expect(labels).toEqual(['z_extract', 'm_stage', 'y_clean', 'b_enrich', 'a_load']);
  }, 360_000);

  it('a task cleared while it runs: every moment, one row per try and the running one counted from its own start (never a kept duration), in the client and on the task screen', async () => {
    const dagId = 'real_long_task';
    const runId = await trigger(dagId);
    const running = await until(
      () => airflow.listTasks(dagId, runId),
      (list) => find(list, 'long_task')?.state === 'running',
    );
    const first = find(running, 'long_task') as TaskInstance;
    // Let the first try run a while, so a duration kept from it would be visibly wrong.
    await until(
      async () => Date.now(),
      (now) => now - Date.parse(first.startedAt ?? '') > 8_000,
      60,
    );
    const clearedAt = Date.now();
    await airflow.execute({
      kind: 'clearTasks',
      workflowId: dagId,
      runId,
      tasks: [{ taskId: 'long_task' }],
      onlyFailed: false,
      includeDownstream: false,
      includeUpstream: false,
      resetRun: true,
    });
    // From the clear on: Airflow 3 restarts the task as its next try; 2.10 (SequentialExecutor)
    // lets the try go on to its end. Either way, at every moment: one row per try, no row running
    // with an end, and what runs counts from its own start.
    const settled = await until(
      async () => {
        const [tasks, tries] = await Promise.all([airflow.listTasks(dagId, runId), airflow.listTries(first)]);
        const live = find(tasks, 'long_task') as TaskInstance;
        const numbers = tries.map((t) => t.attempt);
        expect(new Set(numbers).size, JSON.stringify(tries)).toBe(numbers.length);
        const now = Date.now();
        // The task's own line may say "running (restarting)" with the time it was stopped; a row of
        // the tries table is one try, and a running one has no end.
        for (const row of tries) {
          if (row.state === 'running') expect(row.endedAt, JSON.stringify(row)).toBeUndefined();
        }
        for (const row of [live, ...tries]) {
          if (isElapsing(row)) {
            expect(durationOf(row, now)).toBe(Math.max(0, now - Date.parse(row.startedAt ?? '')));
          }
        }
        expect(live.durationMs === undefined || !isElapsing(live)).toBe(true);
        return { live, tries };
      },
      ({ live }) =>
        live.tryNumber > first.tryNumber
          ? live.state === 'running'
          : live.state === 'success' || live.state === 'failed',
      240,
    );
    const { live, tries } = settled;
    const screen = renderScreen(
      TaskScreen,
      { screen: 'task', backend: 'airflow', workflowId: dagId, runId, taskId: 'long_task' },
      { airflow },
      { height: 30, width: 140 },
    );
    mounted.push(screen);
    const tryRows = () =>
      screen
        .frame()
        .split('\n')
        .filter((line) => /^ +\d+ {2}/.test(line));
    if (live.tryNumber > first.tryNumber) {
      // Restarted (Airflow 3): the new try started after the clear and counts from there.
      expect(Date.parse(live.startedAt ?? '')).toBeGreaterThanOrEqual(clearedAt - 2_000);
      expect(tries[0]).toMatchObject({ attempt: live.tryNumber, state: 'running' });
      expect(tries.find((t) => t.attempt === first.tryNumber)?.endedAt).toBeDefined();
      // Whole seconds (past the first second), so the screen's clock and ours compare.
      await screen.waitFor(/running for \d+s/);
      const shown = /running for (\d+s)/.exec(screen.frame())?.[1] ?? '';
      const sinceStart = Date.now() - Date.parse(live.startedAt ?? '');
      const possible = [3_000, 2_000, 1_000, 0].map((lag) => formatDuration(sinceStart - lag));
      expect(possible).toContain(shown);
      expect(tryRows().filter((line) => line.includes('▶ running'))).toHaveLength(1);
      expect(tryRows()[0]).toMatch(new RegExp(`^ +${live.tryNumber} +▶ running`));
    } else {
      // The same try went on (Airflow 2.10): its row is its real end, not the failure the clear
      // recorded for it.
      expect(tries).toHaveLength(1);
      expect(tries[0]).toMatchObject({ attempt: first.tryNumber, state: live.state });
      await screen.waitFor(/duration \S+/);
      expect(tryRows()).toHaveLength(1);
      expect(tryRows()[0]).toContain(live.state === 'success' ? '✓ success' : '✗ failed');
    }
    // Stop it: the executor (Airflow 2 runs one task at a time) is needed by the next checks.
    if (live.state === 'running') {
      await airflow.execute({ kind: 'markRunState', workflowId: dagId, runId, state: 'failed' });
    }
  }, 420_000);

  it('sub-second tasks read exactly ("0.42s"), not "0s"', async () => {
    const dagId = 'real_subsecond';
    const runId = await trigger(dagId);
    const run = await until(() => airflow.getRun(dagId, runId), finished);
    expect(run.state).toBe('success');
    const tasks = await airflow.listTasks(dagId, runId);
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      const ms = durationOf(task, Date.now());
      expect(ms).toBeGreaterThan(0);
      const shown = formatDuration(ms);
      if ((ms ?? 0) < 1000) expect(shown).toBe(`${((ms ?? 0) / 1000).toFixed(2)}s`);
      else expect(shown).toMatch(/^\d+s$/);
    }
    // Three trivial tasks: at least one finishes inside a second on either version.
    expect(tasks.some((task) => (durationOf(task, Date.now()) ?? 1000) < 1000)).toBe(true);
  }, 360_000);

  it('every map index reachable: one grid row per index, and each index opens with its own state and tries', async () => {
    const dagId = 'real_mapped';
    const runId = await trigger(dagId);
    await until(() => airflow.getRun(dagId, runId), finished);
    const tasks = await airflow.listTasks(dagId, runId);
    const definitions = await airflow.listTaskDefinitions(dagId);
    expect(definitions.find((d) => d.taskId === 'square')?.mapped).toBe(true);
    const rows = buildRunGrid([runOf(dagId, runId)], new Map([[runId, tasks]]), definitions);
    expect(rows.map((row) => [gridRowKey(row), row.cells[0]?.state])).toEqual([
      ['task:square', 'failed'],
      ['index:square[0]', 'success'],
      ['index:square[1]', 'failed'],
      ['index:square[2]', 'success'],
    ]);
    for (const mapIndex of [0, 1, 2]) {
      const instance = find(tasks, 'square', mapIndex) as TaskInstance;
      const tries = await airflow.listTries(instance);
      expect(tries[0]?.state).toBe(mapIndex === 1 ? 'failed' : 'success');
    }

    // The grid: Enter opens the indexes, Enter on [2] opens that index; its screen names it.
    const grid = renderScreen(
      RunsScreen,
      { screen: 'runs', backend: 'airflow', workflowId: dagId, workflowName: dagId, focusRunId: runId },
      { airflow },
      { height: 30 },
    );
    mounted.push(grid);
    await grid.waitFor('square');
    await grid.press(KEY.enter);
    await grid.waitFor('[2]');
    await grid.press('j', 'j', 'j', KEY.enter);
    expect(grid.open).toHaveBeenCalledWith(expect.objectContaining({ runId, taskId: 'square', mapIndex: 2 }));
    const task = renderScreen(
      TaskScreen,
      { screen: 'task', backend: 'airflow', workflowId: dagId, runId, taskId: 'square', mapIndex: 2 },
      { airflow },
      { height: 30, width: 140 },
    );
    mounted.push(task);
    await task.waitFor('Task square[2]');
    await task.waitFor('✓ success');
    expect(task.frame()).toMatch(/mapped ×3: .*✓ 2.*✗ 1/);
  }, 360_000);

  it('context test with a wrong password names the server version (the version endpoint needs no login)', async () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'dagdeck-real-ctx-'));
    try {
      const added = await runDagdeck(
        ['context', 'add', 'real', '--airflow-url', url ?? '', '--airflow-user', username, '--use'],
        { configDir: dir, built: true },
      );
      expect(added.code, added.stderr).toBe(0);
      const test = await runDagdeck(['context', 'test', 'real', '--json'], {
        configDir: dir,
        built: true,
        env: { DAGDECK_AIRFLOW_PASSWORD: 'not-the-password' },
      });
      expect(test.code).toBe(4);
      const line = JSON.parse(test.stdout).backends[0];
      expect(line).toMatchObject({ reachable: true, authenticated: false });
      expect(line.version).toMatch(flavour === '2' ? /^2\./ : /^3\./);
      expect(test.stdout).not.toContain('not-the-password');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
