// One attempt of a request: a connection slot from the host limiter, the request sent, and its
// answer read into a response, a stream, or a typed error that says whether a retry may help.
import type { Dispatcher } from 'undici';
import type { DagdeckError } from '../core/errors.js';
import { abortErrorOf } from './abortErrorOf.js';
import { encodeRequest } from './encodeRequest.js';
import type { HostLimiter } from './hostLimiter.js';
import {
  errorCode,
  htmlBodyError,
  isHtml,
  networkKind,
  type RequestContext,
  redirectError,
  statusError,
  tooLargeError,
  transportError,
} from './mapHttpError.js';
import { parseBody } from './parseBody.js';
import { parseRetryAfter } from './parseRetryAfter.js';
import { BodyTooLarge, discard, readBody } from './readBody.js';
import { responseHeadersOf } from './responseHeadersOf.js';
import { RETRY_STATUSES } from './retryPolicy.js';
import { streamedBody } from './streamedBody.js';
import type { HttpRequest, HttpResponse, HttpStream } from './types.js';

/** Error bodies are only read for an excerpt. */
const ERROR_BODY_BYTES = 64 * 1024;

export interface AttemptSetup {
  dispatcher: Dispatcher;
  limiter: HostLimiter;
  now: () => number;
  /** Largest successful body read; a stream has no cap. */
  maxResponseBytes: number;
  /** "connect 10000 ms, headers 15000 ms, body 30000 ms", for a transport error's message. */
  timeoutsText: string;
  /** One redacted debug line. */
  debug: (line: string, known: Iterable<string>) => void;
}

export type Attempt =
  | { ok: true; response: HttpResponse; stream?: HttpStream }
  | { ok: false; error: DagdeckError; retryable: boolean; retryAfterMs?: number };

/** `label` ("(attempt 1/3)") is for the debug line; `stream` hands a successful body over unread. */
export async function sendAttempt(
  setup: AttemptSetup,
  request: HttpRequest,
  url: URL,
  context: RequestContext,
  signal: AbortSignal,
  label: string,
  stream: boolean,
): Promise<Attempt> {
  const { now, debug, timeoutsText } = setup;
  const release = await setup.limiter.acquire(url.origin, signal);
  const started = now();
  // A streamed body keeps the connection slot until it is read; everything else frees it here.
  let handedOver = false;
  try {
    const { headers, body } = encodeRequest(request);
    debug(`→ ${context.what} ${label}`, context.secrets);
    let response: Dispatcher.ResponseData;
    try {
      response = await setup.dispatcher.request({
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
    const { headers: responseHeaders, requestId, contentLength } = responseHeadersOf(response.headers);
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
        const excerpt = await readBody(response.body, ERROR_BODY_BYTES, contentLength, true).catch(() => '');
        return { ok: false, error: htmlBodyError(context, status, excerpt), retryable: false };
      }
      handedOver = true;
      const streamed = streamedBody(response.body, release, (error) =>
        signal.aborted ? abortErrorOf(signal) : transportError(context, error, timeoutsText),
      );
      return {
        ok: true,
        response: { status, headers: responseHeaders, body: undefined },
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
      text = await readBody(response.body, setup.maxResponseBytes, contentLength);
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof BodyTooLarge) {
        return { ok: false, error: tooLargeError(context, status, setup.maxResponseBytes), retryable: false };
      }
      const kind = networkKind(errorCode(error));
      return {
        ok: false,
        error: transportError(context, error, timeoutsText),
        retryable: kind === 'timeout' || kind === 'reset',
      };
    }
    const parsed = parseBody(request, context, status, responseHeaders['content-type'], text);
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
