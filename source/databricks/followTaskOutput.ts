// followLog for Databricks: the Jobs API has no log stream, so each
// pass re-reads runs/get-output of the task run and delivers what is new (newLogLines); once the
// attempt has ended, its error, trace and result close it (closingLines). Which task run is read
// comes from runs/get: the attempt asked for, else the latest, moving on to a retry's new attempt
// while the run may still retry the task.

import { NotFound } from '../core/errors.js';
import { followPolled, type LogPass } from '../core/followPolled.js';
import type { FollowLogOptions, LogBatch, LogCursor, LogRef } from '../core/model.js';
import type { JobsApi } from './jobsApi.js';
import { mapState } from './mapState.js';
import { closingLines, newLogLines } from './outputLines.js';
import { type Run, RunOutput, type RunTask } from './schemas.js';
import { groupAttempts } from './toTaskInstances.js';

export function followTaskOutput(
  api: JobsApi,
  getRun: (workflowId: string, runId: string, signal?: AbortSignal) => Promise<Run>,
  ref: LogRef,
  options: FollowLogOptions = {},
): AsyncIterable<LogBatch> {
  const start: LogCursor = options.cursor ?? {
    tryNumber: ref.tryNumber ?? (ref.taskRunId ? 1 : 0),
    position: 0,
  };
  /** Task run ids of the attempts, learnt from runs/get: one get-output per pass while it runs. */
  const taskRunIds = new Map<number, string>();
  if (ref.taskRunId) taskRunIds.set(start.tryNumber, ref.taskRunId);

  /** The task's attempts, oldest first, and whether the run may still start another. */
  const attemptsOf = async (signal: AbortSignal): Promise<{ attempts: RunTask[]; more: boolean }> => {
    const run = await getRun(ref.workflowId, ref.runId, signal);
    const attempts = groupAttempts(run).get(ref.taskId);
    if (!attempts || attempts.length === 0) {
      const keys = [...groupAttempts(run).keys()].join(', ') || 'none';
      throw new NotFound(
        `Databricks run ${ref.runId} has no task ${ref.taskId} (its tasks: ${keys}): pick one of those`,
      );
    }
    attempts.forEach((attempt, index) => {
      if (attempt.run_id) taskRunIds.set(index + 1, attempt.run_id);
    });
    const latest = attempts[attempts.length - 1] as RunTask;
    const latestState = mapState(latest.state, latest.status);
    const runEnded = mapState(run.state, run.status).terminal;
    const retriesLeft = (latest.attempt_number ?? 0) < (latest.max_retries ?? 0);
    const more = !runEnded && (!latestState.terminal || (latestState.state === 'failed' && retriesLeft));
    return { attempts, more };
  };

  const pass: LogPass = async function* (from, signal) {
    let cursor = from;
    const fixed = ref.tryNumber !== undefined || ref.taskRunId !== undefined;
    if (cursor.tryNumber === 0 || (cursor.closed && !fixed) || !taskRunIds.has(cursor.tryNumber)) {
      const { attempts, more } = await attemptsOf(signal);
      if (cursor.tryNumber === 0) cursor = { tryNumber: attempts.length, position: 0 };
      if (cursor.tryNumber > attempts.length) {
        if (!more) {
          throw new NotFound(
            `Task ${ref.taskId} of Databricks run ${ref.runId} has no attempt ${cursor.tryNumber}: it has ${attempts.length}; pick one from 1 to ${attempts.length}`,
          );
        }
        return { cursor, done: false };
      }
      if (cursor.closed) {
        if (fixed) return { cursor, done: true };
        if (cursor.tryNumber >= attempts.length) return { cursor, done: !more };
        cursor = { tryNumber: cursor.tryNumber + 1, position: 0 };
      }
    }
    if (cursor.closed) return { cursor, done: true };
    const taskRunId = taskRunIds.get(cursor.tryNumber);
    if (!taskRunId) return { cursor, done: false };
    // get-output refuses the job run id of a multi-task run; it takes the task run id.
    const output = await api.get('jobs/runs/get-output', { run_id: taskRunId }, RunOutput, signal);
    const mapped = output.metadata ? mapState(output.metadata.state, output.metadata.status) : undefined;
    const final = mapped?.terminal ?? false;
    const state = mapped?.state;
    const fresh = newLogLines(cursor, output, final);
    cursor = fresh.cursor;
    const lines = fresh.lines;
    if (final) {
      lines.push(...closingLines(output));
      cursor = { ...cursor, closed: true };
    }
    if (lines.length > 0 || fresh.missed) {
      yield { lines, cursor, ...(state ? { state } : {}), ...(fresh.missed ? { missed: true } : {}) };
    }
    if (!final) return { cursor, ...(state ? { state } : {}), done: false };
    if (fixed) return { cursor, ...(state ? { state } : {}), done: true };
    // The attempt ended: the task is done unless the run will retry it (asked on the next pass).
    const { more } = await attemptsOf(signal);
    return { cursor, ...(state ? { state } : {}), done: !more && taskRunIds.size <= cursor.tryNumber };
  };

  return { [Symbol.asyncIterator]: () => followPolled(start, pass, options) };
}
