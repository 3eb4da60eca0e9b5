// Durations as operators type them: `1500ms`, `10s`, `30m`, `1h`, `2d`, `1w`, or plain seconds.
// One syntax for every option that takes a length of time (HTTP timeouts, how far back to read the
// audit trail); each caller adds its own bounds.

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** The duration in whole milliseconds, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 's') as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}
