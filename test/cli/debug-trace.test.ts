// `--debug` writes an HTTP trace to the debug log (issue 15: the client's debug option was never
// passed, so the log held no request at all): one line per request and per answer, and the secret
// that authenticated them nowhere in the file, not even when the server refuses it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBUG_LOG_NAME } from '../../source/core/debug-log.js';
import { type AirflowFixture, startAirflowFixture } from './support/airflowFixture.js';
import { type DatabricksFixture, startDatabricksFixture } from './support/databricksFixture.js';

const readLog = (dir: string): string => readFileSync(join(dir, DEBUG_LOG_NAME), 'utf8');

describe.each([2, 3] as const)('dagdeck --debug on Airflow %i', (flavour) => {
  let fixture: AirflowFixture;
  beforeAll(async () => {
    fixture = await startAirflowFixture(flavour, [{ name: 'af' }]);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('logs each request and its answer, never the password, the Basic header or a token', async () => {
    const run = await fixture.dagdeck(['--debug', 'dags', 'list', '--context', 'af']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const log = readLog(fixture.dir);
    const api = flavour === 3 ? 'v2' : 'v1';
    expect(log).toMatch(new RegExp(`http → Airflow GET /api/${api}/dags \\(attempt 1/3\\)`));
    expect(log).toMatch(new RegExp(`http ← 200 Airflow GET /api/${api}/dags in \\d+ ms`));
    if (flavour === 3) expect(log).toMatch(/http ← 201 Airflow POST \/auth\/token/);
    expect(log).not.toContain(fixture.sim.password);
    expect(log).not.toContain(
      Buffer.from(`${fixture.sim.username}:${fixture.sim.password}`).toString('base64'),
    );
    expect(log).not.toMatch(/eyJ[\w-]+\./);
  });

  it('a refused password is not in the log either, with the refusal and its stack', async () => {
    const wrong = 'not-the-password-4711';
    const run = await fixture.dagdeck(['--debug', 'dags', 'list', '--context', 'af'], {
      env: { DAGDECK_AIRFLOW_PASSWORD: wrong },
    });
    expect(run.code).toBe(4);
    const log = readLog(fixture.dir);
    expect(log).toMatch(/http ← 401 Airflow/);
    expect(log).toContain('command failed');
    expect(log).not.toContain(wrong);
    expect(log).not.toContain(Buffer.from(`${fixture.sim.username}:${wrong}`).toString('base64'));
  });
});

describe('dagdeck --debug on Databricks', () => {
  let fixture: DatabricksFixture;
  beforeAll(async () => {
    fixture = await startDatabricksFixture([{ name: 'dbx' }]);
  });
  afterAll(async () => {
    await fixture.close();
  });

  it('logs each request and its answer, never the token', async () => {
    const run = await fixture.dagdeck(['--debug', 'jobs', 'list', '--context', 'dbx']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const log = readLog(fixture.dir);
    expect(log).toMatch(/http → Databricks GET \/api\/2\.2\/jobs\/list \(attempt 1\/3\)/);
    expect(log).toMatch(/http ← 200 Databricks GET \/api\/2\.2\/jobs\/list in \d+ ms/);
    expect(log).not.toContain(fixture.sim.token);
  });

  it('without --debug nothing is written', async () => {
    const before = readLog(fixture.dir); // the --debug run's entries
    const run = await fixture.dagdeck(['jobs', 'list', '--context', 'dbx']);
    expect(run.code).toBe(0);
    expect(readLog(fixture.dir)).toBe(before);
  });
});
