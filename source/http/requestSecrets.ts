// The credentials one request carries, so that its debug lines and error messages redact them
// even when nobody registered them as secrets.
import type { HttpRequest } from './types.js';

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|x-auth-token|private-token)$/i;
const SECRET_PARAM = /(token|secret|password|passwd|api[-_]?key|sig|signature)/i;

/** Credential values in this request's headers, URL userinfo and secret-named query parameters. */
export function requestSecrets(request: HttpRequest, url: URL): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!SECRET_HEADER.test(name)) continue;
    out.push(value);
    const credential = /^\S+\s+(.+)$/.exec(value)?.[1];
    if (credential) out.push(credential);
  }
  if (url.password) out.push(url.password, safeDecode(url.password));
  for (const [name, value] of url.searchParams) if (SECRET_PARAM.test(name)) out.push(value);
  // Token endpoints take credentials in the body: Airflow 3 /auth/token {username, password},
  // OAuth client_credentials forms {client_secret}.
  const fields = { ...request.form, ...(isRecord(request.json) ? request.json : {}) };
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' && SECRET_PARAM.test(name)) out.push(value);
  }
  return out.filter((value) => value.length >= 4);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
