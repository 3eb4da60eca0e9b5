// Retry-After comes in two forms (RFC 9110, section 10.2.3): delta-seconds ("120") or an HTTP-date
// ("Wed, 21 Oct 2026 07:28:00 GMT"). undici's RetryHandler parses both; we do the same since we run
// our own retry loop (retryPolicy.ts).

/** Milliseconds to wait, or undefined when the header is absent or unreadable. Never negative. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only accept something that looks like a date, so that "soon" or "-5" are not read as one.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
