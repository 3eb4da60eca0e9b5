// Airflow 2 returns the whole log of a try as text (Accept: text/plain). Lines in the default
// format `[ts] {file.py:12} LEVEL - message` are split into their parts; anything else (host
// headers, tracebacks, printed output) is kept verbatim.
import type { LogLevel, LogLine } from '../core/model.js';

// `s`: a message may hold a carriage return (a progress bar) or another line separator.
const DEFAULT_FORMAT = /^\[([^\]]+)\] \{([^}]+)\} (DEBUG|INFO|WARNING|ERROR|CRITICAL) - (.*)$/s;

export function parseTextLogLine(line: string): LogLine {
  const match = DEFAULT_FORMAT.exec(line);
  if (!match) return { text: line };
  const [, timestamp, source, level, message] = match;
  return {
    text: message ?? '',
    timestamp: timestamp ?? '',
    source: source ?? '',
    level: (level ?? 'INFO').toLowerCase() as LogLevel,
  };
}
