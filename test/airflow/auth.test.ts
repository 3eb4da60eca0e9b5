// Authentication (v2 JWT from /auth/token, v1 HTTP Basic or a static token): the v2 JWT is cached
// until a minute before exp, fetched anew exactly once after a 401, and a static token's provider
// is invalidated once.
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import { AuthError } from '../../source/core/errors.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { startTestServer, type TestServer } from './support/startTestServer.js';
import { fakeJwt, testSecret } from './support/testSecret.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A v2 server that issues numbered JWTs and accepts only those listed in `valid`. */
async function jwtServer(options: { password: string; exp: () => number }) {
  let issued = 0;
  const valid = new Set<string>();
  const server = await startTestServer((req, reply) => {
    if (req.path === '/api/v2/version') return reply.json(200, { version: '3.2.1' });
    if (req.path === '/auth/token') {
      const body = req.body as { username?: string; password?: string };
      if (body.password !== options.password) return reply.json(401, { detail: 'Invalid credentials' });
      issued++;
      const token = fakeJwt({ sub: body.username, n: issued, exp: options.exp() });
      valid.add(token);
      return reply.json(201, { access_token: token });
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!valid.has(token)) return reply.json(401, { detail: 'Token Expired' });
    if (req.path === '/api/v2/dags') {
      return reply.json(200, { dags: [{ dag_id: 'd1', is_paused: false }], total_entries: 1 });
    }
    reply.json(404, { detail: 'Not Found' });
  });
  servers.push(server);
  const tokenPosts = () => server.requests.filter((r) => r.path === '/auth/token').length;
  return { server, valid, tokenPosts, issued: () => issued };
}

describe('Airflow 3 JWT (§3.2)', () => {
  it('reuses one token for many calls and fetches it once for concurrent first calls', async () => {
    const now = Date.now();
    const { tokenPosts, server } = await jwtServer({
      password: 'pw',
      exp: () => Math.floor(now / 1000) + 3600,
    });
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'ops', password: testSecret(['pw']) },
      now: () => now,
    });
    await Promise.all([backend.listWorkflows(), backend.listWorkflows()]);
    await backend.listWorkflows();
    expect(tokenPosts()).toBe(1);
  });

  it('after a 401 fetches a new token exactly once and retries the request once', async () => {
    const now = Date.now();
    const { tokenPosts, server, valid } = await jwtServer({
      password: 'pw',
      exp: () => Math.floor(now / 1000) + 3600,
    });
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'ops', password: testSecret(['pw']) },
      now: () => now,
    });
    await backend.listWorkflows();
    // The server forgets every token (a restart with a new jwt_secret, a revocation).
    valid.clear();
    const dags = await backend.listWorkflows();
    expect(dags.map((d) => d.id)).toEqual(['d1']);
    expect(tokenPosts()).toBe(2);
    expect(server.requests.filter((r) => r.path === '/api/v2/dags')).toHaveLength(3);
  });

  it('gives up with an AuthError after one renewal when every token is refused', async () => {
    const now = Date.now();
    const { tokenPosts, server, valid } = await jwtServer({
      password: 'pw',
      exp: () => Math.floor(now / 1000) + 3600,
    });
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'ops', password: testSecret(['pw']) },
      now: () => now,
    });
    const original = valid.add.bind(valid);
    // Tokens are issued but never accepted.
    valid.add = (value: string) => {
      original(`${value}-never`);
      return valid;
    };
    const error = await backend.listWorkflows().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(tokenPosts()).toBe(2);
    expect(server.requests.filter((r) => r.path === '/api/v2/dags')).toHaveLength(2);
  });

  it('carries on when the token expires mid-session: renewed a minute before exp, no failed call', async () => {
    let clock = Date.now();
    const { tokenPosts, server, valid } = await jwtServer({
      password: 'pw',
      exp: () => Math.floor(clock / 1000) + 600,
    });
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'ops', password: testSecret(['pw']) },
      now: () => clock,
    });
    await backend.listWorkflows();
    clock += 5 * 60_000;
    await backend.listWorkflows();
    expect(tokenPosts()).toBe(1);
    // 9m30s after issue: inside the one-minute margin; the server would now say "Token Expired".
    clock += 4.5 * 60_000;
    valid.clear();
    await expect(backend.listWorkflows()).resolves.toHaveLength(1);
    expect(tokenPosts()).toBe(2);
    // Renewed before the call, so no request was refused.
    expect(server.requests.filter((r) => r.path === '/api/v2/dags')).toHaveLength(3);
  });

  it('rejects a wrong password with what to do, and never shows the password', async () => {
    const { server, tokenPosts } = await jwtServer({ password: 'right', exp: () => 4_000_000_000 });
    const password = testSecret(['wrong-pw-123'], 'keychain');
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'ops', password },
    });
    const error = await backend.listWorkflows().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const message = (error as Error).message;
    expect(message).toContain('rejected the password of user "ops" (from keychain)');
    expect(message).toContain('dagdeck login');
    expect(message).not.toContain('wrong-pw-123');
    // The password is resolved once more (a keychain entry may have changed), then we stop.
    expect(password.invalidations).toBe(1);
    expect(tokenPosts()).toBe(2);
  });
});

describe('static bearer token (§3.3)', () => {
  it('invalidates the token provider once after a 401 and carries on with the new token', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.path === '/api/v1/version') return reply.json(200, { version: '2.10.5' });
      if (req.headers.authorization !== 'Bearer fresh') return reply.json(401, { title: 'Unauthorized' });
      if (req.path === '/api/v1/dags') return reply.json(200, { dags: [{ dag_id: 'a' }], total_entries: 1 });
      reply.json(404, { title: 'Not Found' });
    });
    servers.push(server);
    const token = testSecret(['stale', 'fresh'], 'token command vault');
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'token', token },
    });
    await expect(backend.listWorkflows()).resolves.toHaveLength(1);
    expect(token.invalidations).toBe(1);
  });

  it('stops after one invalidation and names the token source', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.path === '/api/v1/version') return reply.json(200, { version: '2.10.5' });
      reply.json(401, { title: 'Unauthorized' });
    });
    servers.push(server);
    const token = testSecret(['bad-1', 'bad-2', 'bad-3'], 'env DAGDECK_AIRFLOW_TOKEN');
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'token', token },
    });
    const error = await backend.listWorkflows().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain('(from env DAGDECK_AIRFLOW_TOKEN)');
    expect(token.invalidations).toBe(1);
  });
});
