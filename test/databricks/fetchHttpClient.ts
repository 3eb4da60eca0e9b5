// A minimal HttpClient for the unit tests (built on Node's fetch), so these tests do not depend on
// the production client's retry and rate-limit policy. It maps statuses to the typed errors the
// same way the contract (source/http/types.ts, core/errors.ts) expects.
import {
  AuthError,
  Conflict,
  Forbidden,
  InvalidRequest,
  NotFound,
  RateLimited,
  Unavailable,
} from '../../source/core/errors.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../source/http/types.js';

export function createFetchHttpClient(): HttpClient & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
      requests.push(request);
      const url = new URL(request.url);
      for (const [key, value] of Object.entries(request.query ?? {})) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
        else url.searchParams.set(key, String(value));
      }
      const headers: Record<string, string> = { ...(request.headers ?? {}) };
      let body: string | undefined;
      if (request.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(request.json);
      } else if (request.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(request.form).toString();
      }
      const response = await fetch(url, {
        method: request.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      const text = await response.text();
      const what = `${request.service ?? 'HTTP'} ${request.method} ${url.pathname}`;
      const details = { status: response.status, bodyExcerpt: text.slice(0, 300) };
      if (!response.ok) {
        const message = `${what} failed with HTTP ${response.status}: ${text.slice(0, 200)}`;
        if (response.status === 401) throw new AuthError(message, details);
        if (response.status === 403) throw new Forbidden(message, details);
        if (response.status === 404) throw new NotFound(message, details);
        if (response.status === 409) throw new Conflict(message, details);
        if (response.status === 429) throw new RateLimited(message, details);
        if (response.status >= 500) throw new Unavailable(message, details);
        throw new InvalidRequest(message, details);
      }
      const parsed = text === '' ? {} : (JSON.parse(text) as T);
      return { status: response.status, headers: {}, body: parsed as T };
    },
    async close() {},
  };
}
