// The parts of previews and results that do not depend on the API version: our own estimates for
// the writes Airflow has no dry run for (trigger, pause, run state), and the refusal of the
// Databricks-only actions.
import type { Action, ActionPreview } from '../core/actions.js';
import { Refused } from '../core/errors.js';
import { ACTIVE_STATES, type Run, type TaskInstance } from '../core/model.js';

export function taskLabel(
  taskId: string,
  mapIndex: number | null | undefined,
  state?: string | null,
): string {
  const index = mapIndex === undefined || mapIndex === null || mapIndex < 0 ? '' : `[${mapIndex}]`;
  return `${taskId}${index}${state === undefined ? '' : ` (${state ?? 'no status'})`}`;
}

export function previewTrigger(action: Extract<Action, { kind: 'trigger' }>): ActionPreview {
  const date = action.logicalDate ? `logical date ${action.logicalDate}` : 'no logical date';
  return {
    action,
    summary: `Trigger ${action.workflowId} as run ${action.requestId} (${date})`,
    affected: Object.entries(action.params).map(([key, value]) => `conf ${key} = ${JSON.stringify(value)}`),
    serverDryRun: false,
    destructive: false,
  };
}

export function previewSetPaused(action: Extract<Action, { kind: 'setPaused' }>): ActionPreview {
  return {
    action,
    summary: action.paused
      ? `Pause ${action.workflowId}: no new runs are scheduled; running tasks carry on`
      : `Unpause ${action.workflowId}: the scheduler starts creating runs again`,
    affected: [action.workflowId],
    serverDryRun: false,
    destructive: false,
  };
}

/** Airflow has no dry run for a run's state: marking it also sets its unfinished task instances. */
export function previewMarkRunState(
  action: Extract<Action, { kind: 'markRunState' }>,
  run: Run,
  tasks: TaskInstance[],
): ActionPreview {
  const unfinished = tasks.filter((task) => ACTIVE_STATES.has(task.state) || task.state === 'none');
  const affected = [`run ${run.id} (${run.rawState} → ${action.state})`];
  if (action.state !== 'queued') {
    for (const task of unfinished) affected.push(taskLabel(task.taskId, task.mapIndex, task.rawState));
  }
  return {
    action,
    summary:
      action.state === 'queued'
        ? `Re-queue run ${run.id} of ${run.workflowId}`
        : `Mark run ${run.id} of ${run.workflowId} ${action.state}; ${unfinished.length} unfinished task instance(s) are set too`,
    affected,
    serverDryRun: false,
    destructive: action.state === 'failed' || (action.state === 'success' && unfinished.length > 0),
  };
}

export function refuseOnAirflow(action: Action): Refused {
  if (action.kind === 'cancelRun') {
    return new Refused(
      `Cancel is not an Airflow operation: mark run ${action.runId} failed instead (it stops its running tasks)`,
    );
  }
  return new Refused(`${action.kind} is not available on Airflow: it is a Databricks operation`);
}
