// Auth (PAT, OAuth M2M, discovery documents) and the real error shapes
// (numeric error_code on a bad token, 400 for missing jobs/runs, Bad Target 404,
// 429 REQUEST_LIMIT_EXCEEDED, MALFORMED_REQUEST).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimClock } from '../../../source/sim/clock.js';
import { startDatabricksSim } from '../../../source/sim/databricks/server.js';
import { type Harness, startHarness } from './simHarness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.sim.close());

async function token(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.sim.url}/oidc/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('Databricks simulator auth', () => {
  it('an invalid PAT gets 403 with the numeric error_code body and the reason header (§7.2)', async () => {
    const { status, body, headers } = await h.get('/api/2.2/jobs/list', 'dapi-not-valid');
    expect(status).toBe(403);
    expect(body).toEqual({ error_code: 403, message: 'Invalid access token.' });
    expect(headers.get('x-databricks-reason-phrase')).toBe('Invalid access token.');
  });

  it('no credential at all gets 401', async () => {
    const response = await fetch(`${h.sim.url}/api/2.2/jobs/list`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error_code: number }).error_code).toBe(401);
  });

  it('serves the discovery documents the SDKs probe (§6.3)', async () => {
    const config = (await (await fetch(`${h.sim.url}/.well-known/databricks-config`)).json()) as Record<
      string,
      string
    >;
    expect(config.oidc_endpoint).toBe(`${h.sim.url}/oidc`);
    expect(config.workspace_id).toBe(h.sim.workspaceId);
    const oidc = (await (
      await fetch(`${config.oidc_endpoint}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, string>;
    expect(oidc.token_endpoint).toBe(`${h.sim.url}/oidc/v1/token`);
    expect(oidc.authorization_endpoint).toBe(`${h.sim.url}/oidc/v1/authorize`);
  });

  it('issues M2M tokens with Basic client auth, usable as Bearer; a wrong secret is 401 invalid_client', async () => {
    const issued = await token('grant_type=client_credentials&scope=all-apis', {
      authorization: basic(h.sim.clientId, h.sim.clientSecret),
    });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'all-apis' });
    const list = await h.get('/api/2.2/jobs/list?limit=1', issued.body.access_token as string);
    expect(list.status).toBe(200);

    const wrong = await token('grant_type=client_credentials&scope=all-apis', {
      authorization: basic(h.sim.clientId, 'dose-wrong'),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
  });

  it('accepts the client credentials as form fields too, and rejects other grants', async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'all-apis',
      client_id: h.sim.clientId,
      client_secret: h.sim.clientSecret,
    });
    expect((await token(form.toString())).status).toBe(200);
    const password = await token('grant_type=password', {
      authorization: basic(h.sim.clientId, h.sim.clientSecret),
    });
    expect(password.status).toBe(400);
    expect(password.body.error).toBe('unsupported_grant_type');
  });

  it('an expired OAuth token is refused with 403 "Invalid access token." until a new one is fetched', async () => {
    const auth = { authorization: basic(h.sim.clientId, h.sim.clientSecret) };
    const first = await token('grant_type=client_credentials&scope=all-apis', auth);
    h.sim.expireTokens();
    const refused = await h.get('/api/2.2/jobs/list?limit=1', first.body.access_token as string);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error_code: 403, message: 'Invalid access token.' });
    const second = await token('grant_type=client_credentials&scope=all-apis', auth);
    expect((await h.get('/api/2.2/jobs/list?limit=1', second.body.access_token as string)).status).toBe(200);
  });

  it('expiredTokenStatus: 401 switches the expired-token answer for clients that must handle both', async () => {
    const sim = await startDatabricksSim({
      clock: createSimClock({ speed: 0 }),
      tokenTtlSeconds: 0,
      expiredTokenStatus: 401,
    });
    try {
      const response = await fetch(`${sim.url}/oidc/v1/token`, {
        method: 'POST',
        headers: {
          authorization: basic(sim.clientId, sim.clientSecret),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials&scope=all-apis',
      });
      const { access_token } = (await response.json()) as { access_token: string };
      const api = await fetch(`${sim.url}/api/2.2/jobs/list`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(api.status).toBe(401);
    } finally {
      await sim.close();
    }
  });

  it('the same seed gives the same credentials and ids; another seed does not', async () => {
    const clock = createSimClock({ speed: 0 });
    const a = await startDatabricksSim({ clock, seed: 42 });
    const b = await startDatabricksSim({ clock, seed: 43 });
    try {
      expect(a.token).toBe(h.sim.token);
      expect(a.token).toMatch(/^dapi[0-9a-f]{32}$/);
      expect(a.state.jobByName('eod_risk_models')?.jobId).toBe(
        h.sim.state.jobByName('eod_risk_models')?.jobId,
      );
      expect(b.token).not.toBe(a.token);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('Databricks simulator errors', () => {
  it('a missing job or run is 400 INVALID_PARAMETER_VALUE "… does not exist." (§7.2)', async () => {
    expect(await h.get('/api/2.2/jobs/get?job_id=123')).toMatchObject({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Job 123 does not exist.' },
    });
    expect(await h.get('/api/2.2/jobs/runs/get?run_id=456')).toMatchObject({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Run 456 does not exist.' },
    });
    expect((await h.post('/api/2.2/jobs/run-now', { job_id: '789' })).body.message).toBe(
      'Job 789 does not exist.',
    );
  });

  it('an unknown path is 404 {"error": "Bad Target: …"} (apache/airflow #60444)', async () => {
    expect(await h.get('/api/2.2/sql/endpoints')).toMatchObject({
      status: 404,
      body: { error: 'Bad Target: /api/2.2/sql/endpoints' },
    });
  });

  it('a known path with the wrong method is 404 ENDPOINT_NOT_FOUND', async () => {
    const { status, body } = await h.get('/api/2.2/jobs/run-now');
    expect(status).toBe(404);
    expect(body).toEqual({
      error_code: 'ENDPOINT_NOT_FOUND',
      message: "No API found for 'GET /jobs/run-now'",
    });
  });

  it('a malformed JSON body is 400 MALFORMED_REQUEST', async () => {
    const { status, body } = await h.post('/api/2.2/jobs/run-now', '{"job_id": ');
    expect(status).toBe(400);
    expect(body.error_code).toBe('MALFORMED_REQUEST');
  });

  it('throttling is 429 REQUEST_LIMIT_EXCEEDED with Retry-After (faults.rate429)', async () => {
    const sim = await startDatabricksSim({
      clock: createSimClock({ speed: 0 }),
      faults: { rate429: 1, retryAfterSeconds: 7 },
    });
    try {
      const response = await fetch(`${sim.url}/api/2.2/jobs/list`, {
        headers: { authorization: `Bearer ${sim.token}` },
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(((await response.json()) as { error_code: string }).error_code).toBe('REQUEST_LIMIT_EXCEEDED');
      // The token endpoint is exempt, so a client can still authenticate while throttled.
      const discovery = await fetch(`${sim.url}/oidc/v1/token`, { method: 'POST', body: '' });
      expect(discovery.status).not.toBe(429);
    } finally {
      await sim.close();
    }
  });

  it('a 5xx fault carries the error code of the status it sends: 500 INTERNAL_ERROR, 503 TEMPORARILY_UNAVAILABLE', async () => {
    const sim = await startDatabricksSim({ clock: createSimClock({ speed: 0 }), faults: { rate5xx: 1 } });
    try {
      const seen = new Map<number, string>();
      for (let i = 0; i < 40 && seen.size < 2; i++) {
        const response = await fetch(`${sim.url}/api/2.2/jobs/list`, {
          headers: { authorization: `Bearer ${sim.token}` },
        });
        seen.set(response.status, ((await response.json()) as { error_code: string }).error_code);
      }
      expect(Object.fromEntries(seen)).toEqual({ 500: 'INTERNAL_ERROR', 503: 'TEMPORARILY_UNAVAILABLE' });
    } finally {
      await sim.close();
    }
  });
});
