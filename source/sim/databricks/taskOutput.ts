// runs/get-output of one task run (the Go SDK's `RunOutput`): `logs` for python tasks (grows
// while the task runs; notebooks have none), `notebook_output` for notebooks that exited with a
// value, and `error` / `error_trace` for failed attempts. Like the real service, `logs` is only the
// last 5 MB, with `logs_truncated` set once the task wrote more. Line i is a pure function of the
// attempt's seed and i, so a long log costs only the lines inside that window.

import { HOSTILE_LINES } from '../hostileLines.js';
import { randomAt } from '../random.js';
import type { SimAttempt, SimJob } from './model.js';
import type { Json } from './views.js';

/** One line every 5 s unless the simulator is told a rate. */
const DEFAULT_LINES_PER_SECOND = 0.2;
/** "Databricks restricts this API to return the last 5 MB of these logs." */
export const MAX_LOG_BYTES = 5 * 1024 * 1024;
const LOG_TEMPLATES = [
  'INFO  SparkContext: Running Spark version 3.5.0',
  'INFO  DAGScheduler: Job {n} finished: save at NativeMethodAccessorImpl.java:0, took {s} s',
  'INFO  {task}: processed batch {n} ({rows} rows)',
  'WARN  TaskSetManager: Lost task {n}.0 in stage {n}.0: executor lost, retrying',
  'INFO  DeltaLog: Loading version {n} of the Delta table',
  'INFO  {task}: wrote {rows} rows to delta table',
  'INFO  BlockManagerInfo: Removed broadcast_{n}_piece0 on 10.0.{n}.12 in memory',
];

function logLine(attempt: SimAttempt, index: number, intervalMs: number, hostile: boolean): string {
  const at = new Date(attempt.runningAt + index * intervalMs).toISOString().replace('T', ' ').slice(0, 23);
  const hostileLine = hostile && index >= 2 ? HOSTILE_LINES[index - 2] : undefined;
  if (hostileLine !== undefined) return `${at} INFO  ${attempt.taskKey}: ${hostileLine}`;
  const r = (salt: number) => randomAt(attempt.logSeed, index, salt);
  const template = LOG_TEMPLATES[Math.floor(r(1) * LOG_TEMPLATES.length)] ?? 'INFO  working';
  const line = template
    .replaceAll('{task}', attempt.taskKey)
    .replaceAll('{n}', String(Math.floor(r(2) * 400)))
    .replaceAll('{s}', (r(3) * 40).toFixed(3))
    .replaceAll('{rows}', String(Math.floor(r(4) * 5_000_000)));
  return `${at} ${line}`;
}

interface Window {
  /** Index of the log line `lines[start]`. */
  first: number;
  lines: string[];
  start: number;
  bytes: number;
}

/** The last window served per attempt: a poll only generates the lines written since. */
const windows = new WeakMap<SimAttempt, Window>();

/** The lines written by `now`, newest last, as much of their end as fits in MAX_LOG_BYTES. */
function logsAt(
  attempt: SimAttempt,
  now: number,
  linesPerSecond: number,
  hostile: boolean,
): { text: string; truncated: boolean } {
  const intervalMs = 1000 / linesPerSecond;
  const until = Math.min(now, attempt.endAt);
  const count = Math.max(0, Math.floor((until - attempt.runningAt) / intervalMs));
  const line = (index: number) => `${logLine(attempt, index, intervalMs, hostile)}\n`;
  let window = windows.get(attempt);
  const end = window ? window.first + window.lines.length - window.start : 0;
  if (!window || end > count || count - end > 10_000) {
    // No usable window (first poll, or far behind): build it backwards from the newest line.
    const lines: string[] = [];
    let bytes = 0;
    let first = count;
    while (first > 0) {
      const text = line(first - 1);
      if (bytes + Buffer.byteLength(text) > MAX_LOG_BYTES) break;
      lines.push(text);
      bytes += Buffer.byteLength(text);
      first -= 1;
    }
    window = { first, lines: lines.reverse(), start: 0, bytes };
  } else {
    for (let index = end; index < count; index++) {
      const text = line(index);
      window.lines.push(text);
      window.bytes += Buffer.byteLength(text);
    }
    while (window.bytes > MAX_LOG_BYTES) {
      window.bytes -= Buffer.byteLength(window.lines[window.start] as string);
      window.start += 1;
      window.first += 1;
    }
    if (window.start > window.lines.length / 2) {
      window.lines = window.lines.slice(window.start);
      window.start = 0;
    }
  }
  windows.set(attempt, window);
  const body = window.lines.slice(window.start).join('');
  if (window.first === 0) return { text: body, truncated: false };
  // The cut is by bytes, so the first line kept is usually cut too.
  const cut = Buffer.from(line(window.first - 1));
  const head = cut.subarray(cut.length - (MAX_LOG_BYTES - window.bytes)).toString('utf8');
  return { text: `${head}${body}`, truncated: true };
}

export function taskOutput(
  job: SimJob,
  attempt: SimAttempt,
  now: number,
  metadata: Json,
  linesPerSecond = DEFAULT_LINES_PER_SECOND,
): Json {
  const def = job.tasks.find((t) => t.taskKey === attempt.taskKey);
  const output: Json = { metadata };
  const terminated = now >= attempt.terminatedAt;
  if (def?.kind === 'python' && now >= attempt.runningAt && attempt.runningAt > attempt.startAt) {
    const logs = logsAt(attempt, now, linesPerSecond, def.hostileLines === true);
    let text = logs.text;
    if (terminated && attempt.result === 'FAILED') text += `${def.failure.trace}\n`;
    output.logs = text;
    output.logs_truncated = logs.truncated;
  }
  if (!terminated || !def) return output;
  if (attempt.result === 'FAILED') {
    output.error = def.failure.error;
    output.error_trace = def.failure.trace;
  } else if (attempt.result === 'SUCCESS' && def.kind === 'notebook' && def.notebookResult !== undefined) {
    output.notebook_output = { result: def.notebookResult, truncated: false };
  } else if (attempt.result === 'CANCELED') {
    output.error = 'Run cancelled.';
  }
  return output;
}
