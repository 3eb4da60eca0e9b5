// A small HttpClient for the Airflow unit tests, on Node's fetch, so they do not depend on the
// production client's retry policy. Statuses map to the typed errors as source/http/types.ts and
// core/errors.ts describe; every request is recorded so tests can check what was sent.
import {
  AuthError,
  BadResponse,
  Conflict,
  Forbidden,
  InvalidRequest,
  NotFound,
  RateLimited,
  Unavailable,
} from '../../../source/core/errors.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../source/http/types.js';

export function createTestHttpClient(): HttpClient & { requests: HttpRequest[] } {
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
      const headers: Record<string, string> = {
        accept: request.acceptHeader ?? (request.accept === 'text' ? 'text/plain' : 'application/json'),
        ...(request.headers ?? {}),
      };
      let body: string | undefined;
      if (request.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(request.json);
      }
      const response = await fetch(url, {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      const text = await response.text();
      const details = { status: response.status, bodyExcerpt: text.slice(0, 500) };
      if (!response.ok) {
        const message = `${request.service ?? 'HTTP'} ${request.method} ${url.pathname} failed with HTTP ${response.status}`;
        if (response.status === 401) throw new AuthError(message, details);
        if (response.status === 403) throw new Forbidden(message, details);
        if (response.status === 404) throw new NotFound(message, details);
        if (response.status === 409) throw new Conflict(message, details);
        if (response.status === 429) throw new RateLimited(message, details);
        if (response.status >= 500) throw new Unavailable(message, details);
        throw new InvalidRequest(message, details);
      }
      if (request.accept === 'text') return { status: response.status, headers: {}, body: text as T };
      try {
        return { status: response.status, headers: {}, body: (text === '' ? null : JSON.parse(text)) as T };
      } catch {
        throw new BadResponse(`${url.pathname} answered with something other than JSON`, details);
      }
    },
    async close() {},
  };
}
