// Version detection: /api/v2/version first, then /api/v1/version,
// both without credentials; the base URL's path prefix is kept.
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import { AuthError, NotFound } from '../../source/core/errors.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { startTestServer, type TestServer } from './support/startTestServer.js';
import { fakeJwt, testSecret } from './support/testSecret.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const health = {
  metadatabase: { status: 'healthy' },
  scheduler: { status: 'healthy' },
  triggerer: { status: null },
};

describe('Airflow version detection (§2.1)', () => {
  it('picks API v2 when /api/v2/version answers, without sending credentials to it', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.path === '/api/v2/version') return reply.json(200, { version: '3.2.1', git_version: null });
      if (req.path === '/auth/token') return reply.json(201, { access_token: fakeJwt({ sub: 'ops' }) });
      if (req.path === '/api/v2/monitor/health') return reply.json(200, health);
      if (req.path === '/api/v2/dags') return reply.json(200, { dags: [], total_entries: 0 });
      reply.json(404, { detail: 'Not Found' });
    });
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'ops', password: testSecret(['pw'], 'keychain') },
    });
    const info = await backend.probe();
    expect(info).toMatchObject({
      apiVersion: 'v2',
      version: '3.2.1',
      healthy: true,
      identity: 'ops',
      credentialSource: 'keychain',
    });
    const versionRequest = server.requests.find((r) => r.path === '/api/v2/version');
    expect(versionRequest?.headers.authorization).toBeUndefined();
    // v2 uses the JWT from /auth/token, never Basic (Airflow 3's API takes a bearer token).
    expect(server.requests.find((r) => r.path === '/api/v2/dags')?.headers.authorization).toMatch(/^Bearer /);
  });

  it('falls back to API v1 on a 404 and uses HTTP Basic there (§3.1), keeping the path prefix', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.path === '/af/api/v1/version') return reply.json(200, { version: '2.10.5', git_version: 'x' });
      if (req.path === '/af/api/v1/health')
        return reply.json(200, { ...health, scheduler: { status: 'unhealthy' } });
      if (req.path === '/af/api/v1/dags') return reply.json(200, { dags: [], total_entries: 0 });
      reply.text(404, '<html>not found</html>', 'text/html');
    });
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: `${server.url}/af/`,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'ops', password: testSecret(['s3cret']) },
      credentialSource: 'env DAGDECK_AIRFLOW_PASSWORD',
    });
    const info = await backend.probe();
    expect(info).toMatchObject({ apiVersion: 'v1', version: '2.10.5', healthy: false });
    expect(info.credentialSource).toBe('env DAGDECK_AIRFLOW_PASSWORD');
    expect(info.healthDetail).toContain('scheduler unhealthy');
    const dags = server.requests.find((r) => r.path === '/af/api/v1/dags');
    expect(dags?.headers.authorization).toBe(`Basic ${Buffer.from('ops:s3cret').toString('base64')}`);
    expect(server.requests.some((r) => r.path === '/af/api/v2/version')).toBe(true);
  });

  it('detects once and reuses the adapter for later calls', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.path === '/api/v1/version') return reply.json(200, { version: '2.10.5' });
      if (req.path === '/api/v1/dags') return reply.json(200, { dags: [], total_entries: 0 });
      reply.json(404, { title: 'Not Found' });
    });
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
    });
    await Promise.all([backend.listWorkflows(), backend.listWorkflows(), backend.listWorkflows()]);
    expect(server.requests.filter((r) => r.path.endsWith('/version'))).toHaveLength(2);
  });

  it('says what to do when neither API answers', async () => {
    const server = await startTestServer((_req, reply) => reply.text(404, 'nope'));
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
    });
    const error = await backend.probe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFound);
    expect((error as Error).message).toMatch(/No Airflow API at .*check that the URL/);
  });

  it('sends the bearer token to a front door that refuses anonymous probes (§2.1 step 3)', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.headers.authorization !== 'Bearer managed-token') return reply.json(401, { detail: 'login' });
      if (req.path === '/api/v2/version') return reply.json(200, { version: '3.1.0' });
      if (req.path === '/api/v2/dags') return reply.json(200, { dags: [], total_entries: 0 });
      if (req.path === '/api/v2/monitor/health') return reply.json(200, health);
      reply.json(404, { detail: 'Not Found' });
    });
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'token', token: testSecret(['managed-token']) },
    });
    await expect(backend.probe()).resolves.toMatchObject({ apiVersion: 'v2', version: '3.1.0' });
  });

  it('explains a front door when no token is configured', async () => {
    const server = await startTestServer((_req, reply) => reply.json(401, { detail: 'login' }));
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
    });
    const error = await backend.probe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain('front door');
  });
});
