// The adapter for API v1 (Airflow 2.x, /api/v1, HTTP Basic): only what differs from v2;
// createAirflowAdapter does the rest.
import { Refused } from '../core/errors.js';
import type { AirflowAdapter } from './adapter.js';
import type { AirflowApi } from './airflowApi.js';
import type { AirflowDialect } from './airflowDialect.js';
import { apiPath } from './apiPath.js';
import { clearTaskInstances } from './clearTaskInstances.js';
import { createAirflowAdapter } from './createAirflowAdapter.js';
import { taskLabel } from './describeActions.js';
import { readTryLogV1 } from './readTryLogV1.js';
import {
  DagDetailsV1,
  DagRunV1,
  DagV1,
  HealthV1,
  ImportErrorV1,
  PatchedTaskInstanceV1,
  TaskCollectionV1,
  TaskInstanceReferenceCollectionV1,
  TaskInstanceV1,
  XComEntryV1,
} from './schemas-v1.js';
import { taskInstancePath } from './taskInstancePath.js';
import { toRun } from './toRun.js';
import { toTaskInstance } from './toTaskInstance.js';
import { toWorkflow } from './toWorkflow.js';

/** v1 runs carry no duration: it is the time between start and end. */
function durationBetween(
  start: string | null | undefined,
  end: string | null | undefined,
): number | undefined {
  if (!start || !end) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** A cron schedule is shown as its expression; timedeltas and others fall back to the description. */
function cronOf(interval: DagV1['schedule_interval']): string | undefined {
  return interval?.__type === 'CronExpression' && typeof interval.value === 'string'
    ? interval.value
    : undefined;
}

// v1 clear and mark answer references: no map index, no state.
const touched = (refs: { task_id: string }[]) => refs.map((ref) => ({ taskId: ref.task_id }));

export function createV1Adapter(options: { api: AirflowApi; version: string }): AirflowAdapter {
  const { api } = options;

  const dialect: AirflowDialect<DagV1, DagRunV1, TaskInstanceV1> = {
    apiVersion: 'v1',
    healthPath: '/health',
    schemas: {
      health: HealthV1,
      dag: DagV1,
      dagDetails: DagDetailsV1,
      dagRun: DagRunV1,
      taskInstance: TaskInstanceV1,
      xcomEntry: XComEntryV1,
      importError: ImportErrorV1,
      tasks: TaskCollectionV1,
    },

    toWorkflow: (dag) => toWorkflow(dag, cronOf(dag.schedule_interval) ?? dag.timetable_description),

    toRun: (run) =>
      toRun(run, {
        logicalDate: run.logical_date ?? run.execution_date ?? null,
        url: `${api.url(apiPath`/dags/${run.dag_id}/grid`)}?dag_run_id=${encodeURIComponent(run.dag_run_id)}`,
        // v1 has no queued_at; the logical date is when a run was due (manual runs: when triggered).
        queuedAt: run.logical_date ?? run.execution_date,
        durationMs: durationBetween(run.start_date, run.end_date),
      }),

    toTask: (ti) => {
      const mapIndex = ti.map_index ?? -1;
      const query = new URLSearchParams({ dag_run_id: ti.dag_run_id, task_id: ti.task_id });
      if (mapIndex >= 0) query.set('map_index', String(mapIndex));
      return toTaskInstance(ti, {
        mapIndex,
        url: `${api.url(apiPath`/dags/${ti.dag_id}/grid`)}?${query.toString()}`,
        operator: ti.operator,
      });
    },

    // One key only on v1, and no tie-breaker is added by the server: the logical date is unique
    // within a DAG (a unique constraint), so a DAG's runs page stably.
    newestRunsFirst: '-execution_date',
    // The 2.10 task-instance list has no order_by and refuses any parameter its spec lacks (400):
    // its pages follow the database's own order, which the pager checks for repeats.
    taskInstanceOrder: undefined,
    importErrorOrder: 'import_error_id',
    // v1 update_mask is one comma-separated value; PATCH dagRuns is sent without one.
    patchQuery: { runState: undefined, paused: { update_mask: 'is_paused' } },

    triggerBody: (action) => ({
      dag_run_id: action.requestId,
      conf: action.params,
      // v1 always has a logical date (defaults to now); null cannot be sent.
      ...(action.logicalDate ? { logical_date: action.logicalDate } : {}),
      ...(action.note ? { note: action.note } : {}),
    }),

    async clearTasks(action, dryRun, listTasks, signal) {
      if (action.runOnLatestVersion) {
        throw new Refused(
          'Running cleared tasks on the latest DAG version needs Airflow 3.1 or later: turn that option off',
        );
      }
      // v1 task_ids is string[] (min 1): a map index cannot be chosen, every index is cleared.
      let taskIds = [...new Set(action.tasks.map((task) => task.taskId))];
      if (taskIds.length === 0) {
        taskIds = [
          ...new Set((await listTasks(action.workflowId, action.runId, signal)).map((task) => task.taskId)),
        ];
      }
      // reset_dag_runs is always sent: v1 defaults it to false, leaving a finished run finished.
      const result = await clearTaskInstances(
        api,
        { action, dryRun, taskIds, signal },
        TaskInstanceReferenceCollectionV1,
      );
      return touched(result.task_instances);
    },

    clearPreviewNote: (action) =>
      action.tasks.some((task) => task.mapIndex !== undefined && task.mapIndex >= 0)
        ? ' (Airflow 2 clears every map index of a mapped task)'
        : '',

    async markTaskState(action, dryRun, signal) {
      const what = `${dryRun ? 'Preview of marking' : 'Marking'} ${taskLabel(action.task.taskId, action.task.mapIndex)} ${action.state}`;
      if (action.includeUpstream || action.includeDownstream) {
        // Relatives need the DAG-level endpoint; all four include_* are required there.
        const result = await api.call(
          {
            method: 'POST',
            path: apiPath`/dags/${action.workflowId}/updateTaskInstancesState`,
            what,
            json: {
              dry_run: dryRun,
              task_id: action.task.taskId,
              dag_run_id: action.runId,
              include_upstream: action.includeUpstream,
              include_downstream: action.includeDownstream,
              include_future: false,
              include_past: false,
              new_state: action.state,
            },
            signal,
          },
          TaskInstanceReferenceCollectionV1,
        );
        return touched(result.task_instances);
      }
      const reference = await api.call(
        {
          method: 'PATCH',
          path: taskInstancePath(action.workflowId, action.runId, action.task.taskId, action.task.mapIndex),
          what,
          // dry_run defaults to true: without false the PATCH is a silent no-op.
          json: { dry_run: dryRun, new_state: action.state },
          signal,
        },
        PatchedTaskInstanceV1,
      );
      // An applied PATCH answers `{}` on a real 2.10: name the TI we asked for instead.
      return [{ taskId: 'task_id' in reference ? reference.task_id : action.task.taskId }];
    },

    // Airflow 2's continuation tokens resume a log at its character offset.
    resumesLogs: true,
    readTryLog: (read) => readTryLogV1(api, read),
  };

  return createAirflowAdapter({ api, version: options.version, dialect });
}
