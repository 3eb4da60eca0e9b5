// Retries: only idempotent requests are re-sent (a re-sent write could act twice),
// with full-jitter backoff and Retry-After honoured in both forms. The client's sleep is injected
// and records the waits, so nothing here depends on the wall clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimited, Unavailable } from '../../source/core/errors.js';
import { createHttpClient } from '../../source/http/client.js';
import { backoffDelay, DEFAULT_RETRY } from '../../source/http/retryPolicy.js';
import { json, type LoopbackServer, recordingSleep, startServer } from './support/loopbackServer.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
let server: LoopbackServer;
/** Per path, the answers to give in order; the last one repeats. */
const scripts = new Map<string, Array<'reset' | 'ok' | { status: number; retryAfter?: string }>>();
const counts = new Map<string, number>();

beforeAll(async () => {
  server = await startServer((request, response) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    const script = scripts.get(path) ?? ['ok'];
    const step = script[Math.min(n, script.length) - 1] ?? 'ok';
    if (step === 'reset') return void request.socket.destroy();
    if (step === 'ok') return json(response, 200, { attempt: n });
    json(
      response,
      step.status,
      { detail: `status ${step.status}` },
      step.retryAfter ? { 'retry-after': step.retryAfter } : {},
    );
  });
});

afterAll(async () => {
  await server.close();
});

function client(random = () => 0.5) {
  const recorded = recordingSleep();
  const http = createHttpClient({
    sleep: recorded.sleep,
    random,
    now: () => NOW,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5000 },
  });
  return { http, waits: recorded.waits };
}

function hitsOf(path: string): number {
  return counts.get(path) ?? 0;
}

describe('Retry-After (RFC 9110 §10.2.3; security-reliability.md §2.4)', () => {
  it('waits the delta-seconds a 429 asks for, then succeeds', async () => {
    scripts.set('/ra-seconds', [{ status: 429, retryAfter: '2' }, 'ok']);
    const { http, waits } = client();
    const response = await http.request({ method: 'GET', url: `${server.url}/ra-seconds` });
    expect(response.body).toEqual({ attempt: 2 });
    expect(waits).toEqual([2000]);
    await http.close();
  });

  it('waits until the HTTP-date a 503 gives, then succeeds', async () => {
    scripts.set('/ra-date', [{ status: 503, retryAfter: new Date(NOW + 3000).toUTCString() }, 'ok']);
    const { http, waits } = client();
    await http.request({ method: 'GET', url: `${server.url}/ra-date` });
    expect(waits).toEqual([3000]);
    expect(hitsOf('/ra-date')).toBe(2);
    await http.close();
  });

  it('gives up at once with RateLimited carrying retryAfterMs when Retry-After exceeds the cap', async () => {
    scripts.set('/ra-long', [{ status: 429, retryAfter: '3600' }]);
    const { http, waits } = client();
    const error = await http
      .request({ method: 'GET', url: `${server.url}/ra-long`, service: 'Databricks' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterMs).toBe(3_600_000);
    expect((error as RateLimited).message).toContain('rate-limited until 13:00:00 UTC');
    expect(waits).toEqual([]);
    expect(hitsOf('/ra-long')).toBe(1);
    await http.close();
  });
});

describe('backoff with full jitter (AWS "Exponential Backoff and Jitter"; §2.4)', () => {
  it('draws each wait uniformly below min(cap, base·2^n)', () => {
    const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, options, () => 0)).toBe(0);
    expect(backoffDelay(1, options, () => 0.999)).toBe(99);
    expect(backoffDelay(3, options, () => 0.999)).toBe(399);
    expect(backoffDelay(10, options, () => 0.999)).toBe(999);
  });

  it('retries 502/504 on a GET with jittered waits, up to maxAttempts', async () => {
    scripts.set('/gateway', [{ status: 502 }, { status: 504 }, { status: 502 }]);
    const { http, waits } = client(() => 0.5);
    const error = await http.request({ method: 'GET', url: `${server.url}/gateway` }).catch((e) => e);
    expect(error).toBeInstanceOf(Unavailable);
    expect(error.status).toBe(502);
    expect(hitsOf('/gateway')).toBe(3);
    expect(waits).toEqual([50, 100]);
    await http.close();
  });

  it('does not retry a 500 (a bug or a half-done write, not an overload)', async () => {
    scripts.set('/boom', [{ status: 500 }, 'ok']);
    const { http } = client();
    await expect(http.request({ method: 'GET', url: `${server.url}/boom` })).rejects.toBeInstanceOf(
      Unavailable,
    );
    expect(hitsOf('/boom')).toBe(1);
    await http.close();
  });
});

describe('no blind re-send of writes (security-reliability.md §2.4, §6.2 F2)', () => {
  it('a plain POST is not re-sent after a 503', async () => {
    scripts.set('/post-503', [{ status: 503, retryAfter: '1' }, 'ok']);
    const { http, waits } = client();
    await expect(
      http.request({ method: 'POST', url: `${server.url}/post-503`, json: {} }),
    ).rejects.toBeInstanceOf(Unavailable);
    expect(hitsOf('/post-503')).toBe(1);
    expect(waits).toEqual([]);
    await http.close();
  });

  it('a plain POST is not re-sent after a connection reset', async () => {
    scripts.set('/post-reset', ['reset', 'ok']);
    const { http } = client();
    const error = await http
      .request({ method: 'POST', url: `${server.url}/post-reset`, json: { job_id: 1 } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(Unavailable);
    expect(error.message).toContain('is the URL right? is the server up?');
    expect(hitsOf('/post-reset')).toBe(1);
    await http.close();
  });

  it('a POST marked idempotent (it carries an idempotency key) is retried after a reset', async () => {
    scripts.set('/post-key', ['reset', 'ok']);
    const { http } = client();
    const response = await http.request({
      method: 'POST',
      url: `${server.url}/post-key`,
      json: { job_id: 1, idempotency_token: 'k-1' },
      idempotent: true,
    });
    expect(response.body).toEqual({ attempt: 2 });
    expect(
      server.hits
        .filter((hit) => hit.url === '/post-key')
        .map((hit) => JSON.parse(hit.body).idempotency_token),
    ).toEqual(['k-1', 'k-1']);
    await http.close();
  });

  it('a GET is retried after a connection reset', async () => {
    scripts.set('/get-reset', ['reset', 'reset', 'ok']);
    const { http, waits } = client();
    const response = await http.request({ method: 'GET', url: `${server.url}/get-reset` });
    expect(response.body).toEqual({ attempt: 3 });
    expect(waits).toHaveLength(2);
    await http.close();
  });
});
