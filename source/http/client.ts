// The one HTTP client every backend uses (DESIGN.md "http/", security-reliability.md §2): one undici
// dispatcher per client (Agent, or EnvHttpProxyAgent when proxy variables are set), timeouts sized
// for an incident UI, cancellation, retries of idempotent requests only, a per-host concurrency
// limit and request budget, a response size cap, and typed one-line errors with secrets redacted.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { ConfigError, type DagdeckError, Timeout } from '../core/errors.js';
import { knownSecrets, redact } from '../core/redact.js';
import { VERSION } from '../version.js';
import { buildUrl } from './buildUrl.js';
import { createHostLimiter, type HostLimiter, type RequestBudget, type Sleep } from './hostLimiter.js';
import { formatMs } from './listLimits.js';
import {
  errorCode,
  excerptOf,
  htmlBodyError,
  isHtml,
  malformedError,
  networkKind,
  type RequestContext,
  redirectError,
  statusError,
  tooLargeError,
  transportError,
} from './mapHttpError.js';
import { parseRetryAfter } from './parseRetryAfter.js';
import { proxyFor, proxyHost, proxySettings } from './proxyFor.js';
import { BodyTooLarge, discard, readBody } from './readBody.js';
import {
  backoffDelay,
  DEFAULT_RETRY,
  isIdempotent,
  RETRY_STATUSES,
  type RetryOptions,
} from './retryPolicy.js';
import type { HttpClient, HttpRequest, HttpResponse, HttpStream } from './types.js';

export type { RequestBudget, RetryOptions, Sleep };

export interface HttpTimeouts {
  /** TCP + TLS connect. */
  connectMs?: number | undefined;
  /** From sending the request to the response headers. */
  headersMs?: number | undefined;
  /** Between two body chunks (undici's bodyTimeout is an idle timeout, not a total). */
  bodyMs?: number | undefined;
  /**
   * One request from start to end, retries and their waits included: the overall deadline that a
   * server dripping a byte every few seconds cannot stretch (bodyMs only measures the gaps).
   */
  requestMs?: number | undefined;
  /** Not used by the client itself: the deadline of one whole list, read by the pagers (listLimits.ts). */
  listMs?: number | undefined;
}

/** Every timeout the client applies, with its value: the caller's where set, else the default. */
type ResolvedTimeouts = Record<Exclude<keyof HttpTimeouts, 'listMs'>, number>;

export interface HttpClientOptions {
  /** A PEM bundle appended to the default roots (and to NODE_EXTRA_CA_CERTS), never replacing them. */
  caFile?: string;
  timeouts?: HttpTimeouts;
  /** Requests in flight per host; more wait in a queue. */
  maxConcurrentPerHost?: number;
  /** Token bucket per host. */
  requestBudgetPerHost?: RequestBudget;
  /** Largest response body read; larger answers fail with BadResponse. */
  maxResponseBytes?: number;
  retry?: RetryOptions;
  /** Where proxy variables and NODE_EXTRA_CA_CERTS are read from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Secrets to redact besides the process-wide knownSecrets(). */
  secrets?: () => Iterable<string>;
  /** Receives one redacted line per request, response and retry (never headers or bodies). */
  debug?: (line: string) => void;
  /** Injectable for tests: the wait between attempts and for the request budget. */
  sleep?: Sleep;
  /** Injectable for tests: jitter source in [0, 1). */
  random?: () => number;
  now?: () => number;
}

export const DEFAULT_TIMEOUTS: ResolvedTimeouts = {
  connectMs: 10_000,
  headersMs: 15_000,
  bodyMs: 30_000,
  requestMs: 60_000,
};
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_PER_HOST = 6;
/** Generous: a console polling a few panes stays far below it; a runaway loop does not. */
export const DEFAULT_REQUEST_BUDGET: RequestBudget = { ratePerSecond: 20, burst: 40 };
/** Error bodies are only read for an excerpt (security-reliability.md §2.7). */
const ERROR_BODY_BYTES = 64 * 1024;

const REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-databricks-request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-ms-request-id',
  'x-correlation-id',
  'request-id',
];

/** A wait that ends early, rejecting with the abort reason, when `signal` aborts. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Passing `ca` to undici replaces Node's trust store, NODE_EXTRA_CA_CERTS included
 * (security-reliability.md §2.3), so the defaults are concatenated by hand.
 */
function trustedRoots(caFile: string, env: Record<string, string | undefined>): string[] {
  const roots = [...rootCertificates];
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra) {
    try {
      roots.push(readFileSync(extra, 'utf8'));
    } catch {
      // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; do the same (ignore it).
    }
  }
  try {
    roots.push(readFileSync(caFile, 'utf8'));
  } catch (error) {
    const code = errorCode(error) ?? 'unreadable';
    throw new ConfigError(
      `The CA file ${caFile} cannot be read (${code}): fix caFile in the context or create the file`,
      { cause: error },
    );
  }
  return roots;
}

function createDispatcher(options: HttpClientOptions, timeouts: ResolvedTimeouts): Dispatcher {
  const env = options.env ?? process.env;
  const ca = options.caFile ? trustedRoots(options.caFile, env) : undefined;
  const connect = { timeout: timeouts.connectMs, ...(ca ? { ca } : {}) };
  const common = {
    connect,
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
    // No redirect interceptor: a 3xx is reported, never followed (§2.6).
  };
  const proxy = proxySettings(env);
  if (!proxy) return new Agent(common);
  // The settings are passed explicitly so that the env option, not process.env, decides.
  return new EnvHttpProxyAgent({
    ...common,
    ...proxy,
    // Plain-http origins go as absolute-form requests, as curl does and as every forward proxy
    // accepts; https origins are always tunnelled with CONNECT.
    proxyTunnel: false,
    requestTls: connect,
    proxyTls: { timeout: timeouts.connectMs, ...(ca ? { ca } : {}) },
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function requestIdOf(headers: Record<string, string>): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers[name];
    if (value) return value;
  }
  return undefined;
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

function bodyOf(request: HttpRequest, headers: Record<string, string>): string | undefined {
  if (request.json !== undefined) {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    return JSON.stringify(request.json);
  }
  if (request.form !== undefined) {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/x-www-form-urlencoded';
    return new URLSearchParams(request.form).toString();
  }
  return undefined;
}

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|x-auth-token|private-token)$/i;
const SECRET_PARAM = /(token|secret|password|passwd|api[-_]?key|sig|signature)/i;

/** Credential values in this request's headers, URL userinfo and secret-named query parameters. */
function requestSecrets(request: HttpRequest, url: URL): string[] {
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

function abortErrorOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && (reason.name === 'AbortError' || reason.name === 'TimeoutError'))
    return reason;
  return new DOMException('The request was cancelled', 'AbortError');
}

type Attempt<T> =
  | { ok: true; response: HttpResponse<T>; stream?: HttpStream }
  | { ok: false; error: DagdeckError; retryable: boolean; retryAfterMs?: number };

/**
 * The body of a streamed answer: chunks as they arrive, a transport failure as a typed error, the
 * connection slot released at the end, on an error, or when the reader stops early.
 */
function streamedBody(
  body: Dispatcher.ResponseData['body'],
  release: () => void,
  mapError: (error: unknown) => unknown,
): Pick<HttpStream, 'body' | 'cancel'> {
  let finished = false;
  const finish = (cancelled: boolean) => {
    if (finished) return;
    finished = true;
    if (cancelled) discard(body);
    release();
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    let ended = false;
    try {
      for await (const chunk of body) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      ended = true;
    } catch (error) {
      throw mapError(error);
    } finally {
      finish(!ended);
    }
  }
  return { body: chunks(), cancel: () => finish(true) };
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  // Field by field: a timeout the caller leaves unset keeps its default (a spread would let an
  // explicit undefined, e.g. from a context that sets only one of them, remove it).
  const timeouts: ResolvedTimeouts = {
    connectMs: options.timeouts?.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
    headersMs: options.timeouts?.headersMs ?? DEFAULT_TIMEOUTS.headersMs,
    bodyMs: options.timeouts?.bodyMs ?? DEFAULT_TIMEOUTS.bodyMs,
    requestMs: options.timeouts?.requestMs ?? DEFAULT_TIMEOUTS.requestMs,
  };
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const dispatcher = createDispatcher(options, timeouts);
  const proxies = proxySettings(options.env ?? process.env);
  const limiter: HostLimiter = createHostLimiter(
    options.maxConcurrentPerHost ?? DEFAULT_MAX_CONCURRENT_PER_HOST,
    options.requestBudgetPerHost ?? DEFAULT_REQUEST_BUDGET,
    sleep,
    now,
  );
  const timeoutsText = `connect ${timeouts.connectMs} ms, headers ${timeouts.headersMs} ms, body ${timeouts.bodyMs} ms`;

  function secrets(): string[] {
    return [...knownSecrets(), ...(options.secrets?.() ?? [])];
  }

  function debug(line: string, known: Iterable<string>): void {
    if (options.debug) options.debug(redact(`http ${line}`, known));
  }

  async function attempt<T>(
    request: HttpRequest,
    url: URL,
    context: RequestContext,
    signal: AbortSignal,
    label: string,
    stream: boolean,
  ): Promise<Attempt<T>> {
    const release = await limiter.acquire(url.origin, signal);
    const started = now();
    // A streamed body keeps the connection slot until it is read; everything else frees it here.
    let handedOver = false;
    try {
      const headers = mergeHeaders(
        { accept: acceptHeaderOf(request), 'user-agent': `dagdeck/${VERSION}` },
        request.headers ?? {},
      );
      const body = bodyOf(request, headers);
      debug(`→ ${context.what} ${label}`, context.secrets);
      let response: Dispatcher.ResponseData;
      try {
        response = await dispatcher.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers,
          ...(body === undefined ? {} : { body }),
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw error;
        const kind = networkKind(errorCode(error));
        const mapped = transportError(context, error, timeoutsText);
        debug(`✗ ${context.what}: ${mapped.message}`, context.secrets);
        return {
          ok: false,
          error: mapped,
          retryable: kind === 'timeout' || kind === 'reset' || kind === 'refused',
        };
      }
      const status = response.statusCode;
      const responseHeaders = flattenHeaders(response.headers);
      const requestId = requestIdOf(responseHeaders);
      const lengthHeader = responseHeaders['content-length'];
      const contentLength = lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
      debug(`← ${status} ${context.what} in ${now() - started} ms`, context.secrets);

      if (status >= 300 && status < 400) {
        discard(response.body);
        return {
          ok: false,
          error: redirectError(context, status, responseHeaders.location, url.href, requestId),
          retryable: false,
        };
      }
      if (status < 200 || status >= 400) {
        let text = '';
        try {
          text = await readBody(response.body, ERROR_BODY_BYTES, contentLength, true);
        } catch (error) {
          if (signal.aborted) throw error;
          // The status is what matters; a body cut short only loses the excerpt.
        }
        const retryAfterMs = parseRetryAfter(responseHeaders['retry-after'], now());
        const error = statusError(context, {
          status,
          contentType: responseHeaders['content-type'],
          text,
          requestId,
          retryAfterMs,
          now: now(),
        });
        return {
          ok: false,
          error,
          retryable: RETRY_STATUSES.has(status),
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        };
      }

      if (stream) {
        if (isHtml(responseHeaders['content-type'], '')) {
          const excerpt = await readBody(response.body, ERROR_BODY_BYTES, contentLength, true).catch(
            () => '',
          );
          return { ok: false, error: htmlBodyError(context, status, excerpt), retryable: false };
        }
        handedOver = true;
        const streamed = streamedBody(response.body, release, (error) =>
          signal.aborted ? abortErrorOf(signal) : transportError(context, error, timeoutsText),
        );
        return {
          ok: true,
          response: { status, headers: responseHeaders, body: undefined as T },
          stream: {
            status,
            headers: responseHeaders,
            ...(requestId === undefined ? {} : { requestId }),
            ...streamed,
          },
        };
      }

      let text: string;
      try {
        text = await readBody(response.body, maxResponseBytes, contentLength);
      } catch (error) {
        if (signal.aborted) throw error;
        if (error instanceof BodyTooLarge) {
          return { ok: false, error: tooLargeError(context, status, maxResponseBytes), retryable: false };
        }
        const kind = networkKind(errorCode(error));
        return {
          ok: false,
          error: transportError(context, error, timeoutsText),
          retryable: kind === 'timeout' || kind === 'reset',
        };
      }
      const parsed = parseBody<T>(request, context, status, responseHeaders['content-type'], text);
      if (!parsed.ok) return { ok: false, error: parsed.error, retryable: false };
      return {
        ok: true,
        response: {
          status,
          headers: responseHeaders,
          body: parsed.body,
          ...(requestId === undefined ? {} : { requestId }),
        },
      };
    } finally {
      if (!handedOver) release();
    }
  }

  /** One request with its retries; `stream` hands the body over unread. */
  async function send<T>(request: HttpRequest, stream: boolean): Promise<Attempt<T> & { ok: true }> {
    const url = buildUrl(request.url, request.query);
    const service = request.service ?? url.host;
    // The credentials this request carries are redacted even if nobody registered them.
    const known = [...secrets(), ...requestSecrets(request, url)];
    const context: RequestContext = {
      // Path only: the query string may carry secrets and is noise in a one-line message.
      what: redact(`${service} ${request.method} ${url.pathname}`, known),
      host: url.host,
      secrets: known,
    };
    const via = proxyFor(url, proxies);
    if (via) context.proxy = proxyHost(via);
    const idempotent = isIdempotent(request);
    // The overall deadline; a streamed body is only covered up to its headers (the timer is
    // cleared when send returns), after that by the idle body timeout.
    const deadlineMs = request.timeoutMs ?? timeouts.requestMs;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('deadline', 'TimeoutError')), deadlineMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;

    const cancelled = (): Error | undefined => {
      if (request.signal?.aborted) return abortErrorOf(request.signal);
      if (deadline.signal.aborted) {
        return new Timeout(
          `${context.what} did not finish within ${formatMs(deadlineMs)}, its overall deadline: ${excerptOf(context.host, context.secrets, 200)} is answering too slowly; try again, or raise the context's --request-timeout`,
          { request: context.what },
        );
      }
      return undefined;
    };

    try {
      for (let number = 1; ; number++) {
        let result: Attempt<T>;
        try {
          result = await attempt<T>(
            request,
            url,
            context,
            signal,
            `(attempt ${number}/${retry.maxAttempts})`,
            stream,
          );
        } catch (error) {
          throw cancelled() ?? error;
        }
        if (result.ok) return result;
        const stop = cancelled();
        if (stop) throw stop;
        if (!result.retryable || !idempotent || number >= retry.maxAttempts) throw result.error;
        if (result.retryAfterMs !== undefined && result.retryAfterMs > retry.maxDelayMs) {
          // The server asks for longer than we are willing to block a screen: give up and say
          // until when (the RateLimited error carries retryAfterMs for a manual retry).
          debug(
            `✗ ${context.what}: Retry-After ${result.retryAfterMs} ms is over the cap, giving up`,
            context.secrets,
          );
          throw result.error;
        }
        const delay = result.retryAfterMs ?? backoffDelay(number, retry, random);
        debug(`↻ ${context.what} retry in ${delay} ms after: ${result.error.message}`, context.secrets);
        try {
          await sleep(delay, signal);
        } catch (error) {
          throw cancelled() ?? error;
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
      return (await send<T>(request, false)).response;
    },

    async stream(request: HttpRequest): Promise<HttpStream> {
      const result = await send(request, true);
      if (!result.stream) throw new Error('the HTTP client answered a stream request without a stream');
      return result.stream;
    },

    async close(): Promise<void> {
      await dispatcher.close();
    },
  };
}

type Parsed<T> = { ok: true; body: T } | { ok: false; error: DagdeckError };

function parseBody<T>(
  request: HttpRequest,
  context: RequestContext,
  status: number,
  contentType: string | undefined,
  text: string,
): Parsed<T> {
  const accept = request.accept ?? 'json';
  // A 204 (or any empty answer) has no body to parse.
  if (status === 204 || (text === '' && accept !== 'text')) return { ok: true, body: undefined as T };
  if (accept === 'text') return { ok: true, body: text as T };
  if (isHtml(contentType, text)) return { ok: false, error: htmlBodyError(context, status, text) };
  if (accept === 'ndjson') {
    const items: unknown[] = [];
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; index++) {
      const line = (lines[index] ?? '').trim();
      if (line === '') continue;
      try {
        items.push(JSON.parse(line));
      } catch (error) {
        const why = `line ${index + 1}: ${error instanceof Error ? error.message : String(error)}`;
        return { ok: false, error: malformedError(context, status, line, why) };
      }
    }
    return { ok: true, body: items as T };
  }
  try {
    return { ok: true, body: JSON.parse(text) as T };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, error: malformedError(context, status, text, why) };
  }
}
