// Successful answers and request encoding: the HttpRequest contract of source/http/types.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from '../../source/http/client.js';
import { json, type LoopbackServer, startServer } from './support/loopbackServer.js';

let server: LoopbackServer;
const http = createHttpClient();
/** What /echo answers; the client returns bodies unchecked, so the test parses them as callers do. */
const Echo = z.object({
  url: z.string(),
  contentType: z.string().nullable(),
  accept: z.string().nullable(),
  body: z.string(),
});

beforeAll(async () => {
  server = await startServer((request, response, body) => {
    const path = (request.url ?? '').split('?')[0];
    if (path === '/json') return json(response, 200, { ok: true, n: 1 }, { 'x-request-id': 'req-42' });
    if (path === '/echo') {
      return json(response, 200, {
        url: request.url,
        contentType: request.headers['content-type'] ?? null,
        accept: request.headers.accept ?? null,
        body,
      });
    }
    if (path === '/text') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      return void response.end('line one\nline two\n');
    }
    if (path === '/ndjson') {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      return void response.end('{"a":1}\n\n{"a":2}\r\n{"a":3}');
    }
    if (path === '/empty') {
      response.writeHead(204);
      return void response.end();
    }
    json(response, 404, { detail: 'no such path' });
  });
});

afterAll(async () => {
  await http.close();
  await server.close();
});

describe('HttpClient success paths (types.ts contract)', () => {
  it('parses JSON and reports headers and the request id', async () => {
    const response = await http.request({ method: 'GET', url: `${server.url}/json` });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, n: 1 });
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.requestId).toBe('req-42');
  });

  it('repeats array query keys and drops undefined values', async () => {
    const response = await http.request({
      method: 'GET',
      url: `${server.url}/echo`,
      query: { state: ['failed', 'running'], limit: 50, only_active: true, cursor: undefined, q: 'a b&c' },
    });
    expect(Echo.parse(response.body).url).toBe(
      '/echo?state=failed&state=running&limit=50&only_active=true&q=a+b%26c',
    );
  });

  it('serialises a JSON body with content-type application/json', async () => {
    const response = await http.request({
      method: 'POST',
      url: `${server.url}/echo`,
      json: { dag_run_id: 'manual__1', conf: {} },
    });
    expect(Echo.parse(response.body).contentType).toBe('application/json');
    expect(JSON.parse(Echo.parse(response.body).body)).toEqual({ dag_run_id: 'manual__1', conf: {} });
    expect(Echo.parse(response.body).accept).toBe('application/json');
  });

  it('serialises a form body as application/x-www-form-urlencoded', async () => {
    const response = await http.request({
      method: 'POST',
      url: `${server.url}/echo`,
      form: { grant_type: 'client_credentials', scope: 'all-apis' },
    });
    expect(Echo.parse(response.body).contentType).toBe('application/x-www-form-urlencoded');
    expect(Echo.parse(response.body).body).toBe('grant_type=client_credentials&scope=all-apis');
  });

  it('returns text as is for accept: text', async () => {
    const response = await http.request({ method: 'GET', url: `${server.url}/text`, accept: 'text' });
    expect(response.body).toBe('line one\nline two\n');
  });

  it('returns one parsed object per non-empty line for accept: ndjson', async () => {
    const response = await http.request({
      method: 'GET',
      url: `${server.url}/ndjson`,
      accept: 'ndjson',
    });
    expect(response.body).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it('sends acceptHeader when given', async () => {
    const response = await http.request({
      method: 'GET',
      url: `${server.url}/echo`,
      acceptHeader: 'application/x-ndjson',
    });
    expect(Echo.parse(response.body).accept).toBe('application/x-ndjson');
  });

  it("the caller's headers replace the defaults whatever their case", async () => {
    const response = await http.request({
      method: 'GET',
      url: `${server.url}/echo`,
      headers: { Accept: 'application/problem+json' },
    });
    expect(Echo.parse(response.body).accept).toBe('application/problem+json');
  });

  it('gives an undefined body for 204', async () => {
    const response = await http.request({ method: 'DELETE', url: `${server.url}/empty` });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
  });
});
