// Reads a followLog to its end (or its first `done: false` end, when not following): every line,
// the last cursor and state, and how many batches reported a retry.
import type { LogBatch, LogCursor, LogLine, State } from '../../source/core/model.js';

export interface CollectedLog {
  lines: LogLine[];
  cursor: LogCursor | undefined;
  state: State | undefined;
  done: boolean;
  retries: number;
  missed: boolean;
}

export async function collectLog(
  log: AsyncIterable<LogBatch>,
  onBatch?: (batch: LogBatch, sofar: CollectedLog) => void | Promise<void>,
): Promise<CollectedLog> {
  const out: CollectedLog = {
    lines: [],
    cursor: undefined,
    state: undefined,
    done: false,
    retries: 0,
    missed: false,
  };
  for await (const batch of log) {
    out.lines.push(...batch.lines);
    out.cursor = batch.cursor;
    out.state = batch.state ?? out.state;
    out.done = batch.done;
    if (batch.retrying) out.retries += 1;
    if (batch.missed) out.missed = true;
    await onBatch?.(batch, out);
  }
  return out;
}
