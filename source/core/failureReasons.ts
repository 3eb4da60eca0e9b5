// The reason beside a failure (the task screen, a run's tasks, the incident rows, the home detail
// line): the first line of its cause, from Backend.findFailureReason, looked up only for the rows
// on screen (lookupStore.ts). A failure's reason changes only when it runs again, which gives it a
// new end time: entries are keyed by the failure and its end time and never expire.
import type { Backend } from './backend.js';
import { createLookupStore, type Lookup, type LookupStore } from './lookupStore.js';
import type { FailureReason, FailureRef, Run, TaskInstance } from './model.js';
import { sanitizeName } from './sanitize.js';

/** A failed task or run to explain; `endedAt` tells a re-run apart. */
export interface FailureTarget extends FailureRef {
  endedAt?: string;
}

/** The reason as shown: its text sanitised to one line. Undefined when the server gives none. */
export type ShownReason = FailureReason;
export type FailureReasonLookup = Lookup<ShownReason | undefined>;
export type FailureReasonStore = LookupStore<FailureTarget, ShownReason | undefined>;

export function failureReasonKey(target: FailureTarget): string {
  return [
    target.backend,
    target.workflowId,
    target.runId,
    target.taskId ?? '',
    target.mapIndex ?? '',
    target.tryNumber ?? '',
    target.endedAt ?? '',
  ].join('\u0000');
}

export function failureTargetOfRun(run: Run): FailureTarget {
  return {
    backend: run.backend,
    workflowId: run.workflowId,
    runId: run.id,
    ...(run.endedAt ? { endedAt: run.endedAt } : {}),
  };
}

export function failureTargetOfTask(task: TaskInstance): FailureTarget {
  return {
    backend: task.backend,
    workflowId: task.workflowId,
    runId: task.runId,
    taskId: task.taskId,
    ...(task.mapIndex !== undefined ? { mapIndex: task.mapIndex } : {}),
    ...(task.endedAt ? { endedAt: task.endedAt } : {}),
  };
}

export function createFailureReasonStore(backend: Pick<Backend, 'findFailureReason'>): FailureReasonStore {
  return createLookupStore({
    key: failureReasonKey,
    fetch: async (target, signal) => {
      const { endedAt: _endedAt, ...ref } = target;
      const reason = await backend.findFailureReason(ref, signal);
      return reason ? { ...reason, text: sanitizeName(reason.text) } : undefined;
    },
  });
}
