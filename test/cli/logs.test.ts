// `dagdeck logs` and `dagdeck jobs get-run-output` against both simulators (issue 12 "Scriptable"):
// sanitised text on stdout with no escape sequence left when it is a pipe, --json one object per
// line, --follow that ends with the task (0 success, 1 failed), and one line on stderr that names
// what is missing for a bad DAG, run, task, try or run id.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { createHttpClient } from '../../source/http/client.js';
import { type Simulators, startSimulators } from '../../source/sim/index.js';
import { testSecret } from '../airflow/support/testSecret.js';
import { runDagdeck } from './support/runDagdeck.js';

// Nothing a terminal would act on: ESC, C1 controls, BEL, a lone CR.
const UNSAFE = /[\x1b\x07\x80-\x9f]|\r(?!\n)/;

describe.each([3, 2] as const)('dagdeck logs against the Airflow %i simulator', (flavour) => {
  let dir: string;
  let sims: Simulators;
  let airflow: Backend;
  let http: ReturnType<typeof createHttpClient>;
  let failedRun: string;
  let env: Record<string, string>;
  const dagdeck = (args: string[]) => runDagdeck(args, { configDir: dir, env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dagdeck-logs-'));
    // Speed 20: a triggered run's long-log task (1,000 lines at 20 a second) takes some 3 s.
    sims = await startSimulators({
      airflowFlavour: flavour,
      speed: 20,
      logLines: 1000,
      logRate: 20,
      seed: 4,
    });
    env = { DAGDECK_AIRFLOW_PASSWORD: sims.airflow.password, DATABRICKS_TOKEN: sims.databricks.token };
    const add = await runDagdeck(
      [
        'context',
        'add',
        'sim',
        '--airflow-url',
        sims.airflow.url,
        '--airflow-user',
        sims.airflow.username,
        '--databricks-host',
        sims.databricks.url,
        '--use',
      ],
      { configDir: dir },
    );
    expect(add.code, add.stderr).toBe(0);
    http = createHttpClient();
    airflow = createAirflowBackend({
      baseUrl: sims.airflow.url,
      http,
      auth: {
        kind: 'password',
        username: sims.airflow.username,
        password: testSecret([sims.airflow.password]),
      },
    });
    const runs = await airflow.listRuns('fintech_eod_risk', { limit: 20 });
    failedRun = runs.find((run) => run.state === 'failed')?.id ?? '';
  });
  afterAll(async () => {
    await http?.close();
    await sims?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the failed try's log with its traceback; --follow on a failed task exits 1", async () => {
    const run = await dagdeck(['logs', 'fintech_eod_risk', failedRun, 'risk_modelling.run_risk_models']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(
      lines.some(
        (line) => /\] \{airflow\.task\} INFO - Executing </.test(line) || /INFO - Executing </.test(line),
      ),
    ).toBe(true);
    expect(lines).toContain('Traceback (most recent call last):');
    expect(run.stdout).toMatch(/airflow\.exceptions\.AirflowException: Job run failed/);
    const followed = await dagdeck([
      'logs',
      'fintech_eod_risk',
      failedRun,
      'risk_modelling.run_risk_models',
      '-f',
    ]);
    expect(followed.code).toBe(1);
    expect(followed.stdout).toBe(run.stdout);
  });

  it('--json: one object per line with try, timestamp, level, source and text', async () => {
    const run = await dagdeck(['logs', 'fintech_eod_risk', failedRun, 'load_reporting_db', '--json']);
    // The downstream task never ran: no log, one line on stderr saying so.
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const json = await dagdeck([
      'logs',
      'fintech_eod_risk',
      failedRun,
      'risk_modelling.run_risk_models',
      '--json',
    ]);
    const objects = json.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.length).toBeGreaterThan(5);
    expect(objects.find((o) => String(o.text).startsWith('Executing <'))).toMatchObject({
      try: expect.any(Number),
      timestamp: expect.any(String),
      level: 'info',
      source: expect.any(String),
    });
  });

  it('hostile escapes in a log never reach a pipe: no ESC, C1, BEL or bare CR on stdout', async () => {
    const runs = await airflow.listRuns('customer_kyc_refresh', { limit: 1 });
    const text = await dagdeck(['logs', 'customer_kyc_refresh', runs[0]?.id ?? '', 'fetch_vendor_results']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Vendor response body: {"status":"ok"}');
    expect(text.stdout).toContain('invoice_⟨U+202E⟩exe.pdf');
    expect(UNSAFE.test(text.stdout)).toBe(false);
    const json = await dagdeck([
      'logs',
      'customer_kyc_refresh',
      runs[0]?.id ?? '',
      'fetch_vendor_results',
      '--json',
    ]);
    const texts = json.stdout
      .trimEnd()
      .split('\n')
      .map((line) => String((JSON.parse(line) as { text: string }).text));
    expect(texts.some((t) => t.startsWith('Library colours: FAILED OK'))).toBe(true);
    expect(texts.some((t) => UNSAFE.test(t))).toBe(false);
  });

  /** A new run of the long-log DAG, queued now: its task starts a few seconds later. */
  const triggerLongLog = async (requestId: string) => {
    await airflow.execute({
      kind: 'trigger',
      workflowId: 'ml_feature_store_sync',
      requestId,
      params: {},
      logicalDate: null,
    });
    return requestId;
  };

  it('--follow waits for a queued task, prints every line once and exits 0 when it succeeds', async () => {
    const runId = await triggerLongLog('cli_follow');
    const followed = await dagdeck(['logs', 'ml_feature_store_sync', runId, 'train_drift_model', '--follow']);
    expect(followed.stderr).toBe('');
    expect(followed.code).toBe(0);
    const lines = followed.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/Marking task as SUCCESS/);
    expect(lines.length).toBeGreaterThan(1000);
    const whole = await dagdeck(['logs', 'ml_feature_store_sync', runId, 'train_drift_model']);
    expect(followed.stdout).toBe(whole.stdout);
  }, 40_000);

  it('bad input: one line on stderr that says what is missing and what there is', async () => {
    const cases: [string[], RegExp][] = [
      [['logs', 'no_such_dag', 'r', 't'], /no DAG no_such_dag: list the DAGs with `dagdeck dags list`/],
      [
        ['logs', 'fintech_eod_risk', 'no_such_run', 't'],
        /DAG fintech_eod_risk has no run no_such_run; its latest: /,
      ],
      [
        ['logs', 'fintech_eod_risk', failedRun, 'nope'],
        // In the server's order, which on Airflow 3 is not the DAG's (map_index, then a UUIDv7).
        /has no task nope; its tasks: (?=.*data_ingestion\.wait_for_trades_file)(?=.*load_reporting_db)/,
      ],
      [
        ['logs', 'fintech_eod_risk', failedRun, 'risk_modelling.run_risk_models', '--try', '7'],
        /has no try 7: .*pick a try from 1 to \d/,
      ],
      [
        [
          'logs',
          'partition_backfill_mapped',
          (await airflow.listRuns('partition_backfill_mapped', { limit: 1 }))[0]?.id ?? '',
          'process_partition',
        ],
        /is mapped: pass --map-index with one of 0-7/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await dagdeck(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });

  it('a follow stops quietly when its reader goes away (| head -1)', async () => {
    const runId = await triggerLongLog('cli_head');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'cli.tsx', 'logs', 'ml_feature_store_sync', runId, 'train_drift_model', '-f'],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', HOME: dir, DAGDECK_CONFIG_DIR: dir, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 40_000);
});

describe('dagdeck jobs get-run-output against the Databricks simulator', () => {
  let dir: string;
  let sims: Simulators;
  let databricks: Backend;
  let http: ReturnType<typeof createHttpClient>;
  const dagdeck = (args: string[]) =>
    runDagdeck(args, { configDir: dir, env: { DATABRICKS_TOKEN: sims.databricks.token } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dagdeck-output-'));
    sims = await startSimulators({ speed: 0, seed: 4 });
    const add = await runDagdeck(
      ['context', 'add', 'dbx', '--databricks-host', sims.databricks.url, '--use'],
      {
        configDir: dir,
      },
    );
    expect(add.code, add.stderr).toBe(0);
    http = createHttpClient();
    databricks = createDatabricksBackend({
      host: sims.databricks.url,
      http,
      auth: { kind: 'pat', token: staticSecret(sims.databricks.token, 'test') },
    });
  });
  afterAll(async () => {
    await http?.close();
    await sims?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const failedRiskRun = async () => {
    const job = (await databricks.listWorkflows({ search: 'eod_risk_models' }))[0];
    const runs = await databricks.listRuns(job?.id ?? '', { limit: 25 });
    const run = runs.find((r) => r.state === 'failed');
    if (!run) throw new Error('no failed eod_risk_models run');
    return run;
  };

  it('a job run with several tasks asks for --task; with it, stdout then the error; -f exits 1 on failure', async () => {
    const run = await failedRiskRun();
    const ask = await dagdeck(['jobs', 'get-run-output', run.id]);
    expect(ask.code).toBe(1);
    expect(ask.stderr.trim().split('\n')).toHaveLength(1);
    expect(ask.stderr).toMatch(
      /has 4 tasks \(load_positions, .*\): pass --task KEY \(failed: stress_tests\)/,
    );
    const output = await dagdeck(['jobs', 'get-run-output', run.id, '--task', 'stress_tests', '--follow']);
    expect(output.code).toBe(1);
    expect(output.stdout).toMatch(/^error: ScenarioShockMissingError: /m);
    expect(output.stdout).toMatch(/^Traceback \(most recent call last\):$/m);
  });

  it('a task run id is followed as the Databricks CLI takes it; --json gives one object per line', async () => {
    const run = await failedRiskRun();
    const task = (await databricks.listTasks(run.workflowId, run.id)).find(
      (t) => t.taskId === 'load_positions',
    );
    const output = await dagdeck(['jobs', 'get-run-output', task?.taskRunId ?? '', '--json', '--follow']);
    expect(output.stderr).toBe('');
    expect(output.code).toBe(0);
    const objects = output.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { try: number; text: string });
    expect(objects.length).toBeGreaterThan(3);
    expect(objects.every((o) => o.try === 1 && typeof o.text === 'string')).toBe(true);
  });

  it('a run with no output, an unknown run and a bad id: one line that says what to do', async () => {
    const run = await failedRiskRun();
    const skipped = await dagdeck(['jobs', 'get-run-output', run.id, '--task', 'publish_risk_report']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toBe('');
    expect(skipped.stderr).toMatch(
      /^dagdeck: task publish_risk_report of run \d+ printed nothing \(it ended upstream_failed\): open http\S+\n$/,
    );
    const sales = (await databricks.listWorkflows({ search: 'sales_dashboard_refresh' }))[0];
    const done = (await databricks.listRuns(sales?.id ?? '', { limit: 5 })).find(
      (r) => r.state === 'success',
    );
    const notebook = await dagdeck(['jobs', 'get-run-output', done?.id ?? '']);
    expect(notebook.stderr).toMatch(
      /printed nothing \(it ended success\); a notebook's output is only on its run page: open /,
    );
    for (const [args, message] of [
      [['jobs', 'get-run-output', '123456789'], /Databricks has no run 123456789: check the id/],
      [['jobs', 'get-run-output', 'abc'], /"abc" is not a Databricks run id/],
      [['jobs', 'get-run-output', run.id, '--task', 'nope'], /has no task nope; its tasks: load_positions, /],
    ] as const) {
      const result = await dagdeck([...args]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
