// The simulator's connections as each API shows them: v1 lists
// without extra or password and adds extra on the single object, never the password; v2 lists the
// whole object with the password "***" or null; sensitive extra values are masked, an extra that
// is not JSON is returned as it is; a Viewer gets the version's 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AirflowSim, startAirflowSim } from '../../../source/sim/airflow/server.js';
import { createSimClock } from '../../../source/sim/clock.js';
import { type Caller, caller } from './support.js';

describe.each([3, 2] as const)('Airflow simulator connections, flavour %i', (flavour) => {
  let sim: AirflowSim;
  let api: Caller;
  const v2 = flavour === 3;

  beforeAll(async () => {
    sim = await startAirflowSim({ flavour, clock: createSimClock({ speed: 0 }), seed: 7 });
    api = await caller(sim);
  });
  afterAll(async () => sim.close());

  it('list: every connection, in the version’s shape', async () => {
    const { status, json } = await api.call('GET', '/connections?order_by=connection_id&limit=2');
    expect(status).toBe(200);
    const page = json as { connections: Record<string, unknown>[]; total_entries: number };
    expect(page.total_entries).toBe(5);
    expect(page.connections.map((c) => c.connection_id)).toEqual(['databricks_adhoc', 'databricks_default']);
    const [, token] = page.connections;
    if (v2) {
      expect(token).toMatchObject({
        password: null,
        extra: '{"token":"***","http_headers":{"X-Team":"risk"}}',
      });
    } else {
      expect(token).not.toHaveProperty('extra');
      expect(token).not.toHaveProperty('password');
    }
  });

  it('one connection: extra masked, the password never in clear', async () => {
    const reporting = (await api.call('GET', '/connections/databricks_reporting')).json as Record<
      string,
      unknown
    >;
    expect(reporting).toMatchObject({
      conn_type: 'databricks',
      login: 'reporting.bot@example.com',
      extra: null,
    });
    if (v2) expect(reporting.password).toBe('***');
    else expect(reporting).not.toHaveProperty('password');
    const adhoc = (await api.call('GET', '/connections/databricks_adhoc')).json as Record<string, unknown>;
    // Not JSON: the server cannot mask it.
    expect(adhoc.extra).toBe('token=dapiadhoc0000000000000000000000000');
    const missing = await api.call('GET', '/connections/nope');
    expect(missing.status).toBe(404);
  });

  it('a Viewer may not read connections but reads DAGs', async () => {
    const authorization = v2
      ? `Bearer ${
          (
            (await (
              await fetch(`${sim.url}/auth/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(sim.viewer),
              })
            ).json()) as { access_token: string }
          ).access_token
        }`
      : `Basic ${Buffer.from(`${sim.viewer.username}:${sim.viewer.password}`).toString('base64')}`;
    const denied = await fetch(`${api.base}/connections`, { headers: { authorization } });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual(
      v2
        ? { detail: 'Forbidden' }
        : expect.objectContaining({ status: 403, title: 'Forbidden', detail: null }),
    );
    const dags = await fetch(`${api.base}/dags?limit=1`, { headers: { authorization } });
    expect(dags.status).toBe(200);
  });

  it('task retry settings and timeouts; XComs of every task with ~', async () => {
    const tasks = (await api.call('GET', '/dags/fintech_eod_risk/tasks')).json as {
      tasks: Record<string, unknown>[];
    };
    const risk = tasks.tasks.find((t) => t.task_id === 'risk_modelling.run_risk_models');
    expect(risk).toMatchObject({
      retries: 1,
      execution_timeout: null,
      retry_exponential_backoff: v2 ? 0 : false,
    });
    const runs = (await api.call('GET', '/dags/customer_kyc_refresh/dagRuns?state=success')).json as {
      dag_runs: { dag_run_id: string }[];
    };
    const runId = encodeURIComponent(String(runs.dag_runs[0]?.dag_run_id));
    const xcoms = (
      await api.call('GET', `/dags/customer_kyc_refresh/dagRuns/${runId}/taskInstances/~/xcomEntries`)
    ).json as { xcom_entries: { task_id: string }[] };
    expect(new Set(xcoms.xcom_entries.map((x) => x.task_id)).size).toBeGreaterThan(1);
  });
});
