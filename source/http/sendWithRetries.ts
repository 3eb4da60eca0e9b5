// One request with its retries: the overall deadline, the redaction context, and the retry loop
// (idempotent requests only; Retry-After honoured up to a cap, else backoff with jitter).
import { Timeout } from '../core/errors.js';
import { formatDuration } from '../core/formatDuration.js';
import { redact } from '../core/redact.js';
import { abortErrorOf } from './abortErrorOf.js';
import { buildUrl } from './buildUrl.js';
import type { Sleep } from './hostLimiter.js';
import { excerptOf, type RequestContext } from './mapHttpError.js';
import { type ProxySettings, proxyFor, proxyHost } from './proxyFor.js';
import { requestSecrets } from './requestSecrets.js';
import { backoffDelay, isIdempotent, type RetryOptions } from './retryPolicy.js';
import { type Attempt, type AttemptSetup, sendAttempt } from './sendAttempt.js';
import type { HttpRequest } from './types.js';

export interface RetrySetup extends AttemptSetup {
  retry: Required<RetryOptions>;
  random: () => number;
  sleep: Sleep;
  /** The overall deadline of a request that sets no timeoutMs. */
  requestMs: number;
  /** Every secret known besides the request's own. */
  secrets: () => string[];
  proxies: ProxySettings | undefined;
}

/** `stream` hands the body over unread. */
export async function sendWithRetries(
  setup: RetrySetup,
  request: HttpRequest,
  stream: boolean,
): Promise<Attempt & { ok: true }> {
  const { retry, debug } = setup;
  const url = buildUrl(request.url, request.query);
  const service = request.service ?? url.host;
  // The credentials this request carries are redacted even if nobody registered them.
  const known = [...setup.secrets(), ...requestSecrets(request, url)];
  const context: RequestContext = {
    // Path only: the query string may carry secrets and is noise in a one-line message.
    what: redact(`${service} ${request.method} ${url.pathname}`, known),
    host: url.host,
    secrets: known,
  };
  const via = proxyFor(url, setup.proxies);
  if (via) context.proxy = proxyHost(via);
  const idempotent = isIdempotent(request);
  // The overall deadline; a streamed body is only covered up to its headers (the timer is
  // cleared when this returns), after that by the idle body timeout.
  const deadlineMs = request.timeoutMs ?? setup.requestMs;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException('deadline', 'TimeoutError')), deadlineMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;

  const cancelled = (): Error | undefined => {
    if (request.signal?.aborted) return abortErrorOf(request.signal);
    if (deadline.signal.aborted) {
      return new Timeout(
        `${context.what} did not finish within ${formatDuration(deadlineMs)}, its overall deadline: ${excerptOf(context.host, context.secrets, 200)} is answering too slowly; try again, or raise the context's --request-timeout`,
        { request: context.what },
      );
    }
    return undefined;
  };

  try {
    for (let number = 1; ; number++) {
      let result: Attempt;
      try {
        result = await sendAttempt(
          setup,
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
      const delay = result.retryAfterMs ?? backoffDelay(number, retry, setup.random);
      debug(`↻ ${context.what} retry in ${delay} ms after: ${result.error.message}`, context.secrets);
      try {
        await setup.sleep(delay, signal);
      } catch (error) {
        throw cancelled() ?? error;
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
