// The one HTTP client every backend uses: one undici dispatcher per client (createDispatcher),
// timeouts sized for an incident UI (httpTimeouts), cancellation, retries of idempotent requests
// only (sendWithRetries), a per-host concurrency limit and request budget (hostLimiter), a response
// size cap, and typed one-line errors with secrets redacted (sendAttempt, mapHttpError). Bodies come
// back as `unknown`: each caller parses them with its own zod schema.
import { knownSecrets, redact } from '../core/redact.js';
import { createDispatcher } from './createDispatcher.js';
import { defaultSleep } from './defaultSleep.js';
import { createHostLimiter, type RequestBudget, type Sleep } from './hostLimiter.js';
import { type HttpTimeouts, resolveTimeouts } from './httpTimeouts.js';
import { proxySettings } from './proxyFor.js';
import { DEFAULT_RETRY, type RetryOptions } from './retryPolicy.js';
import { type RetrySetup, sendWithRetries } from './sendWithRetries.js';
import type { HttpClient } from './types.js';

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

export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_PER_HOST = 6;
/** Generous: a console polling a few panes stays far below it; a runaway loop does not. */
export const DEFAULT_REQUEST_BUDGET: RequestBudget = { ratePerSecond: 20, burst: 40 };

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeouts = resolveTimeouts(options.timeouts);
  const env = options.env ?? process.env;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const dispatcher = createDispatcher({ caFile: options.caFile, env }, timeouts);
  const setup: RetrySetup = {
    dispatcher,
    limiter: createHostLimiter(
      options.maxConcurrentPerHost ?? DEFAULT_MAX_CONCURRENT_PER_HOST,
      options.requestBudgetPerHost ?? DEFAULT_REQUEST_BUDGET,
      sleep,
      now,
    ),
    now,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    timeoutsText: `connect ${timeouts.connectMs} ms, headers ${timeouts.headersMs} ms, body ${timeouts.bodyMs} ms`,
    debug: (line, known) => options.debug?.(redact(`http ${line}`, known)),
    retry: { ...DEFAULT_RETRY, ...options.retry },
    random: options.random ?? Math.random,
    sleep,
    requestMs: timeouts.requestMs,
    secrets: () => [...knownSecrets(), ...(options.secrets?.() ?? [])],
    proxies: proxySettings(env),
  };

  return {
    async request(request) {
      return (await sendWithRetries(setup, request, false)).response;
    },

    async stream(request) {
      const result = await sendWithRetries(setup, request, true);
      if (!result.stream) throw new Error('the HTTP client answered a stream request without a stream');
      return result.stream;
    },

    async close() {
      await dispatcher.close();
    },
  };
}
