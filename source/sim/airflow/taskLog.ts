// The log of one try, generated from the try's seed and timings. Every line is a pure function of
// its index (randomAt), and the lines are written in time order, so a running try's log is the
// prefix written so far on the virtual clock: it only ever grows at the end, a tail sees it grow,
// and a simulator restarted with the same seed and epoch serves the same lines. A million-line log
// costs only the lines asked for.
import { HOSTILE_LINES } from '../hostileLines.js';
import { randomAt } from '../random.js';
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

export interface TaskLog {
  /** Lines written by `now` (every line once the try has ended). */
  count(now: number): number;
  line(index: number): LogLine;
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
/** The work lines start after the first lines, which are written in the first seconds. */
const WORK_STARTS_MS = 6_000;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function taskLog(state: AirflowState, run: SimRun, ti: SimTi, attempt: Attempt): TaskLog {
  const seed =
    (state.seed ^
      hash(`log/${run.dagId}/${run.runId}/${ti.def.taskId}/${ti.mapIndex}/${attempt.tryNumber}`)) >>>
    0;
  const day = new Date(run.logicalDate ?? run.runAfter).toISOString();
  const head: LogLine[] = [
    {
      timestamp: attempt.start,
      level: 'info',
      event: `Executing <Task(${ti.def.operator}): ${ti.def.taskId}> on ${day}`,
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
    head.push(
      {
        timestamp: attempt.start + 5000,
        level: 'info',
        event: `Run submitted with run_id: ${String(ti.xcoms.get('run_id')?.value)}`,
        logger: 'airflow.task.operators.databricks',
        loc: 'databricks.py:64',
      },
      {
        timestamp: attempt.start + 5001,
        level: 'info',
        event: `View run status, Spark UI, and logs at ${String(ti.xcoms.get('run_page_url')?.value)}`,
        logger: 'airflow.task.operators.databricks',
        loc: 'databricks.py:65',
      },
    );
  }
  if (ti.def.hostileLines) {
    HOSTILE_LINES.forEach((event, index) => {
      head.push({
        timestamp: attempt.start + 100 + index,
        level: 'info',
        event,
        logger: 'task.stdout',
        loc: 'logging_mixin.py:190',
      });
    });
    if (ti.def.hugeLine) {
      // A payload echoed whole, with a clipboard write at its far end.
      head.push({
        timestamp: attempt.start + 100 + HOSTILE_LINES.length,
        level: 'info',
        event: `Vendor payload: ${'A'.repeat(ti.def.hugeLine)}\x1b]52;c;aGk=\x07 end of payload`,
        logger: 'task.stdout',
        loc: 'logging_mixin.py:190',
      });
    }
  }

  const total = attempt.logLines;
  // Planned, not actual, end: a try stopped early (marked, cleared) keeps the lines it had written.
  const span = Math.max(1, attempt.plannedEnd - attempt.start - WORK_STARTS_MS);
  const workAt = (i: number) => attempt.start + WORK_STARTS_MS + Math.round(((i + 1) / (total + 1)) * span);
  const end = attempt.end;
  const tail = end === null ? [] : tailLines(run, ti, attempt, end);

  const workLine = (i: number): LogLine => {
    const r = (salt: number) => randomAt(seed, i, salt);
    const warn = r(1) < 0.04;
    const template = WORK[Math.floor(r(2) * WORK.length)] ?? 'working';
    return {
      timestamp: workAt(i),
      level: warn ? 'warning' : 'info',
      event: warn
        ? `Slow response from upstream (${Math.floor(r(3) * 20) + 5}s), retrying request`
        : template
            .replace('%n', String(Math.floor(r(4) * 900_000) + 1000))
            .replace('%b', String(i + 1))
            .replace('%t', String(total))
            .replace('%d', day.slice(0, 10))
            .replace('%%', '%'),
      logger: 'task.stdout',
      loc: 'logging_mixin.py:190',
    };
  };

  /** Work lines written by `time`: those whose timestamp is not after it. */
  const workBy = (time: number): number => {
    if (time < attempt.start + WORK_STARTS_MS) return 0;
    let k = Math.min(
      total,
      Math.max(0, Math.floor(((time - attempt.start - WORK_STARTS_MS) / span) * (total + 1))),
    );
    while (k < total && workAt(k) <= time) k++;
    while (k > 0 && workAt(k - 1) > time) k--;
    return k;
  };

  return {
    count(now) {
      const time = Math.max(now, attempt.start);
      if (end !== null && time >= end) return head.length + workBy(end) + tail.length;
      const heads = head.filter((line) => line.timestamp <= time).length;
      return heads < head.length ? heads : head.length + workBy(end === null ? time : Math.min(time, end));
    },
    line(index) {
      if (index < head.length) return head[index] as LogLine;
      const work = end === null ? total : workBy(end);
      const i = index - head.length;
      return i < work ? workLine(i) : (tail[i - work] as LogLine);
    },
  };
}

function tailLines(run: SimRun, ti: SimTi, attempt: Attempt, end: number): LogLine[] {
  if (attempt.ok) {
    return [
      {
        timestamp: end,
        level: 'info',
        event: `Marking task as SUCCESS. dag_id=${run.dagId}, task_id=${ti.def.taskId}, run_id=${run.runId}`,
        logger: 'airflow.task',
        loc: 'taskinstance.py:1206',
      },
    ];
  }
  const message = ti.def.failure ?? 'RuntimeError: task failed';
  const colon = message.indexOf(':');
  return [
    {
      timestamp: end - 1,
      level: 'error',
      event: 'Task failed with exception',
      logger: 'airflow.task',
      loc: 'taskinstance.py:3313',
      errorDetail: {
        excType: colon > 0 ? message.slice(0, colon) : 'RuntimeError',
        excValue: colon > 0 ? message.slice(colon + 2) : message,
      },
    },
    {
      timestamp: end,
      level: 'info',
      event: `Marking task as ${attempt.state === 'up_for_retry' ? 'UP_FOR_RETRY' : 'FAILED'}. dag_id=${run.dagId}, task_id=${ti.def.taskId}, run_id=${run.runId}`,
      logger: 'airflow.task',
      loc: 'taskinstance.py:1206',
    },
  ];
}
