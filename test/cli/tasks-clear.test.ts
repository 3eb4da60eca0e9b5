// `dagdeck tasks clear` through the built binary against the Airflow simulator, both flavours
// (issue 10 "The same writes, scriptable"): the server's dry run as the preview, --dry-run changing
// nothing (read back), --yes, --json, refusals before any request (no terminal: exit 2; --read-only
// and read-only contexts: exit 1, proved by the simulator's request log), protected contexts and --confirm,
// task ids checked against the run, and the console's defaults (named tasks with their downstream;
// no task: the failed ones). The prompt on a terminal is driven through a real pseudo-terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtyConsole } from '../e2e/support/ptyConsole.js';
import {
  type AirflowFixture,
  failedRiskRun,
  startAirflowFixture,
  taskStates,
} from './support/airflowFixture.js';

const DAG = 'fintech_eod_risk';
const FAILED = 'risk_modelling.run_risk_models';
const AFTER = 'load_reporting_db';

describe.each([3, 2] as const)('dagdeck tasks clear, Airflow %i simulator', (flavour) => {
  let af: AirflowFixture;
  let failedRun: string;
  /** Runs of fintech_eod_risk that succeeded, oldest last: each test that clears takes its own. */
  let successRuns: string[];

  beforeAll(async () => {
    af = await startAirflowFixture(flavour, [
      { name: 'sim' },
      { name: 'prot', protection: 'protected' },
      { name: 'ro', protection: 'read-only' },
    ]);
    failedRun = await failedRiskRun(af.backend);
    successRuns = (await af.backend.listRuns(DAG))
      .filter((run) => run.state === 'success')
      .map((run) => run.id);
  }, 60_000);
  afterAll(() => af.close());

  const clear = (args: string[], context = 'sim') =>
    af.dagdeck(['--context', context, 'tasks', 'clear', DAG, ...args]);

  it('--dry-run prints the server dry run and changes nothing (read back)', async () => {
    const before = await taskStates(af.backend, DAG, failedRun);
    const run = await clear([failedRun, '--dry-run']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Airflow 2's dry run names the task instances without their state.
    const suffix = (state: string) => (flavour === 3 ? ` (${state})` : '');
    expect(run.stdout).toContain(`\n  ${FAILED}${suffix('failed')}\n`);
    expect(run.stdout).toContain(`\n  ${AFTER}${suffix('upstream_failed')}\n`);
    expect(run.stdout).toContain('server’s own dry run');
    expect(await taskStates(af.backend, DAG, failedRun)).toEqual(before);
    expect((await af.backend.getRun(DAG, failedRun)).state).toBe('failed');
  });

  it('--dry-run --json: one object with the plan, what it touches and how it is confirmed', async () => {
    const run = await clear([failedRun, FAILED, '--dry-run', '--json']);
    expect(run.code).toBe(0);
    const preview = JSON.parse(run.stdout);
    expect(preview).toMatchObject({
      dryRun: true,
      context: 'sim',
      willChange: true,
      serverDryRun: true,
      confirmation: { kind: 'confirm' },
      steps: [
        {
          backend: 'airflow',
          action: {
            kind: 'clearTasks',
            workflowId: DAG,
            runId: failedRun,
            tasks: [{ taskId: FAILED }],
            // The console's defaults for named tasks: downstream included, whatever their state.
            includeDownstream: true,
            onlyFailed: false,
            resetRun: true,
          },
        },
      ],
    });
    expect(preview.affected.map((line: string) => line.replace(/ \(.*\)$/, '')).sort()).toEqual([
      AFTER,
      FAILED,
    ]);
    expect((await af.backend.getRun(DAG, failedRun)).state).toBe('failed');
  });

  it('without a terminal and without --yes: exit 2, one line, not one request sent', async () => {
    const before = af.requests().length;
    const run = await clear([failedRun]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dagdeck: no terminal to confirm on: nothing was sent; add --yes/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(af.requests().slice(before)).toEqual([]);
    // The log does record this command's requests: with --dry-run it reads the run and asks for the dry run.
    expect((await clear([failedRun, '--dry-run'])).code).toBe(0);
    expect(
      af
        .requests()
        .slice(before)
        .map((entry) => entry.method),
    ).toContain('POST');
  });

  it('--read-only refuses before any request: exit 1, one line saying how to lift it', async () => {
    const before = af.requests().length;
    const run = await af.dagdeck([
      '--read-only',
      '--context',
      'sim',
      'tasks',
      'clear',
      DAG,
      failedRun,
      '--yes',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^dagdeck: Refused: this session is read-only \(--read-only\): nothing was sent; start dagdeck without --read-only/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(af.requests().slice(before)).toEqual([]);
    const readOnlyContext = await clear([failedRun, '--yes'], 'ro');
    expect(readOnlyContext.code).toBe(1);
    expect(readOnlyContext.stderr).toMatch(/context "ro" is read-only: nothing was sent/);
    expect(af.requests().slice(before)).toEqual([]);
    expect((await af.backend.getRun(DAG, failedRun)).state).toBe('failed');
  });

  it('a task id not in the run, an unknown run or DAG, a bad map index: exit 2, one line, nothing cleared', async () => {
    const before = await taskStates(af.backend, DAG, failedRun);
    const cases: Array<[string[], RegExp]> = [
      [
        [failedRun, 'no_such_task', '--yes'],
        /task "no_such_task" is not in run .* see `dagdeck tasks list fintech_eod_risk /,
      ],
      [[failedRun, `${AFTER}[2]`, '--yes'], /task "load_reporting_db" is not mapped/],
      [[failedRun, 'bad[task', '--yes'], /is not a task: give a task id, or TASK_ID\[N\]/],
      [
        ['no_such_run', '--yes'],
        /DAG fintech_eod_risk has no run "no_such_run": see `dagdeck dags list-runs fintech_eod_risk`/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await clear(args);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    const unknownDag = await af.dagdeck([
      'tasks',
      'clear',
      'no_such_dag',
      failedRun,
      '--yes',
      '--context',
      'sim',
    ]);
    expect(unknownDag.code).toBe(2);
    expect(unknownDag.stderr).toMatch(
      /^dagdeck: no DAG "no_such_dag" in context "sim".*see `dagdeck dags list`/,
    );
    expect(await taskStates(af.backend, DAG, failedRun)).toEqual(before);
  });

  it('a protected context wants the DAG id: --yes alone and a wrong --confirm are refused (exit 2), the right one clears', async () => {
    const runId = successRuns[0] ?? '';
    const before = await taskStates(af.backend, DAG, runId);
    const yesOnly = await clear([runId, 'data_ingestion.ingest_trades', '--yes'], 'prot');
    expect(yesOnly.code).toBe(2);
    expect(yesOnly.stderr).toMatch(
      /context "prot" is protected: --yes is not enough, add --confirm fintech_eod_risk/,
    );
    const wrong = await clear([runId, 'data_ingestion.ingest_trades', '--confirm', 'prot'], 'prot');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /--confirm "prot" does not match: confirm with the DAG id, --confirm fintech_eod_risk/,
    );
    expect(await taskStates(af.backend, DAG, runId)).toEqual(before);

    const right = await clear([runId, 'data_ingestion.ingest_trades', '--confirm', DAG], 'prot');
    expect(right.stderr).toBe('');
    expect(right.code).toBe(0);
    expect(right.stdout).toMatch(/Cleared 4 task instance\(s\)/);
    const after = await taskStates(af.backend, DAG, runId);
    // The task and everything downstream of it run again; what is upstream stays done.
    expect(after['data_ingestion.wait_for_trades_file']).toBe('success');
    for (const task of [
      'data_ingestion.ingest_trades',
      'data_ingestion.aggregate_positions',
      FAILED,
      AFTER,
    ]) {
      expect(after[task]).not.toBe('success');
    }
    expect((await af.backend.getRun(DAG, runId)).state).toBe('queued');
  });

  it('--yes --json clears only the task named with --no-downstream; the result is one JSON object', async () => {
    const runId = successRuns[1] ?? '';
    const run = await clear([
      runId,
      'data_ingestion.aggregate_positions',
      '--no-downstream',
      '--yes',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      ok: true,
      context: 'sim',
      steps: [{ status: 'ok', runId, action: { kind: 'clearTasks', includeDownstream: false } }],
    });
    expect(result.steps[0].affected).toEqual(['data_ingestion.aggregate_positions']);
    const after = await taskStates(af.backend, DAG, runId);
    expect(after['data_ingestion.aggregate_positions']).not.toBe('success');
    expect(after[FAILED]).toBe('success');
  });

  it('no task named clears the failed ones of the run (and nothing else); then there is nothing to do', async () => {
    const run = await clear([failedRun, '--yes']);
    expect(run.code, run.stderr).toBe(0);
    const after = await taskStates(af.backend, DAG, failedRun);
    expect(after[FAILED]).not.toBe('failed');
    expect(after[AFTER]).not.toBe('upstream_failed');
    expect(after['data_ingestion.ingest_trades']).toBe('success');
    expect((await af.backend.getRun(DAG, failedRun)).state).toBe('queued');
    const again = await clear([failedRun, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Nothing to clear in fintech_eod_risk/);
  });

  it('TASK_ID[N] clears one map index (Airflow 2 clears every index and says so)', async () => {
    const mappedDag = 'partition_backfill_mapped';
    const [newest] = await af.backend.listRuns(mappedDag);
    const runId = newest?.id ?? '';
    const missing = await af.dagdeck(['tasks', 'clear', mappedDag, runId, 'process_partition[99]', '--yes']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/has no map index 99 in run .* \(it has 0-7\)/);
    const run = await af.dagdeck([
      'tasks',
      'clear',
      mappedDag,
      runId,
      'process_partition[3]',
      '--no-downstream',
      '--yes',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const after = await taskStates(af.backend, mappedDag, runId);
    expect(['success', 'failed']).not.toContain(after['process_partition[3]']);
    if (flavour === 3) expect(['success', 'failed']).toContain(after['process_partition[2]']);
  });

  it.runIf(flavour === 3)('on a terminal it asks: N (the default) sends nothing, y clears', async () => {
    const runId = successRuns[2] ?? '';
    const env = { DAGDECK_CONFIG_DIR: af.dir, HOME: af.dir, DAGDECK_AIRFLOW_PASSWORD: af.sim.password };
    const args = ['--context', 'sim', 'tasks', 'clear', DAG, runId, AFTER];
    const declined = new PtyConsole({ args, env });
    await declined.waitFor('Go ahead? [y/N]');
    expect(declined.screen()).toContain(`${AFTER} (success)`);
    await declined.type('\r');
    expect(await declined.exited).toBe(1);
    expect(declined.screen()).toContain('not confirmed: nothing was sent');
    expect((await taskStates(af.backend, DAG, runId))[AFTER]).toBe('success');

    const accepted = new PtyConsole({ args, env });
    await accepted.waitFor('Go ahead? [y/N]');
    await accepted.type('y\r');
    expect(await accepted.exited).toBe(0);
    expect((await taskStates(af.backend, DAG, runId))[AFTER]).not.toBe('success');
  });

  it.runIf(flavour === 3)(
    'on a terminal, a protected context asks for the DAG id typed: a wrong name sends nothing',
    async () => {
      const runId = successRuns[3] ?? '';
      const env = { DAGDECK_CONFIG_DIR: af.dir, HOME: af.dir, DAGDECK_AIRFLOW_PASSWORD: af.sim.password };
      const args = ['--context', 'prot', 'tasks', 'clear', DAG, runId, AFTER];
      const wrong = new PtyConsole({ args, env });
      await wrong.waitFor('type the DAG id (fintech_eod_risk) to confirm:');
      await wrong.type('y\r');
      expect(await wrong.exited).toBe(1);
      expect((await taskStates(af.backend, DAG, runId))[AFTER]).toBe('success');

      const right = new PtyConsole({ args, env });
      await right.waitFor('type the DAG id (fintech_eod_risk) to confirm:');
      await right.type(`${DAG}\r`);
      expect(await right.exited).toBe(0);
      expect((await taskStates(af.backend, DAG, runId))[AFTER]).not.toBe('success');
    },
  );
});
