// When and how long to wait before sending a request again.
// Only idempotent requests are ever re-sent: GET by default, any other method only when the caller
// marks it idempotent (it carries an idempotency key). A plain POST is never re-sent, because after
// a reset or a timeout the client cannot know whether the server acted.
import type { HttpRequest } from './types.js';

export interface RetryOptions {
  /** Total attempts, the first one included. */
  maxAttempts?: number;
  /** Base of the exponential backoff. */
  baseDelayMs?: number;
  /** Cap of one wait; a Retry-After longer than this ends the retries. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 10_000 };

/** Statuses worth another try: rate limiting and the gateway/overload family (not 500: a bug, or a write that failed half-way). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function isIdempotent(request: Pick<HttpRequest, 'method' | 'idempotent'>): boolean {
  return request.idempotent ?? request.method === 'GET';
}

/**
 * Full jitter (AWS "Exponential Backoff and Jitter"): a uniform wait in [0, min(cap, base·2^n)), so
 * many consoles polling the same workspace do not retry in lockstep. `retry` counts from 1.
 */
export function backoffDelay(retry: number, options: Required<RetryOptions>, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
