// The adapter for API v2 (Airflow 3.x, /api/v2, JWT): only what differs from v1;
// createAirflowAdapter does the rest.
import type { AirflowAdapter } from './adapter.js';
import type { AirflowApi } from './airflowApi.js';
import type { AirflowDialect } from './airflowDialect.js';
import { apiPath } from './apiPath.js';
import { clearTaskInstances } from './clearTaskInstances.js';
import { createAirflowAdapter } from './createAirflowAdapter.js';
import { taskLabel } from './describeActions.js';
import { readTryLogV2 } from './readTryLogV2.js';
import {
  DagDetailsV2,
  DagRunV2,
  DagV2,
  HealthV2,
  ImportErrorV2,
  TaskCollectionV2,
  TaskInstanceCollectionV2,
  TaskInstanceV2,
  XComEntryV2,
} from './schemas-v2.js';
import { taskInstancePath } from './taskInstancePath.js';
import { secondsToMs, toRun } from './toRun.js';
import { toTaskInstance } from './toTaskInstance.js';
import { toWorkflow } from './toWorkflow.js';
import { versionAtLeast } from './versionAtLeast.js';

export function createV2Adapter(options: { api: AirflowApi; version: string }): AirflowAdapter {
  const { api } = options;

  // v2 answers full task instances (with map index and state) to clear and PATCH alike.
  const touched = (tis: TaskInstanceV2[]) =>
    tis.map((ti) => ({ taskId: ti.task_id, mapIndex: ti.map_index, state: ti.state }));

  const dialect: AirflowDialect<DagV2, DagRunV2, TaskInstanceV2> = {
    apiVersion: 'v2',
    healthPath: '/monitor/health',
    schemas: {
      health: HealthV2,
      dag: DagV2,
      dagDetails: DagDetailsV2,
      dagRun: DagRunV2,
      taskInstance: TaskInstanceV2,
      xcomEntry: XComEntryV2,
      importError: ImportErrorV2,
      tasks: TaskCollectionV2,
    },

    toWorkflow: (dag) => toWorkflow(dag, dag.timetable_summary ?? dag.timetable_description),

    toRun: (run) =>
      toRun(run, {
        // Airflow 3 runs may have no logical date; run_after is always set.
        logicalDate: run.logical_date ?? null,
        url: api.url(apiPath`/dags/${run.dag_id}/runs/${run.dag_run_id}`),
        queuedAt: run.queued_at ?? run.run_after,
        durationMs: secondsToMs(run.duration),
      }),

    toTask: (ti) => {
      const uiPath = apiPath`/dags/${ti.dag_id}/runs/${ti.dag_run_id}/tasks/${ti.task_id}`;
      return toTaskInstance(ti, {
        mapIndex: ti.map_index,
        url: api.url(ti.map_index >= 0 ? `${uiPath}/mapped/${ti.map_index}` : uiPath),
        operator: ti.operator_name ?? ti.operator,
      });
    },

    // One key: 3.0 takes a single order_by (3.1+ a list). Every 3.x server appends the primary key
    // as the last sort key, so each of these is a total order and offset pages cannot overlap.
    newestRunsFirst: '-run_after',
    taskInstanceOrder: 'map_index',
    importErrorOrder: 'id',
    // v2 update_mask is a repeated query parameter (?update_mask=a&update_mask=b).
    patchQuery: { runState: { update_mask: ['state'] }, paused: { update_mask: ['is_paused'] } },

    triggerBody: (action) => ({
      dag_run_id: action.requestId,
      // Required although nullable: omitting it is a 422.
      logical_date: action.logicalDate ?? null,
      conf: action.params,
      ...(action.note ? { note: action.note } : {}),
    }),

    async clearTasks(action, dryRun, _listTasks, signal) {
      // An empty list is a 422; omitting task_ids means every task. One index of a mapped task
      // is cleared with [task id, map index].
      const taskIds =
        action.tasks.length === 0
          ? undefined
          : action.tasks.map((task): string | [string, number] =>
              task.mapIndex === undefined || task.mapIndex < 0 ? task.taskId : [task.taskId, task.mapIndex],
            );
      const result = await clearTaskInstances(
        api,
        { action, dryRun, taskIds, signal },
        TaskInstanceCollectionV2,
      );
      return touched(result.task_instances);
    },

    // One index of a mapped task can be cleared: nothing to add to the preview.
    clearPreviewNote: () => '',

    async markTaskState(action, dryRun, signal) {
      const path = taskInstancePath(
        action.workflowId,
        action.runId,
        action.task.taskId,
        action.task.mapIndex,
      );
      const result = await api.call(
        {
          method: 'PATCH',
          // v2 PATCH has no dry_run field: the preview is a separate /dry_run twin of the path.
          path: dryRun ? `${path}/dry_run` : path,
          what: `${dryRun ? 'Preview of marking' : 'Marking'} ${taskLabel(action.task.taskId, action.task.mapIndex)} ${action.state}`,
          json: {
            new_state: action.state,
            include_upstream: action.includeUpstream,
            include_downstream: action.includeDownstream,
            include_future: false,
            include_past: false,
          },
          signal,
        },
        TaskInstanceCollectionV2,
      );
      return touched(result.task_instances);
    },

    // Resuming with a token repeats the whole log up to 3.2.1 and fails with HTTP 500 while a
    // task runs from 3.2.2 to 3.3.0 (fixed in 3.3.1); those releases are re-read and diffed.
    resumesLogs: versionAtLeast(options.version, [3, 3, 1]),
    readTryLog: (read) => readTryLogV2(api, read),
  };

  return createAirflowAdapter({ api, version: options.version, dialect });
}
