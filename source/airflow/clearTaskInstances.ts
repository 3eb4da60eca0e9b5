// POST dags/{dag}/clearTaskInstances, the same call in v1 and v2 but for the shape of task_ids and
// of the answer, which the caller chooses.
import type { z } from 'zod';
import type { Action } from '../core/actions.js';
import type { AirflowApi } from './airflowApi.js';
import { apiPath } from './apiPath.js';

/** v1: task ids only (min 1); v2: a task id or [task id, map index]; undefined: every task (v2). */
export type ClearTaskIds = string[] | (string | [string, number])[] | undefined;

export function clearTaskInstances<S extends z.ZodType>(
  api: AirflowApi,
  request: {
    action: Extract<Action, { kind: 'clearTasks' }>;
    dryRun: boolean;
    taskIds: ClearTaskIds;
    signal?: AbortSignal | undefined;
  },
  answer: S,
): Promise<z.output<S>> {
  const { action, dryRun, taskIds } = request;
  return api.call(
    {
      method: 'POST',
      path: apiPath`/dags/${action.workflowId}/clearTaskInstances`,
      what: `${dryRun ? 'Preview of clearing' : 'Clearing'} tasks of ${action.workflowId} / ${action.runId}`,
      json: {
        // Both default to a dry run: without false nothing is cleared.
        dry_run: dryRun,
        dag_run_id: action.runId,
        ...(taskIds === undefined ? {} : { task_ids: taskIds }),
        // Sent explicitly: only_failed defaults to true (it would clear nothing that succeeded), and
        // reset_dag_runs defaults to false on v1 but true on v2.
        only_failed: action.onlyFailed,
        include_upstream: action.includeUpstream,
        include_downstream: action.includeDownstream,
        include_future: false,
        include_past: false,
        reset_dag_runs: action.resetRun,
        // Airflow 3.1+ only: older servers refuse the unknown field, so it is sent only when asked for.
        ...(action.runOnLatestVersion ? { run_on_latest_version: true } : {}),
      },
      signal: request.signal,
    },
    answer,
  );
}
