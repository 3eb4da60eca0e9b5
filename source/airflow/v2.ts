// The adapter for API v2 (Airflow 3.x, /api/v2, JWT). Paths, bodies and pitfalls follow
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
import { fetchAllPages, PAGE_SIZE } from './fetchAllPages.js';
import { flattenStructuredLog } from './flattenStructuredLog.js';
import { isFinishedTaskState, mapAirflowState } from './mapAirflowState.js';
import {
  DagCollectionV2,
  DagDetailsV2,
  DagRunCollectionV2,
  DagRunV2,
  DagV2,
  HealthV2,
  TaskInstanceCollectionV2,
  TaskInstanceV2,
  TaskLogV2,
  XComEntryV2,
} from './schemas-v2.js';
import { taskGroupOf } from './taskGroupOf.js';
import { toDatabricksLinks } from './toDatabricksLinks.js';
import { toParamSpecs } from './toParamSpecs.js';

const DEFAULT_RUN_LIMIT = 100;

export function createV2Adapter(options: { api: AirflowApi; version: string }): AirflowAdapter {
  const { api, version } = options;

  const toWorkflow = (dag: DagV2): Workflow => ({
    backend: 'airflow',
    id: dag.dag_id,
    name: dag.dag_display_name || dag.dag_id,
    tags: (dag.tags ?? []).map((tag) => tag.name),
    owners: dag.owners ?? [],
    ...compact({
      description: dag.description,
      paused: dag.is_paused,
      schedule: dag.timetable_summary ?? dag.timetable_description,
      hasImportErrors: dag.has_import_errors,
    }),
  });

  const toRun = (run: DagRunV2): Run => ({
    backend: 'airflow',
    workflowId: run.dag_id,
    id: run.dag_run_id,
    ...mapAirflowState(run.state),
    // Airflow 3 runs may have no logical date; run_after is always set (reference §1.6).
    logicalDate: run.logical_date ?? null,
    url: api.url(apiPath`/dags/${run.dag_id}/runs/${run.dag_run_id}`),
    ...compact({
      trigger: run.run_type,
      queuedAt: run.queued_at ?? run.run_after,
      startedAt: run.start_date,
      endedAt: run.end_date,
      durationMs: typeof run.duration === 'number' ? Math.round(run.duration * 1000) : undefined,
      note: run.note,
      conf: run.conf,
    }),
  });

  const toTask = (ti: TaskInstanceV2): TaskInstance => {
    const mapped = ti.map_index >= 0;
    const uiPath = apiPath`/dags/${ti.dag_id}/runs/${ti.dag_run_id}/tasks/${ti.task_id}`;
    return {
      backend: 'airflow',
      workflowId: ti.dag_id,
      runId: ti.dag_run_id,
      taskId: ti.task_id,
      ...mapAirflowState(ti.state),
      tryNumber: ti.try_number,
      url: api.url(mapped ? `${uiPath}/mapped/${ti.map_index}` : uiPath),
      ...compact({
        mapIndex: mapped ? ti.map_index : undefined,
        group: taskGroupOf(ti.task_id),
        // max_tries counts retries: a task may run max_tries + 1 times (the "try N of M" in its log).
        maxTries: ti.max_tries == null ? undefined : ti.max_tries + 1,
        operator: ti.operator_name ?? ti.operator,
        hostname: ti.hostname || undefined,
        startedAt: ti.start_date,
        endedAt: ti.end_date,
        durationMs: typeof ti.duration === 'number' ? Math.round(ti.duration * 1000) : undefined,
      }),
    };
  };

  const listRunsAt = async (
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
              order_by: '-run_after',
              limit: pageLimit,
              offset,
              state: activeOnly ? ['queued', 'running'] : undefined,
            },
            signal,
          },
          DagRunCollectionV2,
        );
        return { items: page.dag_runs.map(toRun), total: page.total_entries };
      },
      { max: limit ?? DEFAULT_RUN_LIMIT },
    );

  const tiPath = (dagId: string, runId: string, taskId: string, mapIndex: number | undefined) =>
    mapIndex === undefined || mapIndex < 0
      ? apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}`
      : apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}/${mapIndex}`;

  const clear = async (
    action: Extract<Action, { kind: 'clearTasks' }>,
    dryRun: boolean,
    signal?: AbortSignal,
  ) => {
    const body: Record<string, unknown> = {
      dry_run: dryRun,
      dag_run_id: action.runId,
      // Sent explicitly: only_failed defaults to true and would silently clear nothing (reference §1.3-1.4).
      only_failed: action.onlyFailed,
      include_upstream: action.includeUpstream,
      include_downstream: action.includeDownstream,
      include_future: false,
      include_past: false,
      reset_dag_runs: action.resetRun,
    };
    // An empty list is a 422; omitting task_ids means every task (reference §5.7).
    if (action.tasks.length > 0) {
      body.task_ids = action.tasks.map((task) =>
        task.mapIndex === undefined || task.mapIndex < 0 ? task.taskId : [task.taskId, task.mapIndex],
      );
    }
    const result = await api.call(
      {
        method: 'POST',
        path: apiPath`/dags/${action.workflowId}/clearTaskInstances`,
        what: `${dryRun ? 'Preview of clearing' : 'Clearing'} tasks of ${action.workflowId} / ${action.runId}`,
        json: body,
        signal,
      },
      TaskInstanceCollectionV2,
    );
    return result.task_instances;
  };

  const markTask = async (
    action: Extract<Action, { kind: 'markTaskState' }>,
    dryRun: boolean,
    signal?: AbortSignal,
  ) => {
    const path = tiPath(action.workflowId, action.runId, action.task.taskId, action.task.mapIndex);
    const result = await api.call(
      {
        method: 'PATCH',
        // v2 PATCH has no dry_run field: the preview is a separate /dry_run twin (reference §1.7, §5.8).
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
    return result.task_instances;
  };

  const getRun = async (dagId: string, runId: string, signal?: AbortSignal) =>
    toRun(
      await api.call(
        {
          method: 'GET',
          path: apiPath`/dags/${dagId}/dagRuns/${runId}`,
          what: `Read run ${runId} of ${dagId}`,
          signal,
        },
        DagRunV2,
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
        TaskInstanceCollectionV2,
      );
      return {
        items: page.task_instances.map(toTask),
        total: page.total_entries ?? page.task_instances.length,
      };
    });

  const adapter: AirflowAdapter = {
    apiVersion: 'v2',
    version,
    api,

    async health(signal) {
      return describeHealth(
        await api.call(
          { method: 'GET', path: '/monitor/health', what: 'Read Airflow health', signal },
          HealthV2,
        ),
      );
    },

    async checkAuth(signal) {
      await api.call(
        { method: 'GET', path: '/dags', what: 'Check Airflow credentials', query: { limit: 1 }, signal },
        DagCollectionV2,
      );
    },

    listWorkflows: (options = {}, signal) =>
      fetchAllPages(
        async (offset, limit) => {
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
            DagCollectionV2,
          );
          return { items: page.dags.map(toWorkflow), total: page.total_entries };
        },
        { pageSize: PAGE_SIZE },
      ),

    getWorkflow: async (workflowId, signal) =>
      toWorkflow(
        await api.call(
          { method: 'GET', path: apiPath`/dags/${workflowId}`, what: `Read DAG ${workflowId}`, signal },
          DagV2,
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
        DagDetailsV2,
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
        TaskInstanceV2,
      );
      const tryNumber = ref.tryNumber ?? ti.try_number;
      const complete = isFinishedTaskState(ti.state) || tryNumber < ti.try_number;
      if (tryNumber < 1) return { lines: [], complete };
      // The whole log, every time: continuation tokens are broken in many 3.x releases and both
      // official UIs re-fetch and diff (reference §1.9, §5.9). text/plain is a 406 on v2.
      const log = await api.call(
        {
          method: 'GET',
          path: apiPath`/dags/${ref.workflowId}/dagRuns/${ref.runId}/taskInstances/${ref.taskId}/logs/${tryNumber}`,
          what: `Read the log of ${taskLabel(ref.taskId, ref.mapIndex)} try ${tryNumber}`,
          query: { full_content: true, map_index: ref.mapIndex ?? -1 },
          acceptHeader: 'application/json',
          signal,
        },
        TaskLogV2,
      );
      const content = typeof log.content === 'string' ? [log.content] : log.content;
      return { lines: flattenStructuredLog(content), complete };
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
          XComEntryV2,
        );
      const [runId, runPageUrl] = await Promise.all([read('run_id'), read('run_page_url')]);
      return toDatabricksLinks(runId?.value, runPageUrl?.value);
    },

    async preview(action, signal): Promise<ActionPreview> {
      switch (action.kind) {
        case 'clearTasks': {
          const tis = await clear(action, true, signal);
          return {
            action,
            summary:
              tis.length === 0
                ? `Nothing to clear in ${action.workflowId} / ${action.runId}${action.onlyFailed ? ' (only failed tasks were asked for)' : ''}`
                : `Clear ${tis.length} task instance(s) of ${action.workflowId} / ${action.runId}; they run again`,
            affected: tis.map((ti) => taskLabel(ti.task_id, ti.map_index, ti.state)),
            serverDryRun: true,
            destructive: tis.some((ti) => mapAirflowState(ti.state).state === 'running'),
          };
        }
        case 'markTaskState': {
          const tis = await markTask(action, true, signal);
          return {
            action,
            summary: `Mark ${tis.length} task instance(s) of ${action.workflowId} / ${action.runId} ${action.state}`,
            affected: tis.map((ti) => taskLabel(ti.task_id, ti.map_index, ti.state)),
            serverDryRun: true,
            destructive:
              action.state === 'failed' || tis.some((ti) => mapAirflowState(ti.state).state === 'running'),
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
          const tis = await clear(action, false, signal);
          return {
            action,
            summary: `Cleared ${tis.length} task instance(s) of ${action.workflowId} / ${action.runId}`,
            runId: action.runId,
            affected: tis.map((ti) => taskLabel(ti.task_id, ti.map_index)),
          };
        }
        case 'markTaskState': {
          const tis = await markTask(action, false, signal);
          return {
            action,
            summary: `Marked ${tis.length} task instance(s) of ${action.workflowId} / ${action.runId} ${action.state}`,
            runId: action.runId,
            affected: tis.map((ti) => taskLabel(ti.task_id, ti.map_index, ti.state)),
          };
        }
        case 'markRunState': {
          const run = await api.call(
            {
              method: 'PATCH',
              path: apiPath`/dags/${action.workflowId}/dagRuns/${action.runId}`,
              what: `Marking run ${action.runId} ${action.state}`,
              query: { update_mask: ['state'] },
              json: { state: action.state },
              signal,
            },
            DagRunV2,
          );
          return {
            action,
            summary: `Run ${run.dag_run_id} of ${run.dag_id} is now ${run.state}`,
            runId: run.dag_run_id,
            affected: [`run ${run.dag_run_id} (${run.state})`],
          };
        }
        case 'trigger': {
          const body: Record<string, unknown> = {
            dag_run_id: action.requestId,
            // Required although nullable: omitting it is a 422 (reference §1.5).
            logical_date: action.logicalDate ?? null,
            conf: action.params,
          };
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
              DagRunV2,
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
              query: { update_mask: ['is_paused'] },
              json: { is_paused: action.paused },
              signal,
            },
            DagV2,
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
