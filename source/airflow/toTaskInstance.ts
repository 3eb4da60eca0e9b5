// A task instance of either API version as a core TaskInstance. The fields v1 and v2 share are read
// here; the UI link and the operator name differ between versions and come from the caller.
import { ACTIVE_STATES, type TaskInstance } from '../core/model.js';
import { compact } from './compact.js';
import { mapAirflowState } from './mapAirflowState.js';
import { taskGroupOf } from './taskGroupOf.js';
import { secondsToMs } from './toRun.js';

/** The task-instance fields v1 and v2 share, with the same names and meaning. */
export interface TaskInstanceFields {
  task_id: string;
  dag_id: string;
  dag_run_id: string;
  state?: string | null | undefined;
  try_number: number;
  max_tries?: number | null | undefined;
  hostname?: string | null | undefined;
  start_date?: string | null | undefined;
  end_date?: string | null | undefined;
  duration?: number | null | undefined;
}

export interface TaskInstanceSpecifics {
  /** -1 for an unmapped task, as Airflow counts. */
  mapIndex: number;
  url: string;
  operator: string | null | undefined;
}

export function toTaskInstance(ti: TaskInstanceFields, specifics: TaskInstanceSpecifics): TaskInstance {
  const { mapIndex } = specifics;
  const mapped = mapAirflowState(ti.state);
  // A try still going has no duration of its own yet: Airflow 3 keeps the previous try's on an
  // instance cleared while running (end_date null), which would read as this try's.
  const live = ACTIVE_STATES.has(mapped.state) && !ti.end_date;
  return {
    backend: 'airflow',
    workflowId: ti.dag_id,
    runId: ti.dag_run_id,
    taskId: ti.task_id,
    ...mapped,
    tryNumber: ti.try_number,
    url: specifics.url,
    ...compact({
      mapIndex: mapIndex >= 0 ? mapIndex : undefined,
      group: taskGroupOf(ti.task_id),
      // max_tries counts retries: a task may run max_tries + 1 times (the "try N of M" in its log).
      maxTries: ti.max_tries == null ? undefined : ti.max_tries + 1,
      operator: specifics.operator,
      hostname: ti.hostname || undefined,
      startedAt: ti.start_date,
      endedAt: ti.end_date,
      durationMs: live ? undefined : secondsToMs(ti.duration),
    }),
  };
}
