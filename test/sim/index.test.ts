// startSimulators: both simulators on one virtual clock, on loopback ephemeral ports, cross-linked
// (issue 3 "Both" and "Airflow simulator": the DatabricksRunNowOperator task's XComs name a real
// run in the Databricks simulator).
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulators, startSimulators } from '../../source/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

async function json(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    headers: response.headers,
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function airflowToken(sim: Simulators): Promise<string> {
  const { status, body } = await json(`${sim.airflow.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: sim.airflow.username, password: sim.airflow.password }),
  });
  expect(status).toBe(201);
  return (body as { access_token: string }).access_token;
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as { port: number }).port;
const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('startSimulators', () => {
  it('starts Airflow 3 and Databricks on distinct 127.0.0.1 ephemeral ports, and both answer', async () => {
    sims = await startSimulators({ speed: 0, seed: 3 });
    const airflow = new URL(sims.airflow.url);
    const databricks = new URL(sims.databricks.url);
    expect(airflow.hostname).toBe('127.0.0.1');
    expect(databricks.hostname).toBe('127.0.0.1');
    expect(airflow.port).not.toBe(databricks.port);
    expect(sims.airflow.flavour).toBe(3);

    const version = await json(`${sims.airflow.url}/api/v2/version`);
    expect(version.status).toBe(200);
    expect((version.body as { version: string }).version).toMatch(/^3\./);
    const token = await airflowToken(sims);
    const dags = await json(`${sims.airflow.url}/api/v2/dags?dag_id_pattern=fintech_eod_risk`, {
      headers: bearer(token),
    });
    expect(dags.status).toBe(200);
    expect((dags.body as { dags: { dag_id: string }[] }).dags.map((d) => d.dag_id)).toContain(
      'fintech_eod_risk',
    );

    const jobs = await json(`${sims.databricks.url}/api/2.2/jobs/list?name=eod_risk_models`, {
      headers: bearer(sims.databricks.token),
    });
    expect(jobs.status).toBe(200);
    expect((jobs.body as { jobs: { settings: { name: string } }[] }).jobs[0]?.settings.name).toBe(
      'eod_risk_models',
    );
  });

  it('airflowFlavour 2 serves API v1 with HTTP Basic', async () => {
    sims = await startSimulators({ speed: 0, airflowFlavour: 2 });
    expect(sims.airflow.flavour).toBe(2);
    const basic = Buffer.from(`${sims.airflow.username}:${sims.airflow.password}`).toString('base64');
    const dags = await json(`${sims.airflow.url}/api/v1/dags?limit=5`, {
      headers: { authorization: `Basic ${basic}` },
    });
    expect(dags.status).toBe(200);
    expect((dags.body as { total_entries: number }).total_entries).toBeGreaterThan(0);
  });

  it('cross-links: the failed fintech_eod_risk run XCom run_id is a run of eod_risk_models in Databricks', async () => {
    sims = await startSimulators({ speed: 0, seed: 11 });
    const token = await airflowToken(sims);
    const api = `${sims.airflow.url}/api/v2/dags/fintech_eod_risk`;
    const runs = await json(`${api}/dagRuns?state=failed`, { headers: bearer(token) });
    const failed = (runs.body as { dag_runs: { dag_run_id: string }[] }).dag_runs[0];
    expect(failed, 'a failed fintech_eod_risk run').toBeDefined();
    const xcom = await json(
      `${api}/dagRuns/${encodeURIComponent(failed?.dag_run_id ?? '')}/taskInstances/risk_modelling.run_risk_models/xcomEntries/run_id`,
      { headers: bearer(token) },
    );
    expect(xcom.status).toBe(200);
    const runId = Number((xcom.body as { value: unknown }).value);
    expect(Number.isInteger(runId)).toBe(true);
    const run = await json(`${sims.databricks.url}/api/2.2/jobs/runs/get?run_id=${runId}`, {
      headers: bearer(sims.databricks.token),
    });
    expect(run.status).toBe(200);
    expect((run.body as { run_name: string }).run_name).toBe('eod_risk_models');
    // The Databricks run happened when the Airflow try ran, so it has failed already, like the
    // Airflow task: seeded history must not pile up as queued runs started "now".
    const state = (run.body as { state: { life_cycle_state: string; result_state?: string } }).state;
    expect(state.life_cycle_state).toBe('TERMINATED');
    expect(state.result_state).toBe('FAILED');
    // The operator polls its run until it ends, so the Airflow try ends after the Databricks run.
    const ti = await json(
      `${api}/dagRuns/${encodeURIComponent(failed?.dag_run_id ?? '')}/taskInstances/risk_modelling.run_risk_models`,
      {
        headers: bearer(token),
      },
    );
    const tiEnd = Date.parse((ti.body as { end_date: string }).end_date);
    expect(tiEnd).toBeGreaterThanOrEqual((run.body as { end_time: number }).end_time);
  });

  it('one clock: advancing it moves a Databricks run the Airflow side started', async () => {
    sims = await startSimulators({ speed: 0 });
    expect(sims.clock.speed).toBe(0);
    const { runId } = sims.databricks.runNow('eod_risk_models', { business_date: '2026-11-20' });
    expect(sims.databricks.runState(runId)).toBe('pending');
    sims.clock.advance(6 * 3600_000);
    expect(['success', 'failed']).toContain(sims.databricks.runState(runId));
  });

  it('faults reach both servers: 429 with Retry-After everywhere but version/health (faults.ts)', async () => {
    sims = await startSimulators({ speed: 0, faults: { rate429: 1, retryAfterSeconds: 7 } });
    const jobs = await json(`${sims.databricks.url}/api/2.2/jobs/list`, {
      headers: bearer(sims.databricks.token),
    });
    expect(jobs.status).toBe(429);
    expect(jobs.headers.get('retry-after')).toBe('7');
    const dags = await json(`${sims.airflow.url}/api/v2/dags`, { headers: bearer('x') });
    expect(dags.status).toBe(429);
    expect((await json(`${sims.airflow.url}/api/v2/version`)).status).toBe(200);
  });

  it('expireTokens expires the Airflow JWTs and the Databricks OAuth tokens issued so far (issue 3 token expiry)', async () => {
    sims = await startSimulators({ speed: 0 });
    const jwt = await airflowToken(sims);
    const basic = Buffer.from(`${sims.databricks.clientId}:${sims.databricks.clientSecret}`).toString(
      'base64',
    );
    const issued = await json(`${sims.databricks.url}/oidc/v1/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=all-apis',
    });
    const oauth = (issued.body as { access_token: string }).access_token;
    const dags = `${sims.airflow.url}/api/v2/dags?limit=1`;
    const jobs = `${sims.databricks.url}/api/2.2/jobs/list?limit=1`;
    expect((await json(dags, { headers: bearer(jwt) })).status).toBe(200);
    expect((await json(jobs, { headers: bearer(oauth) })).status).toBe(200);
    sims.expireTokens();
    // Airflow 3 answers an expired JWT with 401; Databricks an expired OAuth token with 403.
    expect((await json(dags, { headers: bearer(jwt) })).status).toBe(401);
    expect((await json(jobs, { headers: bearer(oauth) })).status).toBe(403);
    // The PAT is not an OAuth token: it keeps working.
    expect((await json(jobs, { headers: bearer(sims.databricks.token) })).status).toBe(200);
  });

  it('honours fixed ports; a busy Airflow port fails and releases the Databricks port', async () => {
    const busy = await listen();
    const probe = await listen();
    const free = portOf(probe);
    await closeServer(probe);
    try {
      await expect(
        startSimulators({ speed: 0, ports: { airflow: portOf(busy), databricks: free } }),
      ).rejects.toThrow(/EADDRINUSE/);
      // The Databricks server started first: it must have been closed again.
      const again = await listen(free);
      await closeServer(again);
      sims = await startSimulators({ speed: 0, ports: { databricks: free } });
      expect(new URL(sims.databricks.url).port).toBe(String(free));
    } finally {
      await closeServer(busy);
    }
  });
});
