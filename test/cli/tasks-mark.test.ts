// `dagdeck tasks mark` and `dagdeck tasks list` through the built binary against the Airflow
// simulator, both flavours (issue 10 "The same writes, scriptable"): mark does what it says (read
// back), --dry-run changes nothing, only the task named unless --downstream asks for more, one map
// index with TASK_ID[N], a task already in that state is left alone, bad input is one line, exit 2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AirflowFixture,
  failedRiskRun,
  startAirflowFixture,
  taskStates,
} from './support/airflowFixture.js';

const DAG = 'fintech_eod_risk';
const FAILED = 'risk_modelling.run_risk_models';
const AFTER = 'load_reporting_db';

describe.each([3, 2] as const)('dagdeck tasks mark|list, Airflow %i simulator', (flavour) => {
  let af: AirflowFixture;
  let failedRun: string;

  beforeAll(async () => {
    af = await startAirflowFixture(flavour, [{ name: 'sim' }]);
    failedRun = await failedRiskRun(af.backend);
  }, 60_000);
  afterAll(() => af.close());

  const tasks = (args: string[]) => af.dagdeck(['--context', 'sim', 'tasks', ...args]);

  it('list: one row per task instance with its state; --json is an array', async () => {
    const table = await tasks(['list', DAG, failedRun]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^TASK\s+STATE\s+TRY\s+STARTED\s+DURATION\s+OPERATOR\n/);
    expect(table.stdout).toMatch(new RegExp(`\\n${FAILED.replace('.', '\\.')}\\s+failed\\s+2\\s`));
    expect(table.stdout).toMatch(new RegExp(`\\n${AFTER}\\s+upstream_failed\\s`));
    const json = await tasks(['list', DAG, failedRun, '--json']);
    const list = JSON.parse(json.stdout) as Array<{ taskId: string; state: string }>;
    expect(list).toHaveLength(5);
    expect(list.find((task) => task.taskId === FAILED)?.state).toBe('failed');

    const mapped = await tasks([
      'list',
      'partition_backfill_mapped',
      (await af.backend.listRuns('partition_backfill_mapped'))[0]?.id ?? '',
    ]);
    expect(mapped.stdout).toMatch(/\nprocess_partition\[7\]\s+/);
  });

  it('mark success: --dry-run changes nothing; --yes marks only the task named (the run is re-queued for the rest)', async () => {
    const dry = await tasks(['mark', DAG, failedRun, FAILED, '--state', 'success', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Mark 1 task instance\(s\) of fintech_eod_risk .* success\n/);
    expect((await taskStates(af.backend, DAG, failedRun))[FAILED]).toBe('failed');

    const mark = await tasks(['mark', DAG, failedRun, FAILED, '--state', 'success', '--yes']);
    expect(mark.code, mark.stderr).toBe(0);
    expect(mark.stdout).toMatch(/Marked 1 task instance\(s\) of fintech_eod_risk .* success\n$/);
    const after = await taskStates(af.backend, DAG, failedRun);
    expect(after[FAILED]).toBe('success');
    // Airflow clears the failed tasks downstream of a task marked success, so they can run.
    expect(after[AFTER]).not.toBe('upstream_failed');

    const again = await tasks(['mark', DAG, failedRun, FAILED, '--state', 'success', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${FAILED} of run ${failedRun} is already success: nothing to do\n`);
  });

  it('mark failed with --downstream, and skipped: the preview warns, --json gives the result', async () => {
    const [, second] = await af.backend.listRuns(DAG);
    const runId = second?.id ?? '';
    const failed = await tasks([
      'mark',
      DAG,
      runId,
      'data_ingestion.aggregate_positions',
      '--state',
      'failed',
      '--downstream',
      '--yes',
      '--json',
    ]);
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stderr).toContain('warning: this interrupts or fails work in progress');
    const result = JSON.parse(failed.stdout);
    expect(result).toMatchObject({
      ok: true,
      steps: [{ status: 'ok', action: { kind: 'markTaskState', state: 'failed', includeDownstream: true } }],
    });
    const after = await taskStates(af.backend, DAG, runId);
    expect(after['data_ingestion.aggregate_positions']).toBe('failed');
    expect(after[FAILED]).toBe('failed');
    expect(after[AFTER]).toBe('failed');
    expect(after['data_ingestion.ingest_trades']).toBe('success');

    const skipped = await tasks(['mark', DAG, runId, AFTER, '--state', 'skipped', '--yes']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect((await taskStates(af.backend, DAG, runId))[AFTER]).toBe('skipped');
  });

  it.runIf(flavour === 3)('TASK_ID[N] marks one map index only', async () => {
    const [newest] = await af.backend.listRuns('partition_backfill_mapped');
    const runId = newest?.id ?? '';
    const before = await taskStates(af.backend, 'partition_backfill_mapped', runId);
    const mark = await tasks([
      'mark',
      'partition_backfill_mapped',
      runId,
      'process_partition[5]',
      '--state',
      'skipped',
      '--yes',
    ]);
    expect(mark.code, mark.stderr).toBe(0);
    const after = await taskStates(af.backend, 'partition_backfill_mapped', runId);
    expect(after['process_partition[5]']).toBe('skipped');
    expect(after['process_partition[4]']).toBe(before['process_partition[4]']);
  });

  it('bad input: an unknown state, task or run is one line, exit 2, nothing marked', async () => {
    const before = await taskStates(af.backend, DAG, failedRun);
    const badState = await tasks(['mark', DAG, failedRun, AFTER, '--state', 'running', '--yes']);
    expect(badState.code).toBe(2);
    expect(badState.stderr).toMatch(
      /argument 'running' is invalid\. Allowed choices are success, failed, skipped/,
    );
    const badTask = await tasks(['mark', DAG, failedRun, 'nope', '--state', 'success', '--yes']);
    expect(badTask.code).toBe(2);
    expect(badTask.stderr).toMatch(/^dagdeck: task "nope" is not in run/);
    const badRun = await tasks(['list', DAG, 'nope']);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toMatch(/DAG fintech_eod_risk has no run "nope"/);
    for (const run of [badState, badTask, badRun]) expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(await taskStates(af.backend, DAG, failedRun)).toEqual(before);
  });
});
