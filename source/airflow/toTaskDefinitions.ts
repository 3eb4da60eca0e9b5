// A DAG's tasks endpoint as core TaskDefinitions. The API names only each task's downstream tasks,
// so the upstream ones are that relation read backwards. Both API versions share the fields read
// here; only the type of retry_exponential_backoff changed (a boolean until Airflow 3.2, then the
// backoff factor).
import type { TaskDefinition } from '../core/model.js';
import { compact } from './compact.js';
import { taskGroupOf } from './taskGroupOf.js';

interface TimeDelta {
  days: number;
  seconds: number;
  microseconds: number;
}

/** The task fields both API versions write under the same names. */
export interface TaskFields {
  task_id: string;
  downstream_task_ids?: string[] | null | undefined;
  operator_name?: string | null | undefined;
  class_ref?: { class_name?: string | null | undefined } | null | undefined;
  is_mapped?: boolean | null | undefined;
  retries?: number | null | undefined;
  retry_delay?: TimeDelta | null | undefined;
  retry_exponential_backoff?: number | boolean | null | undefined;
  execution_timeout?: TimeDelta | null | undefined;
}

/** Airflow 2 doubles the wait per retry when the flag is on. */
const AIRFLOW_2_BACKOFF = 2;

export function timeDeltaMs(delta: TimeDelta | null | undefined): number | undefined {
  if (!delta) return undefined;
  const ms = delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds / 1000;
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

function backoffOf(value: number | boolean | null | undefined): number | undefined {
  if (typeof value === 'boolean') return value ? AIRFLOW_2_BACKOFF : 0;
  return value ?? undefined;
}

export function toTaskDefinitions(tasks: readonly TaskFields[]): TaskDefinition[] {
  const ids = new Set(tasks.map((task) => task.task_id));
  const upstream = new Map<string, string[]>();
  for (const task of tasks) {
    for (const downstreamId of task.downstream_task_ids ?? []) {
      // An edge to a task the answer does not list is dropped rather than invented.
      if (!ids.has(downstreamId)) continue;
      const list = upstream.get(downstreamId);
      if (list) list.push(task.task_id);
      else upstream.set(downstreamId, [task.task_id]);
    }
  }
  return tasks.map((task) => ({
    taskId: task.task_id,
    upstream: upstream.get(task.task_id) ?? [],
    downstream: (task.downstream_task_ids ?? []).filter((id) => ids.has(id)),
    ...compact({
      group: taskGroupOf(task.task_id),
      operator: task.operator_name || task.class_ref?.class_name || undefined,
      mapped: task.is_mapped ?? undefined,
      retries: task.retries ?? undefined,
      retryDelayMs: timeDeltaMs(task.retry_delay),
      retryExponentialBackoff: backoffOf(task.retry_exponential_backoff),
      timeoutMs: timeDeltaMs(task.execution_timeout) || undefined,
    }),
  }));
}
