// Error mapping: every failure becomes a typed error with a one-line message naming the service,
// method and path (issue 2 item 3), whatever the server sent: HTML, empty bodies, echoed secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  BadResponse,
  Conflict,
  type DagdeckError,
  Forbidden,
  InvalidRequest,
  NotFound,
  RateLimited,
  Unavailable,
} from '../../source/core/errors.js';
import { createHttpClient } from '../../source/http/client.js';
import { excerptOf } from '../../source/http/mapHttpError.js';
import type { HttpRequest } from '../../source/http/types.js';
import { json, type LoopbackServer, startServer } from './support/loopbackServer.js';

const TOKEN = 'dagdeck-test-token-0123456789abcdef';
const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

let server: LoopbackServer;
const debugLines: string[] = [];
// One attempt: these tests are about mapping, not retrying.
const http = createHttpClient({
  retry: { maxAttempts: 1 },
  secrets: () => [TOKEN],
  debug: (l) => debugLines.push(l),
});

beforeAll(async () => {
  server = await startServer((request, response, body) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const status = /^\/status\/(\d+)$/.exec(path);
    if (status) {
      return json(
        response,
        Number(status[1]),
        { type: 'about:blank', title: 'Problem', detail: `problem ${status[1]}`, status: Number(status[1]) },
        { 'x-request-id': 'abc-123' },
      );
    }
    if (path === '/databricks') {
      return json(
        response,
        400,
        { error_code: 'INVALID_PARAMETER_VALUE', message: 'Job 42 does not exist.' },
        { 'x-databricks-request-id': 'dbx-9' },
      );
    }
    if (path === '/html502') {
      response.writeHead(502, { 'content-type': 'text/html' });
      return void response.end(NGINX_502);
    }
    if (path === '/html200') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      return void response.end('<!DOCTYPE html><html><head><title>Sign in</title></head></html>');
    }
    if (path === '/login-redirect') {
      response.writeHead(302, { location: 'https://sso.example.test/oauth2/authorize?state=xyz&token=leak' });
      return void response.end();
    }
    if (path === '/moved') {
      response.writeHead(301, { location: '/elsewhere/api' });
      return void response.end();
    }
    if (path === '/malformed') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end(`{"dags": [1, 2, ${TOKEN}`);
    }
    if (path === '/echo-token') {
      // A server that echoes the Authorization header back in its error: the token must not reach the message.
      return json(response, 401, { detail: `Invalid token: ${request.headers.authorization ?? ''}` });
    }
    if (path === '/escape') {
      // A hostile server trying to retitle the terminal and move the cursor: the message must be inert text.
      return json(response, 400, { detail: 'bad \u001b]0;pwned\u0007value\u001b[2J here' });
    }
    if (path === '/echo-body') return json(response, 422, { detail: `cannot use ${body}` });
    if (path === '/bad-ndjson') {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      return void response.end('{"a":1}\nnot json\n');
    }
    json(response, 404, { detail: 'no route' });
  });
});

afterAll(async () => {
  await http.close();
  await server.close();
});

async function failure(request: Omit<HttpRequest, 'method'> & { method?: HttpRequest['method'] }) {
  try {
    await http.request({ method: 'GET', ...request });
  } catch (error) {
    return error as DagdeckError;
  }
  throw new Error('the request should have failed');
}

describe('status → typed error (security-reliability.md §6.1 B9)', () => {
  it.each([
    [401, AuthError],
    [403, Forbidden],
    [404, NotFound],
    [409, Conflict],
    [400, InvalidRequest],
    [422, InvalidRequest],
    [429, RateLimited],
    [500, Unavailable],
    [503, Unavailable],
  ])('HTTP %i becomes %o with one line naming service, method and path', async (status, type) => {
    const error = await failure({
      url: `${server.url}/status/${status}?token=secret-query-value`,
      service: 'Airflow',
    });
    expect(error).toBeInstanceOf(type);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe('abc-123');
    expect(error.message).toContain(`Airflow GET /status/${status} `);
    expect(error.message).toContain(`"problem ${status}"`);
    expect(error.message).not.toContain('secret-query-value');
    expect(error.oneLine()).not.toContain('\n');
    // The excerpt keeps the JSON so backends can read problem+json fields themselves.
    expect(JSON.parse(error.bodyExcerpt ?? '')).toMatchObject({ detail: `problem ${status}` });
  });

  it('uses the host when no service is named, and Databricks error_code + message', async () => {
    const error = await failure({ url: `${server.url}/databricks` });
    expect(error).toBeInstanceOf(InvalidRequest);
    expect(error.message).toContain(`127.0.0.1:${server.port} GET /databricks`);
    expect(error.message).toContain('INVALID_PARAMETER_VALUE: Job 42 does not exist.');
    expect(error.requestId).toBe('dbx-9');
  });
});

describe('non-JSON answers (security-reliability.md §2.6, §2.7, §6.1 B8)', () => {
  it('an HTML 502 page from a proxy becomes Unavailable with the page title, not a parse crash', async () => {
    const error = await failure({ url: `${server.url}/html502`, service: 'Airflow' });
    expect(error).toBeInstanceOf(Unavailable);
    expect(error.message).toBe(
      'Airflow GET /html502 answered with an HTML page (HTTP 502 Bad Gateway: 502 Bad Gateway) — a proxy or load balancer is in the way or the server is down',
    );
  });

  it('an HTML page with a 200 where JSON was expected becomes BadResponse', async () => {
    const error = await failure({ url: `${server.url}/html200`, service: 'Airflow' });
    expect(error).toBeInstanceOf(BadResponse);
    expect(error.message).toContain('answered with an HTML page (HTTP 200 OK: Sign in)');
  });

  it('a redirect to a login page is reported as an auth proxy, without following it', async () => {
    const error = await failure({ url: `${server.url}/login-redirect`, service: 'Airflow' });
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(302);
    expect(error.message).toBe(
      'Airflow GET /login-redirect was redirected to a login page (sso.example.test/oauth2/authorize): an auth proxy is in front of the API; use its token or the direct URL',
    );
    expect(error.message).not.toContain('leak');
  });

  it('another redirect is not followed either', async () => {
    const error = await failure({ url: `${server.url}/moved`, service: 'Airflow' });
    expect(error).toBeInstanceOf(BadResponse);
    expect(error.message).toContain(
      `redirected (HTTP 301 Moved Permanently) to 127.0.0.1:${server.port}/elsewhere/api`,
    );
    expect(server.hits.some((hit) => hit.url.startsWith('/elsewhere'))).toBe(false);
  });

  it('malformed JSON becomes BadResponse with a redacted excerpt', async () => {
    const error = await failure({ url: `${server.url}/malformed`, service: 'Databricks' });
    expect(error).toBeInstanceOf(BadResponse);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error.message).toMatch(/^Databricks GET \/malformed answered with malformed JSON/);
    expect(error.bodyExcerpt).toContain('{"dags": [1, 2,');
    expect(`${error.message} ${error.bodyExcerpt}`).not.toContain(TOKEN);
  });

  it('a malformed NDJSON line names its line number', async () => {
    const error = await failure({ url: `${server.url}/bad-ndjson`, accept: 'ndjson' });
    expect(error).toBeInstanceOf(BadResponse);
    expect(error.message).toContain('line 2');
  });
});

describe('redaction (security-reliability.md §3.5, §6.1 B10)', () => {
  it('a bearer token echoed in an error body appears in no message, excerpt or debug line', async () => {
    debugLines.length = 0;
    const error = await failure({
      url: `${server.url}/echo-token`,
      headers: { authorization: `Bearer ${TOKEN}` },
      service: 'Airflow',
    });
    expect(error).toBeInstanceOf(AuthError);
    expect(server.hits.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(error.message).toContain('Invalid token');
    const everything = [error.message, error.bodyExcerpt ?? '', error.oneLine(), ...debugLines].join('\n');
    expect(debugLines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(TOKEN.slice(8, 28));
  });
});

describe('redaction without registration (security-reliability.md §3.5)', () => {
  it("the request's own Authorization value is redacted even when no secret was registered", async () => {
    const bare = createHttpClient({ retry: { maxAttempts: 1 } });
    const token = 'unregistered-opaque-credential-9f8e7d6c';
    const error = await bare
      .request({
        method: 'GET',
        url: `${server.url}/echo-token`,
        headers: { Authorization: `Token ${token}` },
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(`${error.message} ${error.bodyExcerpt}`).not.toContain(token);
    expect(error.message).toContain('Invalid token');
    await bare.close();
  });

  it('a password sent in a JSON body (Airflow 3 /auth/token) is redacted when echoed back', async () => {
    const bare = createHttpClient({ retry: { maxAttempts: 1 } });
    const error = await bare
      .request({
        method: 'POST',
        url: `${server.url}/echo-body`,
        json: { username: 'admin', password: 'pw-not-registered-1234' },
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidRequest);
    expect(`${error.message} ${error.bodyExcerpt}`).not.toContain('pw-not-registered-1234');
    expect(error.bodyExcerpt).toContain('admin');
    await bare.close();
  });

  it('a bearer credential echoed in prose is redacted, ordinary prose is kept', () => {
    expect(excerptOf('Invalid token: Bearer a1b2c3d4e5f6g7h8', [])).toBe('Invalid token: Bearer «redacted»');
    expect(excerptOf('Basic authentication is disabled', [])).toBe('Basic authentication is disabled');
  });
});

describe('terminal safety (security-reliability.md §4.4)', () => {
  it('escape sequences in an error body reach neither the message nor the excerpt', async () => {
    const error = await failure({ url: `${server.url}/escape` });
    expect(error).toBeInstanceOf(InvalidRequest);
    expect(error.message).toContain('"bad value here"');
    expect(`${error.message}${error.bodyExcerpt}`).not.toMatch(/[\u001b\u0007]/);
  });
});

describe('transport failures', () => {
  it('a refused connection becomes Unavailable with a hint', async () => {
    const closed = await startServer(() => {});
    const url = `${closed.url}/api/v1/dags`;
    await closed.close();
    const error = await failure({ url, service: 'Airflow' });
    expect(error).toBeInstanceOf(Unavailable);
    expect(error.message).toContain('Airflow GET /api/v1/dags failed');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('is the URL right? is the server up?');
  });
});
