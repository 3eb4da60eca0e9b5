// runs/get-output of one task run (GO `RunOutput`, reference §4): `logs` for python tasks (grows
// while the task runs; notebooks have none), `notebook_output` for notebooks that exited with a
// value, and `error` / `error_trace` for failed attempts.

import { createRandom, pick } from '../random.js';
import type { SimAttempt, SimJob } from './model.js';
import type { Json } from './views.js';

const LOG_INTERVAL_MS = 5_000;
const LOG_TEMPLATES = [
  'INFO  SparkContext: Running Spark version 3.5.0',
  'INFO  DAGScheduler: Job {n} finished: save at NativeMethodAccessorImpl.java:0, took {s} s',
  'INFO  {task}: processed batch {n} ({rows} rows)',
  'WARN  TaskSetManager: Lost task {n}.0 in stage {n}.0: executor lost, retrying',
  'INFO  DeltaLog: Loading version {n} of the Delta table',
  'INFO  {task}: wrote {rows} rows to delta table',
  'INFO  BlockManagerInfo: Removed broadcast_{n}_piece0 on 10.0.{n}.12 in memory',
];

function logLines(attempt: SimAttempt, now: number): string[] {
  const until = Math.min(now, attempt.endAt);
  const count = Math.max(0, Math.floor((until - attempt.runningAt) / LOG_INTERVAL_MS));
  const random = createRandom(attempt.logSeed);
  const lines: string[] = [];
  for (let i = 0; i < Math.min(count, 2_000); i++) {
    const at = new Date(attempt.runningAt + i * LOG_INTERVAL_MS).toISOString().replace('T', ' ').slice(0, 19);
    const line = pick(random, LOG_TEMPLATES)
      .replaceAll('{task}', attempt.taskKey)
      .replaceAll('{n}', String(Math.floor(random() * 400)))
      .replaceAll('{s}', (random() * 40).toFixed(3))
      .replaceAll('{rows}', String(Math.floor(random() * 5_000_000)));
    lines.push(`${at} ${line}`);
  }
  return lines;
}

export function taskOutput(job: SimJob, attempt: SimAttempt, now: number, metadata: Json): Json {
  const def = job.tasks.find((t) => t.taskKey === attempt.taskKey);
  const output: Json = { metadata };
  const terminated = now >= attempt.terminatedAt;
  if (def?.kind === 'python' && now >= attempt.runningAt && attempt.runningAt > attempt.startAt) {
    const lines = logLines(attempt, now);
    if (terminated && attempt.result === 'FAILED') lines.push(...(def.failure.trace.split('\n') ?? []));
    output.logs = lines.join('\n');
    output.logs_truncated = false;
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
