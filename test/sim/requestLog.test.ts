// The simulators' request log (source/sim/requestLog.ts): one JSON line per request from both
// servers, so a test can prove which requests a client sent, and that it sent none (issue 10: "on
// --read-only it is refused with one line and no request is sent (the simulator's request log
// proves it)").
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulators } from '../../source/sim/index.js';
import type { RequestLogEntry } from '../../source/sim/requestLog.js';
import { waitFor } from '../support/wait.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const logFile = () => join(mkdtempSync(join(tmpdir(), 'dagdeck-requests-')), 'requests.jsonl');
const entries = (file: string): RequestLogEntry[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RequestLogEntry)
    : [];

describe('requestLog', () => {
  it('logs every request of both servers: time, server, method, path, status', async () => {
    const file = logFile();
    const sims = await startSimulators({ speed: 0, requestLog: file });
    close = () => sims.close();
    expect(entries(file)).toEqual([]);
    await fetch(`${sims.airflow.url}/api/v2/version`);
    await fetch(`${sims.databricks.url}/api/2.2/jobs/list?limit=1`, {
      headers: { authorization: `Bearer ${sims.databricks.token}` },
    });
    await fetch(`${sims.databricks.url}/api/2.2/jobs/run-now`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sims.databricks.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ job_id: 1 }),
    });
    await waitFor(() => expect(entries(file)).toHaveLength(3));
    const [version, list, refused] = entries(file);
    expect(version).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      server: 'airflow',
      method: 'GET',
      path: '/api/v2/version',
      status: 200,
    });
    expect(list).toMatchObject({
      server: 'databricks',
      method: 'GET',
      path: '/api/2.2/jobs/list?limit=1',
      status: 200,
    });
    expect(refused).toMatchObject({
      server: 'databricks',
      method: 'POST',
      path: '/api/2.2/jobs/run-now',
      status: 400,
    });
    // Owner-only: the paths of a real client may name things worth keeping private.
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a dropped connection is logged with status null', async () => {
    const file = logFile();
    const sims = await startSimulators({ speed: 0, requestLog: file, faults: { resetAfterWriteRate: 1 } });
    close = () => sims.close();
    const jobId = sims.databricks.state.jobByName('eod_risk_models')?.jobId;
    await fetch(`${sims.databricks.url}/api/2.2/jobs/run-now`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sims.databricks.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ job_id: jobId }),
    }).catch(() => undefined);
    await waitFor(() => expect(entries(file)).toHaveLength(1));
    expect(entries(file)[0]).toMatchObject({ method: 'POST', path: '/api/2.2/jobs/run-now', status: null });
  });

  it('masks credential-like query values but keeps paging cursors', async () => {
    const file = logFile();
    const sims = await startSimulators({ speed: 0, requestLog: file });
    close = () => sims.close();
    await fetch(`${sims.databricks.url}/api/2.2/jobs/list?access_token=dapi-secret&page_token=abc&limit=2`);
    await waitFor(() => expect(entries(file)).toHaveLength(1));
    expect(entries(file)[0]?.path).toBe('/api/2.2/jobs/list?access_token=***&page_token=abc&limit=2');
    expect(readFileSync(file, 'utf8')).not.toContain('dapi-secret');
  });

  it('appends to an existing file, and adds nothing while no request is made', async () => {
    const file = logFile();
    const first = await startSimulators({ speed: 0, requestLog: file });
    await fetch(`${first.airflow.url}/api/v2/version`);
    await waitFor(() => expect(entries(file)).toHaveLength(1));
    await first.close();
    const second = await startSimulators({ speed: 0, requestLog: file });
    close = () => second.close();
    expect(entries(file)).toHaveLength(1);
    await fetch(`${second.databricks.url}/.well-known/databricks-config`);
    await waitFor(() => expect(entries(file)).toHaveLength(2));
  });
});
