// `dagdeck dags list` and `dagdeck context test` against the Airflow simulator on 127.0.0.1, both
// flavours (issue 4 "Commands"): API v1 (Airflow 2, Basic) and API v2 (Airflow 3, JWT from
// /auth/token). The user and password come from DAGDECK_AIRFLOW_USERNAME/_PASSWORD and a token
// command, as the contract names them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AirflowSim, startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock } from '../../source/sim/clock.js';
import { runDagdeck } from './support/runDagdeck.js';

describe.each([2, 3] as const)('Airflow %i simulator', (flavour) => {
  let dir: string;
  let sim: AirflowSim;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dagdeck-af-'));
    sim = await startAirflowSim({ flavour, clock: createSimClock(), host: '127.0.0.1', port: 0, dags: 120 });
    const add = await runDagdeck(
      ['context', 'add', 'af', '--airflow-url', sim.url, '--airflow-user', sim.username],
      {
        configDir: dir,
      },
    );
    expect(add.code).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dags list --json: every DAG, all pages; the table has one row per DAG', async () => {
    const env = { DAGDECK_AIRFLOW_PASSWORD: sim.password };
    const json = await runDagdeck(['dags', 'list', '--json', '--context', 'af'], { configDir: dir, env });
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const dags = JSON.parse(json.stdout) as Array<{ id: string; backend: string }>;
    expect(dags.length).toBeGreaterThan(120);
    expect(new Set(dags.map((dag) => dag.id)).size).toBe(dags.length);
    const table = await runDagdeck(['dags', 'list', '--context', 'af'], { configDir: dir, env });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DAG ID\s+PAUSED\s+SCHEDULE\s+TAGS\s+OWNERS/);
    expect(lines).toHaveLength(dags.length + 1);
  });

  it('context test: reachable, authenticated, the server version and the credential source', async () => {
    const run = await runDagdeck(['context', 'test', 'af', '--json'], {
      configDir: dir,
      env: { DAGDECK_AIRFLOW_PASSWORD: sim.password },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout).backends[0];
    expect(line).toMatchObject({
      backend: 'airflow',
      reachable: true,
      authenticated: true,
      credentialSource: 'env DAGDECK_AIRFLOW_PASSWORD',
    });
    expect(line.version).toMatch(flavour === 2 ? /^2\./ : /^3\./);
  });

  it('a wrong password: exit 4, one line, the password never shown', async () => {
    const run = await runDagdeck(['dags', 'list', '--context', 'af'], {
      configDir: dir,
      env: { DAGDECK_AIRFLOW_PASSWORD: 'wrong-password-123' },
    });
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('wrong-password-123');
  });

  // A token file is the first credential source, before the environment; context test names it.
  it('context test --token-file: the right password authenticates via the file; a wrong one exits 4 unprinted', async () => {
    const right = join(dir, 'password-right');
    writeFileSync(right, `${sim.password}\n`, { mode: 0o600 });
    const ok = await runDagdeck(['context', 'test', 'af', '--json', '--token-file', right], {
      configDir: dir,
      env: { DAGDECK_AIRFLOW_PASSWORD: 'wrong-password-env' },
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).backends[0]).toMatchObject({
      backend: 'airflow',
      authenticated: true,
      credentialSource: `token file ${right}`,
    });

    const wrong = join(dir, 'password-wrong');
    writeFileSync(wrong, 'wrong-password-456', { mode: 0o600 });
    const rejected = await runDagdeck(['context', 'test', 'af', '--json', '--token-file', wrong], {
      configDir: dir,
      env: { DAGDECK_AIRFLOW_PASSWORD: sim.password },
    });
    expect(rejected.code).toBe(4);
    const line = JSON.parse(rejected.stdout).backends[0];
    expect(line).toMatchObject({
      reachable: true,
      authenticated: false,
      credentialSource: `token file ${wrong}`,
    });
    // Issue 17: the version endpoint needs no login, so the refused login still names the server.
    expect(line.version).toMatch(flavour === 2 ? /^2\.10\./ : /^3\./);
    expect(line.apiVersion).toBe(flavour === 2 ? 'v1' : 'v2');
    expect(line.error.split('\n')).toHaveLength(1);
    const table = await runDagdeck(['context', 'test', 'af', '--token-file', wrong], {
      configDir: dir,
      env: {},
    });
    expect(table.code).toBe(4);
    expect(table.stdout).toMatch(
      new RegExp(`${flavour === 2 ? '2\\.10\\.5' : '3\\.2\\.1'} \\(API v${flavour === 2 ? 1 : 2}\\)`),
    );
    expect(`${rejected.stdout}${rejected.stderr}`).not.toContain('wrong-password-456');
  });

  it('a token command registered with login supplies the password; context test names it', async () => {
    const script = `process.stdout.write(${JSON.stringify(sim.password)})`;
    const login = await runDagdeck(
      ['login', '--context', 'af', '--token-command', `${process.execPath} -e '${script}'`],
      {
        configDir: dir,
      },
    );
    expect(login.code, login.stderr).toBe(0);
    const run = await runDagdeck(['context', 'test', 'af', '--json'], { configDir: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).backends[0].credentialSource).toMatch(/^token command /);
  });
});
