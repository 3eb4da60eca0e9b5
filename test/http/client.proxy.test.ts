// Proxies from the environment (corporate networks reach Airflow through one): a loopback forward proxy
// receives absolute-form requests when HTTP_PROXY is set, and NO_PROXY bypasses it. The variables
// are given through the client's env option, so the test never touches process.env.
import { request as forward } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Unavailable } from '../../source/core/errors.js';
import { createHttpClient } from '../../source/http/client.js';
import { json, type LoopbackServer, startServer } from './support/loopbackServer.js';

let origin: LoopbackServer;
let proxy: LoopbackServer;

beforeAll(async () => {
  origin = await startServer((request, response) =>
    json(response, 200, { via: request.headers.via ?? null }),
  );
  // A minimal forward proxy: absolute-form request line in, plain request to the origin out.
  proxy = await startServer((request, response, body) => {
    const target = new URL(request.url ?? '');
    const upstream = forward(
      target,
      { method: request.method, headers: { ...request.headers, host: target.host, via: '1.1 test-proxy' } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    upstream.end(body);
  });
});

afterAll(async () => {
  await origin.close();
  await proxy.close();
});

describe('EnvHttpProxyAgent (security-reliability.md §2.1)', () => {
  it('sends requests through HTTP_PROXY as absolute-form requests', async () => {
    const http = createHttpClient({ env: { HTTP_PROXY: proxy.url } });
    const response = await http.request({
      method: 'GET',
      url: `${origin.url}/api/v1/dags?limit=1`,
    });
    expect(response.body).toEqual({ via: '1.1 test-proxy' });
    expect(proxy.hits.at(-1)?.url).toBe(`${origin.url}/api/v1/dags?limit=1`);
    await http.close();
  });

  it('lowercase http_proxy is honoured too', async () => {
    const http = createHttpClient({ env: { http_proxy: proxy.url } });
    const before = proxy.hits.length;
    await http.request({ method: 'GET', url: `${origin.url}/lower` });
    expect(proxy.hits.length).toBe(before + 1);
    await http.close();
  });

  it('NO_PROXY bypasses the proxy for a matching host', async () => {
    const http = createHttpClient({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } });
    const before = proxy.hits.length;
    const response = await http.request({
      method: 'GET',
      url: `${origin.url}/direct`,
    });
    expect(response.body).toEqual({ via: null });
    expect(proxy.hits.length).toBe(before);
    await http.close();
  });

  it('without proxy variables the request goes direct', async () => {
    const http = createHttpClient({ env: {} });
    const before = proxy.hits.length;
    await http.request({ method: 'GET', url: `${origin.url}/plain` });
    expect(proxy.hits.length).toBe(before);
    await http.close();
  });

  it('a proxy that is down is reported as Unavailable with the proxy password redacted', async () => {
    const dead = await startServer(() => {});
    const port = dead.port;
    await dead.close();
    const http = createHttpClient({
      env: { HTTP_PROXY: `http://ops:hunter2-proxy-pass@127.0.0.1:${port}` },
      secrets: () => ['hunter2-proxy-pass'],
      retry: { maxAttempts: 1 },
    });
    const error = await http
      .request({ method: 'GET', url: `${origin.url}/x`, service: 'Airflow' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Unavailable);
    expect(error.message).toContain(`the proxy 127.0.0.1:${port} refused the connection (ECONNREFUSED)`);
    expect(error.message).not.toContain('hunter2');
    await http.close();
  });
});
