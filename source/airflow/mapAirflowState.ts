// Airflow DAG-run and task-instance states onto the core State. The raw value is always kept beside
// it (rawState); unknown values become 'none' rather than a guess.
import type { State } from '../core/model.js';

const STATES: Record<string, State> = {
  queued: 'queued',
  scheduled: 'scheduled',
  running: 'running',
  // A deferred task is waiting on the triggerer: still in progress from the operator's view.
  deferred: 'running',
  restarting: 'running',
  up_for_retry: 'retrying',
  up_for_reschedule: 'retrying',
  success: 'success',
  failed: 'failed',
  // Airflow 2 only; a task killed by an external shutdown.
  shutdown: 'failed',
  upstream_failed: 'upstream_failed',
  skipped: 'skipped',
  // The task disappeared from the DAG after the run was created.
  removed: 'skipped',
  none: 'none',
  no_status: 'none',
};

export function mapAirflowState(raw: string | null | undefined): { state: State; rawState: string } {
  const rawState = raw ?? 'none';
  return { state: STATES[rawState.toLowerCase()] ?? 'none', rawState };
}

/** Task-instance states after which the log will not grow any more, so a tail can stop. */
export function isFinishedTaskState(raw: string | null | undefined): boolean {
  const state = mapAirflowState(raw).state;
  return state === 'success' || state === 'failed' || state === 'upstream_failed' || state === 'skipped';
}
