// The adapter for API v1 (Airflow 2.x, /api/v1, HTTP Basic). Paths, bodies and pitfalls follow
// reference airflow-api.md §5; the v1/v2 differences are listed in §6.
import type { Action, ActionPreview, ActionResult } from '../core/actions.js';
import type { Run, TaskInstance, Workflow } from '../core/model.js';
import type { AirflowAdapter } from './adapter.js';
import type { AirflowApi } from './airflowApi.js';
import { apiPath } from './apiPath.js';
import { compact } from './compact.js';
import {
  previewMarkRunState,
  previewSetPaused,
  previewTrigger,
  refuseOnAirflow,
  taskLabel,
} from './describeActions.js';
import { describeHealth } from './describeHealth.js';
import { explainTriggerConflict } from './explainTriggerConflict.js';
import { fetchAllPages } from './fetchAllPages.js';
import { isFinishedTaskState, mapAirflowState } from './mapAirflowState.js';
import { parseTextLog } from './parseTextLog.js';
import {
  DagCollectionV1,
  DagDetailsV1,
  DagRunCollectionV1,
  DagRunV1,
  DagV1,
  HealthV1,
  PatchedTaskInstanceV1,
  TaskInstanceCollectionV1,
  TaskInstanceReferenceCollectionV1,
  TaskInstanceV1,
  XComEntryV1,
} from './schemas-v1.js';
import { taskGroupOf } from './taskGroupOf.js';
import { toDatabricksLinks } from './toDatabricksLinks.js';
import { toParamSpecs } from './toParamSpecs.js';

const DEFAULT_RUN_LIMIT = 100;

function durationBetween(
  start: string | null | undefined,
  end: string | null | undefined,
): number | undefined {
  if (!start || !end) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function createV1Adapter(options: { api: AirflowApi; version: string }): AirflowAdapter {
  const { api, version } = options;

  const toWorkflow = (dag: DagV1): Workflow => {
    const interval = dag.schedule_interval;
    const cron =
      interval?.__type === 'CronExpression' && typeof interval.value === 'string'
        ? interval.value
        : undefined;
    return {
      backend: 'airflow',
      id: dag.dag_id,
      name: dag.dag_display_name || dag.dag_id,
      tags: (dag.tags ?? []).map((tag) => tag.name),
      owners: dag.owners ?? [],
      ...compact({
        description: dag.description,
        paused: dag.is_paused,
        schedule: cron ?? dag.timetable_description,
        hasImportErrors: dag.has_import_errors,
      }),
    };
  };

  const toRun = (run: DagRunV1): Run => ({
    backend: 'airflow',
    workflowId: run.dag_id,
    id: run.dag_run_id,
    ...mapAirflowState(run.state),
    logicalDate: run.logical_date ?? run.execution_date ?? null,
    url: `${api.url(apiPath`/dags/${run.dag_id}/grid`)}?dag_run_id=${encodeURIComponent(run.dag_run_id)}`,
    ...compact({
      trigger: run.run_type,
      // v1 has no queued_at; the logical date is when a run was due (manual runs: when triggered).
      queuedAt: run.logical_date ?? run.execution_date,
      startedAt: run.start_date,
      endedAt: run.end_date,
      durationMs: durationBetween(run.start_date, run.end_date),
      note: run.note,
      conf: run.conf,
    }),
  });

  const toTask = (ti: TaskInstanceV1): TaskInstance => {
    const mapIndex = ti.map_index ?? -1;
    const query = new URLSearchParams({ dag_run_id: ti.dag_run_id, task_id: ti.task_id });
    if (mapIndex >= 0) query.set('map_index', String(mapIndex));
    return {
      backend: 'airflow',
      workflowId: ti.dag_id,
      runId: ti.dag_run_id,
      taskId: ti.task_id,
      ...mapAirflowState(ti.state),
      tryNumber: ti.try_number,
      url: `${api.url(apiPath`/dags/${ti.dag_id}/grid`)}?${query.toString()}`,
      ...compact({
        mapIndex: mapIndex >= 0 ? mapIndex : undefined,
        group: taskGroupOf(ti.task_id),
        // max_tries counts retries: a task may run max_tries + 1 times (the "try N of M" in its log).
        maxTries: ti.max_tries == null ? undefined : ti.max_tries + 1,
        operator: ti.operator,
        hostname: ti.hostname || undefined,
        startedAt: ti.start_date,
        endedAt: ti.end_date,
        durationMs: typeof ti.duration === 'number' ? Math.round(ti.duration * 1000) : undefined,
      }),
    };
  };

  const listRunsAt = (
    dagId: string,
    limit: number | undefined,
    activeOnly: boolean | undefined,
    signal?: AbortSignal,
  ) =>
    fetchAllPages(
      async (offset, pageLimit) => {
        const page = await api.call(
          {
            method: 'GET',
            path: apiPath`/dags/${dagId}/dagRuns`,
            what: dagId === '~' ? 'List recent DAG runs' : `List runs of ${dagId}`,
            // Default order is oldest first (reference §1.10).
            query: {
              order_by: '-execution_date',
              limit: pageLimit,
              offset,
              state: activeOnly ? ['queued', 'running'] : undefined,
            },
            signal,
          },
          DagRunCollectionV1,
        );
        return { items: page.dag_runs.map(toRun), total: page.total_entries };
      },
      { max: limit ?? DEFAULT_RUN_LIMIT },
    );

  const tiPath = (dagId: string, runId: string, taskId: string, mapIndex: number | undefined) =>
    mapIndex === undefined || mapIndex < 0
      ? apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}`
      : apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}/${mapIndex}`;

  const getRun = async (dagId: string, runId: string, signal?: AbortSignal) =>
    toRun(
      await api.call(
        {
          method: 'GET',
          path: apiPath`/dags/${dagId}/dagRuns/${runId}`,
          what: `Read run ${runId} of ${dagId}`,
          signal,
        },
        DagRunV1,
      ),
    );

  const listTasks = (dagId: string, runId: string, signal?: AbortSignal) =>
    fetchAllPages(async (offset, limit) => {
      const page = await api.call(
        {
          method: 'GET',
          path: apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances`,
          what: `List task instances of ${dagId} / ${runId}`,
          query: { limit, offset },
          signal,
        },
        TaskInstanceCollectionV1,
      );
      return { items: page.task_instances.map(toTask), total: page.total_entries };
    });

  const clear = async (
    action: Extract<Action, { kind: 'clearTasks' }>,
    dryRun: boolean,
    signal?: AbortSignal,
  ) => {
    // v1 task_ids is string[] (min 1): a map index cannot be chosen, every index is cleared (§1.8).
    let taskIds = [...new Set(action.tasks.map((task) => task.taskId))];
    if (taskIds.length === 0) {
      taskIds = [
        ...new Set((await listTasks(action.workflowId, action.runId, signal)).map((task) => task.taskId)),
      ];
    }
    const result = await api.call(
      {
        method: 'POST',
        path: apiPath`/dags/${action.workflowId}/clearTaskInstances`,
        what: `${dryRun ? 'Preview of clearing' : 'Clearing'} tasks of ${action.workflowId} / ${action.runId}`,
        json: {
          dry_run: dryRun,
          dag_run_id: action.runId,
          task_ids: taskIds,
          // Sent explicitly: only_failed defaults to true, reset_dag_runs to false on v1 (reference §1.3-1.4).
          only_failed: action.onlyFailed,
          include_upstream: action.includeUpstream,
          include_downstream: action.includeDownstream,
          include_future: false,
          include_past: false,
          reset_dag_runs: action.resetRun,
        },
        signal,
      },
      TaskInstanceReferenceCollectionV1,
    );
    return result.task_instances;
  };

  const markTask = async (
    action: Extract<Action, { kind: 'markTaskState' }>,
    dryRun: boolean,
    signal?: AbortSignal,
  ) => {
    const what = `${dryRun ? 'Preview of marking' : 'Marking'} ${taskLabel(action.task.taskId, action.task.mapIndex)} ${action.state}`;
    if (action.includeUpstream || action.includeDownstream) {
      // Relatives need the DAG-level endpoint; all four include_* are required there (reference §5.8).
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
      return result.task_instances;
    }
    const reference = await api.call(
      {
        method: 'PATCH',
        path: tiPath(action.workflowId, action.runId, action.task.taskId, action.task.mapIndex),
        what,
        // dry_run defaults to true: without false the PATCH is a silent no-op (reference §1.2).
        json: { dry_run: dryRun, new_state: action.state },
        signal,
      },
      PatchedTaskInstanceV1,
    );
    // An applied PATCH answers `{}` on a real 2.10: name the TI we asked for instead.
    return [
      'task_id' in reference
        ? reference
        : { task_id: action.task.taskId, dag_id: action.workflowId, dag_run_id: action.runId },
    ];
  };

  const mapIndexNote = (action: Extract<Action, { kind: 'clearTasks' }>) =>
    action.tasks.some((task) => task.mapIndex !== undefined && task.mapIndex >= 0)
      ? ' (Airflow 2 clears every map index of a mapped task)'
      : '';

  const adapter: AirflowAdapter = {
    apiVersion: 'v1',
    version,
    api,

    async health(signal) {
      return describeHealth(
        await api.call({ method: 'GET', path: '/health', what: 'Read Airflow health', signal }, HealthV1),
      );
    },

    async checkAuth(signal) {
      await api.call(
        { method: 'GET', path: '/dags', what: 'Check Airflow credentials', query: { limit: 1 }, signal },
        DagCollectionV1,
      );
    },

    listWorkflows: (options = {}, signal) =>
      fetchAllPages(async (offset, limit) => {
        const page = await api.call(
          {
            method: 'GET',
            path: '/dags',
            what: 'List DAGs',
            query: {
              limit,
              offset,
              order_by: 'dag_id',
              dag_id_pattern: options.search || undefined,
              paused: options.paused,
              tags: options.tags && options.tags.length > 0 ? options.tags : undefined,
            },
            signal,
          },
          DagCollectionV1,
        );
        return { items: page.dags.map(toWorkflow), total: page.total_entries };
      }),

    getWorkflow: async (workflowId, signal) =>
      toWorkflow(
        await api.call(
          { method: 'GET', path: apiPath`/dags/${workflowId}`, what: `Read DAG ${workflowId}`, signal },
          DagV1,
        ),
      ),

    getTriggerParams: async (workflowId, signal) => {
      const details = await api.call(
        {
          method: 'GET',
          path: apiPath`/dags/${workflowId}/details`,
          what: `Read params of ${workflowId}`,
          signal,
        },
        DagDetailsV1,
      );
      return toParamSpecs(details.params);
    },

    listRuns: (workflowId, options = {}, signal) =>
      listRunsAt(workflowId, options.limit, options.activeOnly, signal),
    listRecentRuns: (options = {}, signal) => listRunsAt('~', options.limit, options.activeOnly, signal),
    getRun,
    listTasks,

    async readLog(ref, signal) {
      const ti = await api.call(
        {
          method: 'GET',
          path: tiPath(ref.workflowId, ref.runId, ref.taskId, ref.mapIndex),
          what: `Read task ${taskLabel(ref.taskId, ref.mapIndex)}`,
          signal,
        },
        TaskInstanceV1,
      );
      // 2.10+: try_number is the current try (≤2.9 it was the next one, reference §2.3).
      const tryNumber = ref.tryNumber ?? ti.try_number;
      const complete = isFinishedTaskState(ti.state) || tryNumber < ti.try_number;
      if (tryNumber < 1) return { lines: [], complete };
      // text/plain gives the whole log of the try; the JSON form is a Python repr string (§1.9).
      const text = await api.text({
        method: 'GET',
        path: apiPath`/dags/${ref.workflowId}/dagRuns/${ref.runId}/taskInstances/${ref.taskId}/logs/${tryNumber}`,
        what: `Read the log of ${taskLabel(ref.taskId, ref.mapIndex)} try ${tryNumber}`,
        query: { full_content: true, map_index: ref.mapIndex ?? -1 },
        acceptHeader: 'text/plain',
        signal,
      });
      return { lines: parseTextLog(text), complete };
    },

    async findLinks(task, signal) {
      const read = (key: string) =>
        api.find(
          {
            method: 'GET',
            path: apiPath`/dags/${task.workflowId}/dagRuns/${task.runId}/taskInstances/${task.taskId}/xcomEntries/${key}`,
            what: `Read XCom ${key} of ${task.taskId}`,
            query: { map_index: task.mapIndex ?? -1 },
            signal,
          },
          XComEntryV1,
        );
      const [runId, runPageUrl] = await Promise.all([read('run_id'), read('run_page_url')]);
      return toDatabricksLinks(runId?.value, runPageUrl?.value);
    },

    async preview(action, signal): Promise<ActionPreview> {
      switch (action.kind) {
        case 'clearTasks': {
          const refs = await clear(action, true, signal);
          return {
            action,
            summary:
              refs.length === 0
                ? `Nothing to clear in ${action.workflowId} / ${action.runId}${action.onlyFailed ? ' (only failed tasks were asked for)' : ''}`
                : `Clear ${refs.length} task instance(s) of ${action.workflowId} / ${action.runId}; they run again${mapIndexNote(action)}`,
            affected: refs.map((ref) => ref.task_id),
            serverDryRun: true,
            destructive: false,
          };
        }
        case 'markTaskState': {
          const refs = await markTask(action, true, signal);
          return {
            action,
            summary: `Mark ${refs.length} task instance(s) of ${action.workflowId} / ${action.runId} ${action.state}`,
            affected: refs.map((ref) => ref.task_id),
            serverDryRun: true,
            destructive: action.state === 'failed',
          };
        }
        case 'markRunState': {
          const [run, tasks] = await Promise.all([
            getRun(action.workflowId, action.runId, signal),
            listTasks(action.workflowId, action.runId, signal),
          ]);
          return previewMarkRunState(action, run, tasks);
        }
        case 'trigger':
          return previewTrigger(action);
        case 'setPaused':
          return previewSetPaused(action);
        default:
          throw refuseOnAirflow(action);
      }
    },

    async execute(action, signal): Promise<ActionResult> {
      switch (action.kind) {
        case 'clearTasks': {
          const refs = await clear(action, false, signal);
          return {
            action,
            summary: `Cleared ${refs.length} task instance(s) of ${action.workflowId} / ${action.runId}`,
            runId: action.runId,
            affected: refs.map((ref) => ref.task_id),
          };
        }
        case 'markTaskState': {
          const refs = await markTask(action, false, signal);
          return {
            action,
            summary: `Marked ${refs.length} task instance(s) of ${action.workflowId} / ${action.runId} ${action.state}`,
            runId: action.runId,
            affected: refs.map((ref) => ref.task_id),
          };
        }
        case 'markRunState': {
          const run = await api.call(
            {
              method: 'PATCH',
              path: apiPath`/dags/${action.workflowId}/dagRuns/${action.runId}`,
              what: `Marking run ${action.runId} ${action.state}`,
              json: { state: action.state },
              signal,
            },
            DagRunV1,
          );
          return {
            action,
            summary: `Run ${run.dag_run_id} of ${run.dag_id} is now ${run.state}`,
            runId: run.dag_run_id,
            affected: [`run ${run.dag_run_id} (${run.state})`],
          };
        }
        case 'trigger': {
          const body: Record<string, unknown> = { dag_run_id: action.requestId, conf: action.params };
          // v1 always has a logical date (defaults to now); null cannot be sent (reference §1.5).
          if (action.logicalDate) body.logical_date = action.logicalDate;
          if (action.note) body.note = action.note;
          try {
            const run = await api.call(
              {
                method: 'POST',
                path: apiPath`/dags/${action.workflowId}/dagRuns`,
                what: `Triggering ${action.workflowId}`,
                json: body,
                // The client-chosen dag_run_id makes a re-send a 409, never a second run.
                idempotent: true,
                signal,
              },
              DagRunV1,
            );
            return {
              action,
              summary: `Triggered ${run.dag_id}: run ${run.dag_run_id} is ${run.state}`,
              runId: run.dag_run_id,
              affected: [`run ${run.dag_run_id}`],
            };
          } catch (error) {
            throw await explainTriggerConflict(error, action, (id) => getRun(action.workflowId, id, signal));
          }
        }
        case 'setPaused': {
          const dag = await api.call(
            {
              method: 'PATCH',
              path: apiPath`/dags/${action.workflowId}`,
              what: `${action.paused ? 'Pausing' : 'Unpausing'} ${action.workflowId}`,
              query: { update_mask: 'is_paused' },
              json: { is_paused: action.paused },
              signal,
            },
            DagV1,
          );
          return {
            action,
            summary: `${dag.dag_id} is now ${dag.is_paused ? 'paused' : 'active'}`,
            affected: [dag.dag_id],
          };
        }
        default:
          throw refuseOnAirflow(action);
      }
    },
  };
  return adapter;
}
