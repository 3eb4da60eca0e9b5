// Per-context HTTP timeouts, sized for an incident UI and configurable, since
// undici's defaults let a stalled server hang a request for five minutes. The bounds live here (the duration syntax is core's parseDuration), without zod, so that
// `context add` can check a value while parsing its options (a usage error, exit 2) without loading
// the schema, and the schema refuses the same values when they come from a hand-edited file.
import { parseDuration } from '../core/parseDuration.js';

/**
 * Lower bound: below a tenth of a second even a loopback request can miss it, so a smaller value is
 * a typo rather than a choice (a few hundred ms is still allowed: a LAN-only deployment, tests).
 */
export const MIN_TIMEOUT_MS = 100;
/** Upper bound: ten minutes; longer is the five-minute undici stall these timeouts exist to avoid, twice. */
export const MAX_TIMEOUT_MS = 10 * 60_000;

/** The item ceiling of a list: 100 is a tiny deployment, ten million already costs gigabytes. */
export const MIN_LIST_ITEMS = 100;
export const MAX_LIST_ITEMS = 10_000_000;

export const DURATION_FORMS = `a duration like 10s, 1500ms, 2m or plain seconds (10), from ${MIN_TIMEOUT_MS}ms to ${MAX_TIMEOUT_MS / 60_000}m`;

/** `10s`, `1500ms`, `2m` or plain seconds, in whole milliseconds; undefined when malformed or out of bounds. */
export function parseDurationMs(text: string): number | undefined {
  const ms = parseDuration(text);
  if (ms === undefined || ms < MIN_TIMEOUT_MS || ms > MAX_TIMEOUT_MS) return undefined;
  return ms;
}
