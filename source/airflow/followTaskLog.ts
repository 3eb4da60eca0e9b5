// followLog for both Airflow API versions, after the tail algorithm both official UIs follow: each
// pass reads the task instance first (state, current try), then the try's log
// from the cursor through the version's reader (readTryLogV1 / readTryLogV2). A try whose state
// had already ended before its log was read is complete after that read. Without a try number the
// follow starts at the current try and moves on to each retry until the task finishes.
import type { z } from 'zod';
import { NotFound } from '../core/errors.js';
import { followPolled, type LogPass, type LogStep } from '../core/followPolled.js';
import type { FollowLogOptions, LogBatch, LogCursor, LogRef } from '../core/model.js';
import type { AirflowApi } from './airflowApi.js';
import type { AirflowDialect } from './airflowDialect.js';
import { apiPath } from './apiPath.js';
import { taskLabel } from './describeActions.js';
import { isFinishedTaskState, mapAirflowState } from './mapAirflowState.js';
import { taskInstancePath } from './taskInstancePath.js';
import type { DagRunFields } from './toRun.js';
import type { TaskInstanceFields } from './toTaskInstance.js';
import type { DagFields } from './toWorkflow.js';

/** Task-instance states in which the current try may still write to its log. */
const LIVE = new Set(['queued', 'running', 'deferred', 'up_for_reschedule', 'restarting']);

export interface TaskLogSource<Ti extends TaskInstanceFields> {
  api: AirflowApi;
  taskInstance: z.ZodType<Ti>;
  readTryLog: AirflowDialect<DagFields, DagRunFields, Ti>['readTryLog'];
  resumesLogs: boolean;
}

export function followTaskLog<Ti extends TaskInstanceFields>(
  source: TaskLogSource<Ti>,
  ref: LogRef,
  options: FollowLogOptions = {},
): AsyncIterable<LogBatch> {
  const label = taskLabel(ref.taskId, ref.mapIndex);
  // Per follow: once the server refuses a token, this follow re-reads by position.
  const { api } = source;
  const tokens = { use: source.resumesLogs };
  const start: LogCursor = options.cursor ?? { tryNumber: ref.tryNumber ?? 0, position: 0 };

  const pass: LogPass = async function* (from, signal) {
    const ti = await api.call(
      {
        method: 'GET',
        path: taskInstancePath(ref.workflowId, ref.runId, ref.taskId, ref.mapIndex),
        what: `Read task ${label}`,
        signal,
      },
      source.taskInstance,
    );
    const { state } = mapAirflowState(ti.state);
    const taskDone = isFinishedTaskState(ti.state);
    let cursor = from;
    if (cursor.tryNumber === 0) {
      // Not started yet (or it never will be: skipped, upstream failed).
      if (ti.try_number < 1) return { cursor, state, done: taskDone };
      cursor = { tryNumber: ti.try_number, position: 0 };
    }
    if (cursor.tryNumber > ti.try_number) {
      if (taskDone) {
        throw new NotFound(
          `Task ${label} has no try ${cursor.tryNumber}: it ran ${ti.try_number} ${ti.try_number === 1 ? 'time' : 'times'}; pick a try from 1 to ${ti.try_number}`,
        );
      }
      return { cursor, state, done: false };
    }
    if (cursor.closed) {
      if (ref.tryNumber !== undefined) return { cursor, state, done: true };
      if (ti.try_number <= cursor.tryNumber) return { cursor, state, done: taskDone };
      cursor = { tryNumber: cursor.tryNumber + 1, position: 0 };
    }
    const final = ti.try_number > cursor.tryNumber || !LIVE.has(ti.state ?? 'none');
    const read = source.readTryLog({
      request: {
        method: 'GET',
        path: apiPath`/dags/${ref.workflowId}/dagRuns/${ref.runId}/taskInstances/${ref.taskId}/logs/${cursor.tryNumber}`,
        what: `Read the log of ${label} try ${cursor.tryNumber}`,
        query: { map_index: ref.mapIndex ?? -1 },
        signal,
      },
      cursor,
      final,
      tokens,
    });
    for (;;) {
      let step: IteratorResult<LogStep, LogCursor>;
      try {
        step = await read.next();
      } catch (error) {
        // A try that is queued may have no log the server can find yet: wait for it to start.
        if (error instanceof NotFound && ti.state === 'queued') return { cursor, state, done: false };
        throw error;
      }
      if (step.done) {
        cursor = step.value;
        break;
      }
      yield { ...step.value, state };
    }
    if (!final) return { cursor, state, done: false };
    const { token: _token, partial: _partial, ...closed } = cursor;
    cursor = { ...closed, closed: true };
    if (ref.tryNumber !== undefined) return { cursor, state, done: true };
    return { cursor, state, done: taskDone && ti.try_number <= cursor.tryNumber };
  };

  return { [Symbol.asyncIterator]: () => followPolled(start, pass, options) };
}
