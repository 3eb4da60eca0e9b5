// The headers and body sent for one request: our defaults (Accept for what the caller wants back,
// User-Agent) under the caller's headers, and a JSON or form body with its content type.
import { VERSION } from '../version.js';
import type { HttpRequest } from './types.js';

export function encodeRequest(request: HttpRequest): { headers: Record<string, string>; body?: string } {
  const headers = mergeHeaders(
    { accept: acceptHeaderOf(request), 'user-agent': `dagdeck/${VERSION}` },
    request.headers ?? {},
  );
  if (request.json !== undefined) {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    return { headers, body: JSON.stringify(request.json) };
  }
  if (request.form !== undefined) {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/x-www-form-urlencoded';
    return { headers, body: new URLSearchParams(request.form).toString() };
  }
  return { headers };
}

function acceptHeaderOf(request: HttpRequest): string {
  if (request.acceptHeader) return request.acceptHeader;
  if (request.accept === 'text') return 'text/plain, */*;q=0.5';
  if (request.accept === 'ndjson') return 'application/x-ndjson, application/json;q=0.9';
  return 'application/json';
}

/** The caller's headers win over the defaults whatever their case (no duplicate Accept). */
function mergeHeaders(
  defaults: Record<string, string>,
  given: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = { ...defaults };
  for (const [name, value] of Object.entries(given)) {
    delete out[name.toLowerCase()];
    out[name] = value;
  }
  return out;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
