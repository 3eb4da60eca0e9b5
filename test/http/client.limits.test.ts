// Cancellation, timeouts (a server that stalls must not hang the console), the size cap and the
// per-host limits (a few requests in flight per host, the rest queued). Timeouts are configured
// tiny so the stalls end quickly; no assertion is made on how long anything took.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadResponse, isAbortError, Timeout } from '../../source/core/errors.js';
import { createHttpClient } from '../../source/http/client.js';
import { waitFor } from '../support/wait.js';
import { json, type LoopbackServer, startServer } from './support/loopbackServer.js';

let server: LoopbackServer;
let maxActive = 0;
/** `/slow` requests the server holds until the test releases them (no timer decides the overlap). */
const held: Array<() => void> = [];

beforeAll(async () => {
  server = await startServer(async (request, response) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (path === '/never') return; // accepts the request, never answers
    if (path === '/stall-body') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"partial":');
      return;
    }
    if (path === '/big') {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = `"${'x'.repeat(1022)}",`;
      response.write('[');
      for (let i = 0; i < 64; i++) response.write(chunk);
      response.end('"end"]');
      return;
    }
    if (path === '/big-declared') {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(10 * 1024 * 1024),
      });
      response.write('[');
      return;
    }
    if (path === '/busy') return json(response, 503, { detail: 'busy' }, { 'retry-after': '5' });
    if (path === '/slow') {
      await new Promise<void>((release) => {
        held.push(release);
        maxActive = Math.max(maxActive, held.length);
      });
      return json(response, 200, { ok: true });
    }
    json(response, 200, { ok: true });
  });
});

afterAll(async () => {
  await server.close();
});

describe('cancellation (security-reliability.md §2.2)', () => {
  it('an aborted signal rejects with an AbortError, sent once, never mapped to Timeout', async () => {
    const http = createHttpClient();
    const controller = new AbortController();
    const pending = http.request({ method: 'GET', url: `${server.url}/never`, signal: controller.signal });
    // Abort once the server holds the request (a fixed delay could fire before it arrives under load).
    await waitFor(() => expect(server.hits.some((hit) => hit.url === '/never')).toBe(true));
    controller.abort();
    const error = await pending.catch((e) => e);
    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(Timeout);
    expect(server.hits.filter((hit) => hit.url === '/never')).toHaveLength(1);
    await http.close();
  });

  it('an abort during the wait before a retry ends it at once with an AbortError', async () => {
    // The server asks for a 5 s pause; the real (default) sleep must give way to the abort.
    const http = createHttpClient({ retry: { maxDelayMs: 10_000 } });
    const controller = new AbortController();
    const pending = http.request({ method: 'GET', url: `${server.url}/busy`, signal: controller.signal });
    // Abort during the 5 s pause the first answer asked for, once that answer has come.
    await waitFor(() => expect(server.hits.some((hit) => hit.url === '/busy')).toBe(true));
    controller.abort();
    const error = await pending.catch((e) => e);
    expect(isAbortError(error)).toBe(true);
    expect(server.hits.filter((hit) => hit.url === '/busy')).toHaveLength(1);
    await http.close();
  });

  it('a signal already aborted sends nothing', async () => {
    const http = createHttpClient();
    const before = server.hits.length;
    const error = await http
      .request({ method: 'GET', url: `${server.url}/ok`, signal: AbortSignal.abort() })
      .catch((e) => e);
    expect(isAbortError(error)).toBe(true);
    expect(server.hits.length).toBe(before);
    await http.close();
  });
});

describe('timeouts (security-reliability.md §6.2 F1)', () => {
  it('a plain POST whose headers time out is not re-sent', async () => {
    const http = createHttpClient({ timeouts: { headersMs: 100 } });
    const before = server.hits.filter((hit) => hit.url === '/never').length;
    const error = await http
      .request({ method: 'POST', url: `${server.url}/never`, json: {} })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Timeout);
    expect(server.hits.filter((hit) => hit.url === '/never').length - before).toBe(1);
    await http.close();
  });

  it('stalled headers hit the configured headers timeout and become Timeout', async () => {
    const http = createHttpClient({ timeouts: { headersMs: 100 }, retry: { maxAttempts: 1 } });
    const error = await http
      .request({ method: 'GET', url: `${server.url}/never`, service: 'Airflow' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Timeout);
    expect(error.message).toContain('Airflow GET /never timed out waiting for the response headers');
    await http.close();
  });

  it('a stalled body hits the body timeout; an idempotent GET is retried first', async () => {
    const http = createHttpClient({
      timeouts: { bodyMs: 100 },
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const before = server.hits.filter((hit) => hit.url === '/stall-body').length;
    const error = await http.request({ method: 'GET', url: `${server.url}/stall-body` }).catch((e) => e);
    expect(error).toBeInstanceOf(Timeout);
    expect(error.message).toContain('waiting for the response body');
    expect(server.hits.filter((hit) => hit.url === '/stall-body').length - before).toBe(2);
    await http.close();
  });

  it('the request timeoutMs bounds the whole call and is not retried', async () => {
    const http = createHttpClient();
    const before = server.hits.filter((hit) => hit.url === '/never').length;
    const error = await http
      .request({ method: 'GET', url: `${server.url}/never`, timeoutMs: 80 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Timeout);
    expect(error.message).toContain('did not finish within 0.08s');
    expect(server.hits.filter((hit) => hit.url === '/never').length - before).toBe(1);
    await http.close();
  });
});

describe('response size cap (security-reliability.md §2.2)', () => {
  it('a streamed body over the cap is cut and reported as BadResponse', async () => {
    const http = createHttpClient({ maxResponseBytes: 16 * 1024 });
    const error = await http.request({ method: 'GET', url: `${server.url}/big` }).catch((e) => e);
    expect(error).toBeInstanceOf(BadResponse);
    expect(error.message).toContain('answered with more than');
    await http.close();
  });

  it('a declared content-length over the cap is refused before reading', async () => {
    const http = createHttpClient({ maxResponseBytes: 1024 * 1024 });
    const error = await http.request({ method: 'GET', url: `${server.url}/big-declared` }).catch((e) => e);
    expect(error).toBeInstanceOf(BadResponse);
    expect(error.message).toContain('more than 1 MiB');
    await http.close();
  });

  it('the same body under the cap is read', async () => {
    const http = createHttpClient({ maxResponseBytes: 1024 * 1024 });
    const response = await http.request({ method: 'GET', url: `${server.url}/big` });
    expect(response.body).toHaveLength(65);
    await http.close();
  });
});

describe('per-host limits (security-reliability.md §6.3 L1)', () => {
  it('queues requests beyond maxConcurrentPerHost', async () => {
    const http = createHttpClient({ maxConcurrentPerHost: 2 });
    maxActive = 0;
    const all = Array.from({ length: 8 }, () => http.request({ method: 'GET', url: `${server.url}/slow` }));
    // Eight sent at once: the server holds two; each one released lets exactly one queued in.
    for (let served = 0; served < 8; served++) {
      const holding = Math.min(2, 8 - served);
      await waitFor(() => expect(held.length).toBe(holding));
      held.shift()?.();
    }
    await Promise.all(all);
    expect(maxActive).toBe(2);
    await http.close();
  });

  it('spaces requests to the per-host budget (token bucket on an injected clock)', async () => {
    let clock = 0;
    const waits: number[] = [];
    const http = createHttpClient({
      requestBudgetPerHost: { ratePerSecond: 2, burst: 2 },
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    for (let i = 0; i < 5; i++) await http.request({ method: 'GET', url: `${server.url}/ok` });
    // Two from the burst, then one every 500 ms.
    expect(waits).toEqual([500, 500, 500]);
    expect(clock).toBe(1500);
    await http.close();
  });
});
