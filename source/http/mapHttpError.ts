// Turns an HTTP failure into one of the typed errors of core/errors.ts with a one-line message:
// what failed (service, method, path), why (status and the server's own words), what to do.
// Bodies are redacted before they are sanitised and cut, so no secret or escape sequence from a body reaches a line.
import { STATUS_CODES } from 'node:http';
import {
  AuthError,
  BadResponse,
  Conflict,
  type DagdeckError,
  type ErrorDetails,
  Forbidden,
  InvalidRequest,
  NotFound,
  RateLimited,
  Timeout,
  Unavailable,
} from '../core/errors.js';
import { redact } from '../core/redact.js';
import { sanitizeName } from '../core/sanitize.js';
import { parseErrorBody, ValidationIssue } from './errorBody.js';

/** What every message starts with, e.g. "Airflow GET /api/v1/dags". */
export interface RequestContext {
  /** "Airflow GET /api/v1/dags": no query string, so no query secrets. */
  what: string;
  host: string;
  secrets: Iterable<string>;
  /** host:port of the proxy the request goes through, if any. */
  proxy?: string;
}

const EXCERPT_CHARS = 500;
// Only values with a digit: "Basic authentication failed" is prose, "Bearer 3f9a…" a credential.
const BEARER = /\b(Bearer|Basic|Token)\s+(?!«)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/gi;
const DETAIL_CHARS = 200;

/** A redacted, terminal-safe, single-line excerpt of a response body. */
export function excerptOf(text: string, secrets: Iterable<string>, max = EXCERPT_CHARS): string {
  // Besides redact()'s patterns: a credential echoed without its header name ("Invalid token: Bearer …").
  const clean = sanitizeName(redact(text, secrets).replace(BEARER, '$1 «redacted»')).trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

export function isHtml(contentType: string | undefined, text: string): boolean {
  if (contentType && /\btext\/html\b/i.test(contentType)) return true;
  return /^\s*<(!doctype\s+html|html)[\s>]/i.test(text);
}

function htmlTitle(text: string): string | undefined {
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(text);
  const title = match?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title : undefined;
}

/** The server's explanation from a JSON error body: Airflow problem+json, Databricks, generic APIs. */
export function serverMessage(text: string): string | undefined {
  const body = parseErrorBody(text);
  if (!body) return undefined;
  const str = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value : undefined;
  // Databricks: {"error_code": "INVALID_PARAMETER_VALUE", "message": "..."}.
  const code = str(body.error_code);
  const message = str(body.message);
  if (code && message) return `${code}: ${message}`;
  const { detail, error } = body;
  if (Array.isArray(detail)) {
    // FastAPI validation errors: [{loc: [...], msg: "..."}].
    return detail
      .map((item) => {
        const issue = ValidationIssue.safeParse(item);
        if (!issue.success)
          return typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item);
        const loc = issue.data.loc ? issue.data.loc.join('.') : '';
        const msg = str(issue.data.msg) ?? JSON.stringify(item);
        return loc ? `${loc}: ${msg}` : msg;
      })
      .join('; ');
  }
  const nested = typeof error === 'object' ? str(error.message) : undefined;
  return (
    str(detail) ?? message ?? str(body.title) ?? nested ?? str(body.error_description) ?? str(error) ?? code
  );
}

function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `HTTP ${status} ${text}` : `HTTP ${status}`;
}

/** "HTTP 502 Bad Gateway: <title>", the why of an HTML answer. */
function htmlWhy(status: number, text: string, secrets: Iterable<string>): string {
  const title = htmlTitle(text);
  const shown = title ? `: ${excerptOf(title, secrets, 80)}` : '';
  return `answered with an HTML page (${statusLine(status)}${shown}) — a proxy or load balancer is in the way or the server is down`;
}

export interface StatusErrorInput {
  status: number;
  contentType: string | undefined;
  text: string;
  requestId: string | undefined;
  retryAfterMs: number | undefined;
  /** The wall clock, to show "until HH:MM:SS" for rate limits. */
  now: number;
}

/** A non-2xx answer (other than 3xx, see redirectError) as a typed error. */
export function statusError(context: RequestContext, input: StatusErrorInput): DagdeckError {
  const { status, text } = input;
  const details: ErrorDetails = { status, request: context.what };
  if (input.requestId) details.requestId = sanitizeName(input.requestId).slice(0, 100);
  if (text.trim() !== '') details.bodyExcerpt = excerptOf(text, context.secrets);
  const html = isHtml(input.contentType, text);
  const said = html ? undefined : serverMessage(text);
  const why = html
    ? htmlWhy(status, text, context.secrets)
    : `${statusLine(status)}${said ? ` — "${excerptOf(said, context.secrets, DETAIL_CHARS)}"` : ''}`;
  const head = html ? `${context.what} ${why}` : `${context.what} failed: ${why}`;

  switch (true) {
    case status === 401:
      return new AuthError(`${head}; the credential was rejected: check or renew the token`, details);
    case status === 403:
      return new Forbidden(
        `${head}; the account is not allowed to do this: ask an admin for access`,
        details,
      );
    case status === 404:
      return new NotFound(
        `${head}; check the base URL of the context, or the item no longer exists`,
        details,
      );
    case status === 409:
      return new Conflict(`${head}; refresh to see the current state`, details);
    case status === 429: {
      const until =
        input.retryAfterMs !== undefined
          ? `rate-limited until ${new Date(input.now + input.retryAfterMs).toISOString().slice(11, 19)} UTC`
          : 'rate-limited';
      const advice =
        input.retryAfterMs !== undefined
          ? `${until}, try again then`
          : `${until}: wait a moment and try again`;
      return new RateLimited(`${head}; ${advice}`, {
        ...details,
        ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
      });
    }
    case status >= 500:
      return new Unavailable(html ? head : `${head}; the server is failing: try again shortly`, details);
    case status >= 400:
      return new InvalidRequest(`${head}; the server refused the request as sent`, details);
    default:
      return new BadResponse(`${head}; unexpected status`, details);
  }
}

const LOGIN = /(log-?in|sso|oauth|saml|sign-?in|auth)/i;

/** A 3xx answer: redirects are never followed, so a token is never sent to another host. */
export function redirectError(
  context: RequestContext,
  status: number,
  location: string | undefined,
  base: string,
  requestId: string | undefined,
): DagdeckError {
  const details: ErrorDetails = { status, request: context.what };
  if (requestId) details.requestId = sanitizeName(requestId).slice(0, 100);
  let target: URL | undefined;
  try {
    target = location ? new URL(location, base) : undefined;
  } catch {
    target = undefined;
  }
  // Host and path only: a login URL carries state and sometimes tokens in its query.
  const shown = target ? excerptOf(`${target.host}${target.pathname}`, context.secrets, 120) : 'no location';
  if (target && LOGIN.test(`${target.host}${target.pathname}`)) {
    return new AuthError(
      `${context.what} was redirected to a login page (${shown}): an auth proxy is in front of the API; use its token or the direct URL`,
      details,
    );
  }
  return new BadResponse(
    `${context.what} was redirected (${statusLine(status)}) to ${shown}: redirects are not followed; put the final URL in the context`,
    details,
  );
}

/** A 2xx answer that is HTML where JSON was expected. */
export function htmlBodyError(context: RequestContext, status: number, text: string): DagdeckError {
  return new BadResponse(`${context.what} ${htmlWhy(status, text, context.secrets)}`, {
    status,
    request: context.what,
    bodyExcerpt: excerptOf(text, context.secrets),
  });
}

export function malformedError(
  context: RequestContext,
  status: number,
  text: string,
  why: string,
): DagdeckError {
  return new BadResponse(
    `${context.what} answered with malformed JSON (${excerptOf(why, context.secrets, 160)}): the server or a proxy returned something else`,
    { status, request: context.what, bodyExcerpt: excerptOf(text, context.secrets) },
  );
}

export function tooLargeError(context: RequestContext, status: number, limit: number): DagdeckError {
  return new BadResponse(
    `${context.what} answered with more than ${Math.round(limit / 1024 / 1024)} MiB: refusing to read it; narrow the request (filters, page size)`,
    { status, request: context.what },
  );
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The first error code in an error and its cause chain (undici's "fetch failed" hides it in the cause). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = current.cause;
  }
  return undefined;
}

export type NetworkKind = 'timeout' | 'reset' | 'refused' | 'other';

export function networkKind(code: string | undefined): NetworkKind | undefined {
  if (code === undefined) return undefined;
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'reset';
  if (code === 'ECONNREFUSED') return 'refused';
  if (NETWORK_CODES.has(code) || TLS_CODES.has(code)) return 'other';
  return undefined;
}

/** A failure before or while reading a response (no status to map). */
export function transportError(context: RequestContext, error: unknown, timeouts: string): DagdeckError {
  const code = errorCode(error);
  const details: ErrorDetails = { request: context.what, cause: error };
  const host = excerptOf(context.host, context.secrets, 200);
  // Through a proxy, refused/reset/not found are usually about the proxy itself: say which.
  const via = context.proxy ? ` via the proxy ${excerptOf(context.proxy, context.secrets, 200)}` : '';
  const hint = context.proxy
    ? 'is the URL right? is the server up? is the proxy (HTTP_PROXY/HTTPS_PROXY/NO_PROXY) right?'
    : 'is the URL right? is the server up?';
  if (code && TIMEOUT_CODES.has(code)) {
    const phase =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connecting'
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? 'waiting for the response headers'
          : 'waiting for the response body';
    return new Timeout(
      `${context.what} timed out ${phase} (${timeouts}): ${host} is slow or unreachable; try again or raise the timeouts`,
      details,
    );
  }
  if (code && TLS_CODES.has(code)) {
    return new Unavailable(
      `${context.what} failed: the TLS certificate of ${host} is not trusted (${code}); set caFile in the context to your CA bundle, or NODE_EXTRA_CA_CERTS`,
      details,
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new Unavailable(
      `${context.what} failed: ${host} was not found${via} (${code}); is the URL right?`,
      details,
    );
  }
  if (code === 'ECONNREFUSED' && context.proxy) {
    // A TCP refusal through a proxy is the proxy's own port: the origin's would come back as a 502.
    return new Unavailable(
      `${context.what} failed: the proxy ${excerptOf(context.proxy, context.secrets, 200)} refused the connection (ECONNREFUSED); is HTTP_PROXY/HTTPS_PROXY right? is the proxy up? (NO_PROXY bypasses it)`,
      details,
    );
  }
  if (code === 'ECONNREFUSED') {
    return new Unavailable(
      `${context.what} failed: ${host} refused the connection${via} (ECONNREFUSED); ${hint}`,
      details,
    );
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new Unavailable(
      `${context.what} failed: ${host} closed the connection${via} (${code}); ${hint}`,
      details,
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new Unavailable(
    `${context.what} failed: ${excerptOf(reason, context.secrets, 200)}${via}${code ? ` (${code})` : ''}; ${hint}`,
    details,
  );
}
