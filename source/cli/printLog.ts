// Writes a followed log to stdout for `dagdeck logs` and `dagdeck jobs get-run-output`: each line
// in the one text form of formatLogLine (sanitised; the server's SGR colours kept only on a
// terminal, errors and warnings coloured there unless NO_COLOR), or with --json one object per
// line. A new try gets a `--- try N ---` line. Waits for a slow reader (the shell pipe) instead of
// queueing the whole log in memory, and stops reading when the reader goes away (`| head`).
// Retries are reported once per outage on stderr; stdout stays the log.
import { errorLine } from '../core/errors.js';
import { formatLogLine, safeLogText } from '../core/formatLogLine.js';
import type { LogBatch, LogLine, State } from '../core/model.js';
import { sanitizeName } from '../core/sanitize.js';

export interface PrintLogOptions {
  json: boolean;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /** Aborted when stdout is closed by its reader: the caller stops the follow with it. */
  stop?: AbortController;
}

export interface PrintedLog {
  lines: number;
  state: State | undefined;
  done: boolean;
  /** The reader closed stdout before the end. */
  closed: boolean;
}

const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

export async function printLog(log: AsyncIterable<LogBatch>, options: PrintLogOptions): Promise<PrintedLog> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const terminal = stdout.isTTY === true;
  const colour = terminal && !env.NO_COLOR;
  const result: PrintedLog = { lines: 0, state: undefined, done: false, closed: false };
  let closed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
    options.stop?.abort();
  };
  stdout.on('error', onError);
  let tryNumber: number | undefined;
  let outage = false;
  try {
    for await (const batch of log) {
      if (closed) break;
      result.state = batch.state ?? result.state;
      result.done = batch.done;
      if (batch.retrying) {
        if (!outage) stderr.write(`dagdeck: ${sanitizeName(errorLine(batch.retrying))}; retrying\n`);
        outage = true;
        continue;
      }
      outage = false;
      if (batch.missed) {
        stderr.write(
          'dagdeck: some lines were gone before they could be read (the server keeps only the last part of this log)\n',
        );
      }
      if (batch.lines.length === 0) continue;
      let text = '';
      if (!options.json && tryNumber !== undefined && batch.cursor.tryNumber !== tryNumber) {
        text += `--- try ${batch.cursor.tryNumber} ---\n`;
      }
      tryNumber = batch.cursor.tryNumber;
      for (const line of batch.lines) {
        text += options.json ? jsonLine(line, batch.cursor.tryNumber) : textLine(line, terminal, colour);
      }
      result.lines += batch.lines.length;
      if (!stdout.write(text)) await drained(stdout);
    }
  } finally {
    stdout.off('error', onError);
  }
  result.closed = closed;
  return result;
}

function textLine(line: LogLine, terminal: boolean, colour: boolean): string {
  const { prefix, body } = formatLogLine(line, { keepSgr: terminal });
  const text = `${prefix}${body}`;
  if (colour && (line.level === 'error' || line.level === 'critical')) return `${RED}${text}${RESET}\n`;
  if (colour && line.level === 'warning') return `${YELLOW}${text}${RESET}\n`;
  return `${text}\n`;
}

function jsonLine(line: LogLine, tryNumber: number): string {
  return `${JSON.stringify({
    try: tryNumber,
    ...(line.timestamp ? { timestamp: sanitizeName(line.timestamp) } : {}),
    ...(line.level ? { level: line.level } : {}),
    ...(line.source ? { source: sanitizeName(line.source) } : {}),
    text: safeLogText(line.text, false),
  })}\n`;
}

function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

/** The exit code of a followed task: 0 when it succeeded (or was skipped), 1 otherwise. */
export function exitCodeForTaskState(state: State | undefined): 0 | 1 {
  return state === 'success' || state === 'skipped' ? 0 : 1;
}
