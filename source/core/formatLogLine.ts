// One text form of a log line, for the log pane, the saved file and `dagdeck logs` alike: a line
// that carries a timestamp is written as Airflow writes its own (`[ts] {source} LEVEL - text`), so
// `grep ERROR` works on it; other lines are their text. Everything is sanitised: the text keeps
// SGR colours only when asked (a terminal), never another escape, and a line longer than the pane
// could ever show is cut before the scan, so a 10 MB line costs no more than a long one.
import type { LogLine } from './model.js';
import { sanitize, sanitizeName } from './sanitize.js';

/** Columns kept of one line; the rest is counted in a "… (+N chars)" mark. */
export const MAX_LINE_CHARS = 8192;
/** Raw characters scanned at most: escapes make raw text longer than what it shows. */
const MAX_SCANNED = 4 * MAX_LINE_CHARS;
// Printable ASCII needs no scan at all: most log lines.
const PLAIN = /^[\x20-\x7e]*$/;
const CUT_MARK = /… \(\+\d+ chars\)$/;

export interface FormattedLogLine {
  /** `[timestamp] `, or '' : what the pane hides when timestamps are off. */
  prefix: string;
  /** The rest: source and level for timestamped lines, then the text. May hold line breaks. */
  body: string;
}

export function formatLogLine(line: LogLine, options: { keepSgr?: boolean } = {}): FormattedLogLine {
  const text = safeLogText(line.text, options.keepSgr ?? true);
  if (line.timestamp === undefined || line.timestamp === '') return { prefix: '', body: text };
  const source = line.source ? `{${sanitizeName(line.source)}} ` : '';
  const level = (line.level ?? 'info').toUpperCase();
  return { prefix: `[${sanitizeName(line.timestamp)}] `, body: `${source}${level} - ${text}` };
}

/** Untrusted log text made safe to print (see the file comment). */
export function safeLogText(raw: string, keepSgr = true): string {
  if (raw.length <= MAX_LINE_CHARS && PLAIN.test(raw)) return raw;
  if (raw.length <= MAX_SCANNED) return sanitize(raw, { keepSgr, maxLineLength: MAX_LINE_CHARS });
  const head = sanitize(raw.slice(0, MAX_SCANNED), { keepSgr, maxLineLength: MAX_LINE_CHARS });
  return `${head.replace(CUT_MARK, '')}… (+${raw.length - MAX_LINE_CHARS} chars)`;
}
