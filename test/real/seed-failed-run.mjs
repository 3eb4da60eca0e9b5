// Produces, through the real scheduler, the state the contract suite starts from on the simulator:
// a failed fintech_eod_risk run whose 'risk_modelling.run_risk_models' failed (after the real
// Databricks provider started a run and pushed its XComs) and whose 'load_reporting_db' is
// upstream_failed. Triggered with the DAG param fail_risk_models=true (test/real/dags).
// Plain REST on purpose: this runs before the suite, from a plain Node script.
// Usage (by hand): node test/real/seed-failed-run.mjs URL USERNAME PASSWORD
import { randomUUID } from 'node:crypto';

const DAG = 'fintech_eod_risk';

async function headersFor(url, username, password) {
  const version = await fetch(`${url}/api/v2/version`).catch(() => undefined);
  if (version?.ok) {
    // Airflow 3: a JWT from /auth/token (the Simple auth manager's endpoint).
    const response = await fetch(`${url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok) throw new Error(`POST /auth/token answered ${response.status}`);
    const { access_token: token } = await response.json();
    return { api: `${url}/api/v2`, headers: { authorization: `Bearer ${token}` }, v2: true };
  }
  const basic = Buffer.from(`${username}:${password}`).toString('base64');
  return { api: `${url}/api/v1`, headers: { authorization: `Basic ${basic}` }, v2: false };
}

export async function seedFailedRun(url, username, password, seconds = 240) {
  const { api, headers, v2 } = await headersFor(url, username, password);
  const runId = `dagdeck_real_failed__${randomUUID()}`;
  const body = { dag_run_id: runId, conf: { fail_risk_models: true }, ...(v2 ? { logical_date: null } : {}) };
  const trigger = await fetch(`${api}/dags/${DAG}/dagRuns`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!trigger.ok) throw new Error(`trigger ${DAG} answered ${trigger.status}: ${await trigger.text()}`);
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const response = await fetch(`${api}/dags/${DAG}/dagRuns/${encodeURIComponent(runId)}`, { headers });
    const run = await response.json();
    if (run.state === 'failed') return runId;
    if (run.state === 'success') throw new Error(`${DAG} run ${runId} succeeded; expected it to fail`);
    if (Date.now() > deadline) throw new Error(`${DAG} run ${runId} still ${run.state} after ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

if (process.argv[1]?.endsWith('seed-failed-run.mjs')) {
  const [url, username, password] = process.argv.slice(2);
  console.log(await seedFailedRun(url, username, password));
}
