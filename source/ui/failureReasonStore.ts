// The reason beside a failure (the task screen, a Databricks run's tasks, the incident rows, the
// home detail line): the first line of its cause, from Backend.findFailureReason, looked up only
// for the rows on screen, as the failing-tasks column is (lookupStore.ts). A failure's reason
// changes only when it runs again, which gives it a new end time: entries are keyed by the
// failure and its end time and never expire.
import type { Backend } from '../core/backend.js';
import type { FailureReason, FailureRef, Run, TaskInstance } from '../core/model.js';
import { sanitizeName } from '../core/sanitize.js';
import { createLookupStore, type Lookup, type LookupStore, perBackend } from './lookupStore.js';

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

export const failureReasonStoreFor = perBackend((backend: Pick<Backend, 'findFailureReason'>) =>
  createFailureReasonStore(backend),
);

// "airflow.exceptions.AirflowException: …": the module path says little in a cell; the class says it.
const QUALIFIED_EXCEPTION =
  /^(?:[a-z_][a-z0-9_]*\.)+(?=[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Timeout)\b)/;

/**
 * The text for a row: the reason (an exception without its module path), cut to `width` with an
 * ellipsis; `…` while it is looked up, `?` when that failed.
 */
export function formatFailureReason(entry: FailureReasonLookup | undefined, width: number): string {
  if (!entry || entry.status === 'loading') return '…';
  if (entry.status === 'error') return '?';
  const text = (entry.value?.text ?? '').replace(QUALIFIED_EXCEPTION, '');
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
