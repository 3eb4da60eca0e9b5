// The log of one try, generated from the try's seed and timings: a running try shows only the
// lines written so far on the virtual clock, so a tail sees the log grow.
import type { AirflowState } from './airflowState.js';
import type { Attempt, SimRun, SimTi } from './model.js';

export interface LogLine {
  timestamp: number;
  level: 'info' | 'warning' | 'error';
  event: string;
  logger: string;
  /** Source location, as the v1 text format shows it (`{file.py:123}`). */
  loc: string;
  errorDetail?: { excType: string; excValue: string };
}

const WORK = [
  'Fetched %n rows from source',
  'Processed batch %b of %t',
  'Wrote partition dt=%d (%n rows)',
  'Spark job submitted: stage %b',
  'Validation passed for %n records',
  'Heartbeat: still running, %b%% done',
  'Committed offset %n',
];

/** Every line the try will ever write (finished tries) or has written by `now` (running). */
export function taskLogLines(
  state: AirflowState,
  run: SimRun,
  ti: SimTi,
  attempt: Attempt,
  now: number,
): LogLine[] {
  const random = state.random(
    `log/${run.dagId}/${run.runId}/${ti.def.taskId}/${ti.mapIndex}/${attempt.tryNumber}`,
  );
  const end = attempt.end ?? attempt.plannedEnd;
  const span = Math.max(1, end - attempt.start);
  const total = attempt.logLines;
  const lines: LogLine[] = [
    {
      timestamp: attempt.start,
      level: 'info',
      event: `Executing <Task(${ti.def.operator}): ${ti.def.taskId}> on ${new Date(run.logicalDate ?? run.runAfter).toISOString()}`,
      logger: 'airflow.task',
      loc: 'taskinstance.py:2614',
    },
    {
      timestamp: attempt.start + 5,
      level: 'info',
      event: `Running on host ${attempt.hostname}, try ${attempt.tryNumber} of ${ti.maxTries + 1}`,
      logger: 'airflow.task',
      loc: 'standard_task_runner.py:104',
    },
  ];
  if (ti.def.databricksJob) {
    const runId = ti.xcoms.get('run_id')?.value;
    const url = ti.xcoms.get('run_page_url')?.value;
    lines.push({
      timestamp: attempt.start + 5000,
      level: 'info',
      event: `Run submitted with run_id: ${String(runId)}`,
      logger: 'airflow.task.operators.databricks',
      loc: 'databricks.py:64',
    });
    lines.push({
      timestamp: attempt.start + 5001,
      level: 'info',
      event: `View run status, Spark UI, and logs at ${String(url)}`,
      logger: 'airflow.task.operators.databricks',
      loc: 'databricks.py:65',
    });
  }
  for (let i = 0; i < total; i++) {
    const template = WORK[Math.floor(random() * WORK.length)] ?? 'working';
    const event = template
      .replace('%n', String(Math.floor(random() * 900_000) + 1000))
      .replace('%b', String(i + 1))
      .replace('%t', String(total))
      .replace('%d', new Date(run.logicalDate ?? run.runAfter).toISOString().slice(0, 10))
      .replace('%%', '%');
    const warn = random() < 0.04;
    lines.push({
      timestamp: attempt.start + Math.round(((i + 1) / (total + 1)) * span),
      level: warn ? 'warning' : 'info',
      event: warn
        ? `Slow response from upstream (${Math.floor(random() * 20) + 5}s), retrying request`
        : event,
      logger: 'task.stdout',
      loc: 'logging_mixin.py:190',
    });
  }
  if (attempt.end !== null) {
    if (attempt.ok) {
      lines.push({
        timestamp: end,
        level: 'info',
        event: `Marking task as SUCCESS. dag_id=${run.dagId}, task_id=${ti.def.taskId}, run_id=${run.runId}`,
        logger: 'airflow.task',
        loc: 'taskinstance.py:1206',
      });
    } else {
      const message = ti.def.failure ?? 'RuntimeError: task failed';
      const colon = message.indexOf(':');
      lines.push({
        timestamp: end - 1,
        level: 'error',
        event: 'Task failed with exception',
        logger: 'airflow.task',
        loc: 'taskinstance.py:3313',
        errorDetail: {
          excType: colon > 0 ? message.slice(0, colon) : 'RuntimeError',
          excValue: colon > 0 ? message.slice(colon + 2) : message,
        },
      });
      lines.push({
        timestamp: end,
        level: 'info',
        event: `Marking task as ${attempt.state === 'up_for_retry' ? 'UP_FOR_RETRY' : 'FAILED'}. dag_id=${run.dagId}, task_id=${ti.def.taskId}, run_id=${run.runId}`,
        logger: 'airflow.task',
        loc: 'taskinstance.py:1206',
      });
    }
  }
  return lines.filter((line) => line.timestamp <= Math.max(now, attempt.start));
}
