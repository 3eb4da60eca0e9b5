// The platform review's reads against a real Airflow 3 and 2 (issue 16 "Done when"): connections
// (the one stored in the database, its token masked by the server, never a password; the one from
// an AIRFLOW_CONN_ variable invisible), task retry settings and timeouts, the DAG's settings, the
// XCom sizes of the seeded failed run, and a Viewer that may not read connections, which the
// review reports as "could not check". Run by test/real/run.mjs; skipped without a server.
import { afterAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import type { SecretProvider } from '../../source/core/credentials.js';
import { Forbidden } from '../../source/core/errors.js';
import { readReviewFacts } from '../../source/core/review/readReviewFacts.js';
import { DEFAULT_REVIEW_OPTIONS } from '../../source/core/review/reviewOptions.js';
import { reviewPlatform } from '../../source/core/review/reviewPlatform.js';
import { createHttpClient } from '../../source/http/client.js';

const url = process.env.DAGDECK_CONTRACT_AIRFLOW_URL;
const flavour = process.env.DAGDECK_REAL_AIRFLOW_FLAVOUR ?? '';
const secret = (value: string): SecretProvider => ({
  description: 'test',
  get: async () => ({ value, source: 'test' }),
  invalidate: () => {},
});

const http = createHttpClient();
afterAll(() => http.close());

const backendAs = (username: string, password: string): Backend =>
  createAirflowBackend({
    baseUrl: url ?? '',
    http,
    auth: { kind: 'password', username, password: secret(password) },
  });

describe.skipIf(!url)(`the platform review's reads against a real Airflow ${flavour}`, () => {
  const admin = backendAs(
    process.env.DAGDECK_CONTRACT_AIRFLOW_USERNAME ?? '',
    process.env.DAGDECK_CONTRACT_AIRFLOW_PASSWORD ?? '',
  );
  const viewer = backendAs(
    process.env.DAGDECK_REAL_AIRFLOW_VIEWER ?? 'viewer',
    process.env.DAGDECK_REAL_AIRFLOW_VIEWER_PASSWORD ?? '',
  );

  it('connections: the stored one with its token masked by the server, never a password', async () => {
    const connections = await admin.listConnections();
    const review = connections.find((c) => c.id === 'databricks_review');
    expect(review).toMatchObject({
      type: 'databricks',
      host: 'https://dbc.example.invalid',
      // Airflow 3 says whether a password is set; Airflow 2 never shows it.
      password: flavour === '3' ? 'unset' : 'hidden',
      extra: { token: '***', http_headers: { 'X-Team': 'real' } },
    });
    expect(review?.extraExposed).toBeUndefined();
    expect(JSON.stringify(connections)).not.toContain('dapi-dagdeck-real-secret');
    // A connection from an environment variable is not in the database the API reads.
    expect(connections.find((c) => c.id === 'dagdeck_sim')).toBeUndefined();
  });

  it('task retry settings and timeouts as the DAG declares them', async () => {
    const [retryOnce] = await admin.listTaskDefinitions('real_retry');
    expect(retryOnce).toMatchObject({ taskId: 'retry_once', retries: 1, retryDelayMs: 1000 });
    expect(retryOnce?.retryExponentialBackoff).toBe(0);
    expect(retryOnce?.timeoutMs).toBeUndefined();
    const risk = (await admin.listTaskDefinitions('fintech_eod_risk')).find((t) =>
      t.taskId.endsWith('run_risk_models'),
    );
    expect(risk?.operator).toMatch(/RunNowOperator/);
    expect(typeof risk?.retries).toBe('number');
  });

  it('the DAG settings: no run timeout; default_args (and so callbacks) from Airflow 3.2 on', async () => {
    const settings = await admin.getWorkflowSettings('real_retry');
    expect(settings.timeoutMs).toBeUndefined();
    if (flavour === '3') expect(settings.failureAlerts).toBe(false);
    else expect(settings.failureAlerts).toBeUndefined();
  });

  it('the XCom sizes of the seeded failed run: the Databricks run id the provider pushed', async () => {
    const [failed] = await admin.listRuns('fintech_eod_risk', { finishedStates: ['failed'], limit: 1 });
    expect(failed).toBeDefined();
    const sizes = await admin.listXComSizes('fintech_eod_risk', failed?.id ?? '');
    const runId = sizes.find((size) => size.key === 'run_id');
    expect(runId?.bytes).toBeGreaterThan(0);
    expect(runId?.bytes).toBeLessThan(64);
  });

  it('a Viewer may not read connections: Forbidden, and the review says it could not check', async () => {
    await expect(viewer.listConnections()).rejects.toBeInstanceOf(Forbidden);
    // Still reads the tasks.
    expect((await viewer.listTaskDefinitions('real_retry'))[0]?.retries).toBe(1);
    const facts = await readReviewFacts([viewer], { review: { ...DEFAULT_REVIEW_OPTIONS, runs: 3 } });
    const report = reviewPlatform(facts);
    expect(report.findings.find((f) => f.check === 'airflow-connections-unreadable')?.title).toBe(
      'could not check the Airflow connections: this role may not read them',
    );
  });
});
