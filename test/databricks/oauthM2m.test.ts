// OAuth M2M token handling (client credentials for a service principal), against a real loopback token server.
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, Forbidden } from '../../source/core/errors.js';
import { createOAuthM2mTokenSource } from '../../source/databricks/auth/createOAuthM2mTokenSource.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createJobsApi } from '../../source/databricks/jobsApi.js';
import { ListJobsResponse } from '../../source/databricks/schemas.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { startTestServer, type TestServer } from './testServer.js';

const DISCOVERY = 'GET /oidc/.well-known/oauth-authorization-server';
const TOKEN = 'POST /oidc/v1/token';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startTokenServer(options: { expiresIn?: number; delayMs?: number } = {}) {
  let issued = 0;
  server = await startTestServer({
    [DISCOVERY]: () => ({
      json: {
        token_endpoint: `${server?.url}/oidc/v1/token`,
        authorization_endpoint: `${server?.url}/oidc/v1/authorize`,
      },
    }),
    [TOKEN]: (request) => {
      const basic = Buffer.from(
        request.headers.authorization?.replace(/^Basic /, '') ?? '',
        'base64',
      ).toString();
      if (basic !== 'sp-client:sp-secret') return { status: 401, json: { error: 'invalid_client' } };
      issued += 1;
      return {
        json: {
          access_token: `access-${issued}`,
          token_type: 'Bearer',
          expires_in: options.expiresIn ?? 3600,
        },
        ...(options.delayMs ? { delayMs: options.delayMs } : {}),
      };
    },
  });
  return server;
}

describe('OAuth M2M token source (§6.3)', () => {
  it('discovers the token endpoint and posts client_credentials with Basic auth and scope all-apis', async () => {
    const tokenServer = await startTokenServer();
    const source = createOAuthM2mTokenSource({
      host: tokenServer.url,
      http: createRecordingHttpClient(),
      clientId: 'sp-client',
      clientSecret: staticSecret('sp-secret', 'test'),
    });
    expect(await source.token()).toBe('access-1');
    expect(tokenServer.hits(DISCOVERY)).toBe(1);
    const post = tokenServer.requests.find((r) => `${r.method} ${r.path}` === TOKEN);
    expect(new URLSearchParams(post?.body)).toEqual(
      new URLSearchParams({ grant_type: 'client_credentials', scope: 'all-apis' }),
    );
    expect(post?.headers['content-type']).toContain('application/x-www-form-urlencoded');
  });

  it('shares one token request among concurrent callers (single flight)', async () => {
    const tokenServer = await startTokenServer({ delayMs: 50 });
    const source = createOAuthM2mTokenSource({
      host: tokenServer.url,
      http: createRecordingHttpClient(),
      clientId: 'sp-client',
      clientSecret: staticSecret('sp-secret', 'test'),
    });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => source.token()));
    expect(new Set(tokens)).toEqual(new Set(['access-1']));
    expect(tokenServer.hits(TOKEN)).toBe(1);
    expect(tokenServer.hits(DISCOVERY)).toBe(1);
  });

  it('caches the token, then refreshes it about a minute before expiry, once for concurrent callers', async () => {
    const tokenServer = await startTokenServer({ expiresIn: 3600, delayMs: 20 });
    let now = 1_000_000;
    const source = createOAuthM2mTokenSource({
      host: tokenServer.url,
      http: createRecordingHttpClient(),
      clientId: 'sp-client',
      clientSecret: staticSecret('sp-secret', 'test'),
      now: () => now,
    });
    expect(await source.token()).toBe('access-1');
    now += 3600_000 - 61_000; // 61 s left: still good
    expect(await source.token()).toBe('access-1');
    expect(tokenServer.hits(TOKEN)).toBe(1);
    now += 2_000; // 59 s left: replaced before the server would reject it
    const refreshed = await Promise.all([source.token(), source.token(), source.token()]);
    expect(refreshed).toEqual(['access-2', 'access-2', 'access-2']);
    expect(tokenServer.hits(TOKEN)).toBe(2);
    expect(tokenServer.hits(DISCOVERY)).toBe(1);
  });

  it('falls back to /oidc/v1/token when discovery is not served', async () => {
    server = await startTestServer({
      [TOKEN]: () => ({ json: { access_token: 'fallback', token_type: 'Bearer', expires_in: 3600 } }),
    });
    const source = createOAuthM2mTokenSource({
      host: server.url,
      http: createRecordingHttpClient(),
      clientId: 'sp-client',
      clientSecret: staticSecret('sp-secret', 'test'),
    });
    expect(await source.token()).toBe('fallback');
  });

  it('reports a refused client as an AuthError that names the client but never the secret', async () => {
    const tokenServer = await startTokenServer();
    const source = createOAuthM2mTokenSource({
      host: tokenServer.url,
      http: createRecordingHttpClient(),
      clientId: 'sp-client',
      clientSecret: staticSecret('wrong-secret-value', 'env DATABRICKS_CLIENT_SECRET'),
    });
    const error = await source.token().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain('sp-client');
    expect((error as AuthError).message).toContain('env DATABRICKS_CLIENT_SECRET');
    expect((error as AuthError).message).not.toContain('wrong-secret-value');
  });

  it('re-fetches the token once after a 401 from the API, then carries on', async () => {
    let rejectedOnce = false;
    const tokenServer = await startTokenServer();
    const routes = tokenServer;
    // The API rejects access-1 (expired server-side) and accepts access-2.
    const api = await startTestServer({
      [DISCOVERY]: () => ({ json: { token_endpoint: `${routes.url}/oidc/v1/token` } }),
      'GET /api/2.2/jobs/list': (request) => {
        if (request.headers.authorization === 'Bearer access-1') {
          rejectedOnce = true;
          return { status: 401, json: { error_code: 'UNAUTHENTICATED', message: 'Token expired' } };
        }
        return { json: { jobs: [], has_more: false } };
      },
    });
    try {
      const http = createRecordingHttpClient();
      const tokens = createOAuthM2mTokenSource({
        host: api.url,
        http,
        clientId: 'sp-client',
        clientSecret: staticSecret('sp-secret', 'test'),
      });
      const jobs = createJobsApi({ host: api.url, http, tokens });
      const response = await jobs.get('jobs/list', { limit: 1 }, ListJobsResponse);
      expect(response.has_more).toBe(false);
      expect(rejectedOnce).toBe(true);
      expect(tokenServer.hits(TOKEN)).toBe(2);
    } finally {
      await api.close();
    }
  });

  it('treats the 403 "Invalid access token." like a 401, but not a permission 403 (§7.2)', async () => {
    const tokenServer = await startTokenServer();
    const api = await startTestServer({
      [DISCOVERY]: () => ({ json: { token_endpoint: `${tokenServer.url}/oidc/v1/token` } }),
      'GET /api/2.2/jobs/list': (request) =>
        request.headers.authorization === 'Bearer access-1'
          ? { status: 403, json: { error_code: 403, message: 'Invalid access token.' } }
          : { json: { jobs: [] } },
      'GET /api/2.2/jobs/get': () => ({
        status: 403,
        json: { error_code: 'PERMISSION_DENIED', message: 'User x does not have View permissions on job 1' },
      }),
    });
    try {
      const http = createRecordingHttpClient();
      const tokens = createOAuthM2mTokenSource({
        host: api.url,
        http,
        clientId: 'sp-client',
        clientSecret: staticSecret('sp-secret', 'test'),
      });
      const jobs = createJobsApi({ host: api.url, http, tokens });
      await jobs.get('jobs/list', {}, ListJobsResponse);
      expect(tokenServer.hits(TOKEN)).toBe(2);
      await expect(jobs.get('jobs/get', { job_id: 1 }, ListJobsResponse)).rejects.toBeInstanceOf(Forbidden);
      expect(api.hits('GET /api/2.2/jobs/get')).toBe(1);
      expect(tokenServer.hits(TOKEN)).toBe(2);
    } finally {
      await api.close();
    }
  });

  it('gives up with an AuthError after the second 401 instead of looping', async () => {
    const tokenServer = await startTokenServer();
    const api = await startTestServer({
      [DISCOVERY]: () => ({ json: { token_endpoint: `${tokenServer.url}/oidc/v1/token` } }),
      'GET /api/2.2/jobs/list': () => ({
        status: 401,
        json: { error_code: 'UNAUTHENTICATED', message: 'no' },
      }),
    });
    try {
      const http = createRecordingHttpClient();
      const tokens = createOAuthM2mTokenSource({
        host: api.url,
        http,
        clientId: 'sp-client',
        clientSecret: staticSecret('sp-secret', 'test'),
      });
      const jobs = createJobsApi({ host: api.url, http, tokens });
      await expect(jobs.get('jobs/list', {}, ListJobsResponse)).rejects.toBeInstanceOf(AuthError);
      expect(api.hits('GET /api/2.2/jobs/list')).toBe(2);
      expect(tokenServer.hits(TOKEN)).toBe(2);
    } finally {
      await api.close();
    }
  });
});
