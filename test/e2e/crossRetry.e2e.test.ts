// The cross-system retry end to end (issue 11 "Done when"): `dagdeck sim` at a speed where a
// repair takes seconds, a context with both backends, the built console in a pseudo-terminal. From
// the incident view the failed risk task offers both ways back with their estimates; the repair
// path runs in the background (the header shows it), the Databricks run screen shows the repair,
// and when it succeeds the Airflow task is success and its downstream task runs again. When the
// repair fails, Airflow is left as it was and the flash says so.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createHttpClient } from '../../source/http/client.js';
import { KEY } from '../support/keys.js';
import { filterIncidents } from './support/incidents.js';
import { consoleBin, PtyConsole } from './support/ptyConsole.js';

const DAG = 'fintech_eod_risk';
const RISK = 'risk_modelling.run_risk_models';

interface Sim {
  child: ChildProcess;
  dir: string;
  env: Record<string, string>;
  airflow: Backend;
}

const sims: Sim[] = [];
const consoles: PtyConsole[] = [];
const http = createHttpClient();

afterEach(() => {
  for (const session of consoles.splice(0)) session.kill();
  for (const sim of sims.splice(0)) {
    sim.child.kill('SIGTERM');
    rmSync(sim.dir, { recursive: true, force: true, maxRetries: 5 });
  }
});
afterAll(() => http.close());

async function startSim(extra: string[] = []): Promise<Sim> {
  const dir = mkdtempSync(join(tmpdir(), 'dagdeck-cross-'));
  // 120 simulated seconds per real second: a 9-minute Databricks task takes a few seconds.
  const child = spawn(process.execPath, [consoleBin, 'sim', '--speed', '120', '--seed', '3', ...extra], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dagdeck sim exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
  });
  const announced = JSON.parse(line) as {
    airflow: { url: string; username: string; password: string };
    databricks: { host: string; token: string };
  };
  const env = {
    DAGDECK_CONFIG_DIR: join(dir, 'config'),
    DAGDECK_STATE_DIR: join(dir, 'state'),
    DAGDECK_AIRFLOW_PASSWORD: announced.airflow.password,
    DATABRICKS_TOKEN: announced.databricks.token,
  };
  const added = spawnSync(
    process.execPath,
    [
      consoleBin,
      'context',
      'add',
      'both',
      '--airflow-url',
      announced.airflow.url,
      '--airflow-user',
      announced.airflow.username,
      '--databricks-host',
      announced.databricks.host,
      '--databricks-auth',
      'pat',
      '--use',
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  if (added.status !== 0) throw new Error(added.stderr);
  const airflow = createAirflowBackend({
    baseUrl: announced.airflow.url,
    http,
    auth: {
      kind: 'password',
      username: announced.airflow.username,
      password: staticSecret(announced.airflow.password, 'test'),
    },
  });
  const sim = { child, dir, env, airflow };
  sims.push(sim);
  return sim;
}

async function riskState(sim: Sim, runId: string): Promise<string | undefined> {
  return (await sim.airflow.listTasks(DAG, runId)).find((task) => task.taskId === RISK)?.state;
}

/** The incident view → the failed risk task → c → the two ways, with their estimates. */
async function twoWays(sim: Sim): Promise<{ session: PtyConsole; runId: string }> {
  const failed = (await sim.airflow.listRuns(DAG)).find((run) => run.state === 'failed');
  if (!failed) throw new Error('the seed fails the latest fintech_eod_risk run');
  const session = new PtyConsole({ cols: 150, rows: 40, env: sim.env });
  consoles.push(session);
  await session.waitFor(['Airflow DAGs', 'Databricks jobs', DAG]);
  await filterIncidents(session, `${RISK} state:failed`);
  await session.waitFor(/› .*✗ failed.*fintech_eod_risk \/ risk_modelling\.run_risk_models/);
  await session.press('c');
  await session.waitFor([
    'Two ways back for risk_modelling.run_risk_models',
    /clear → Airflow re-runs .* a new run of eod_risk_models: 4 tasks, last full run/,
    /repair → rerun stress_tests \(last \d+m \d\ds\)/,
  ]);
  return { session, runId: failed.id };
}

describe('retry across the two systems (issue 11)', () => {
  it('repair path: the repair runs in the background, then the Airflow task is success and its downstream task runs', async () => {
    const sim = await startSim();
    const { session, runId } = await twoWays(sim);
    await session.press('j', KEY.enter);
    await session.waitFor([
      '1. Repair run',
      '2. Wait for the repair',
      /3\. Mark 1 task instance\(s\) .* success/,
      /4\. Clear 1 task instance\(s\)/,
    ]);
    await session.press(KEY.enter);
    await session.waitFor(/⟳ wait for the repair \(step 2 of 4\)/);
    // The run screen shows the repair while it runs.
    await session.press('J');
    await session.waitFor(/REPAIR +STARTED/);
    await session.waitFor(/✓ Done: Repair eod_risk_models run/, { timeoutMs: 60_000 });
    expect(await riskState(sim, runId)).toBe('success');
    const downstream = (await sim.airflow.listTasks(DAG, runId)).find(
      (t) => t.taskId === 'load_reporting_db',
    );
    expect(downstream?.state).not.toBe('upstream_failed');

    const audit = spawnSync(process.execPath, [consoleBin, 'audit', '--json'], {
      env: { ...process.env, ...sim.env },
      encoding: 'utf8',
    });
    expect(audit.status, audit.stderr).toBe(0);
    const text = audit.stdout.trim();
    const entries = (
      text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((l) => JSON.parse(l))
    ) as Record<string, unknown>[];
    const plan = entries.find((entry) => entry.action === 'repairRun')?.plan;
    const steps = entries.filter((entry) => entry.plan === plan).map((entry) => entry.action);
    expect(new Set(steps)).toEqual(new Set(['repairRun', 'awaitRepair', 'markTaskState', 'clearTasks']));
  }, 120_000);

  it('a repair that fails leaves the Airflow task failed and says so', async () => {
    const sim = await startSim(['--failing-repair-tasks', 'stress_tests']);
    const { session, runId } = await twoWays(sim);
    await session.press('j', KEY.enter);
    await session.waitFor('2. Wait for the repair');
    await session.press(KEY.enter);
    await session.waitFor(/Wait for the repair failed: Repair \d+ of run/, { timeoutMs: 60_000 });
    expect(await riskState(sim, runId)).toBe('failed');
  }, 120_000);
});
