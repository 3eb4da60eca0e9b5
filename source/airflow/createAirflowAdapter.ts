// The one AirflowAdapter both API versions run on: paging, reads, logs, XCom links and the
// action flows are written once here; the version's dialect (v1.ts, v2.ts) supplies the paths,
// schemas, mappings and bodies that really differ (reference airflow-api.md §6).
import type { AirflowAdapter } from './adapter.js';
import type { AirflowApi } from './airflowApi.js';
import type { AirflowDialect } from './airflowDialect.js';
import { apiPath } from './apiPath.js';
import { createAirflowActions } from './createAirflowActions.js';
import { taskLabel } from './describeActions.js';
import { describeHealth } from './describeHealth.js';
import { fetchAllPages } from './fetchAllPages.js';
import { isFinishedTaskState } from './mapAirflowState.js';
import { taskInstancePath } from './taskInstancePath.js';
import { toDatabricksLinks } from './toDatabricksLinks.js';
import { toImportError } from './toImportError.js';
import { toParamSpecs } from './toParamSpecs.js';
import type { DagRunFields } from './toRun.js';
import type { TaskInstanceFields } from './toTaskInstance.js';
import { toTries } from './toTries.js';
import type { DagFields } from './toWorkflow.js';

const DEFAULT_RUN_LIMIT = 100;

export function createAirflowAdapter<
  Dag extends DagFields,
  DagRun extends DagRunFields,
  Ti extends TaskInstanceFields,
>(options: { api: AirflowApi; version: string; dialect: AirflowDialect<Dag, DagRun, Ti> }): AirflowAdapter {
  const { api, version, dialect } = options;
  const { schemas } = dialect;

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
            query: {
              order_by: dialect.newestRunsFirst,
              limit: pageLimit,
              offset,
              state: activeOnly ? ['queued', 'running'] : undefined,
            },
            signal,
          },
          schemas.dagRunCollection,
        );
        return { items: page.dag_runs.map(dialect.toRun), total: page.total_entries };
      },
      { max: limit ?? DEFAULT_RUN_LIMIT },
    );

  const getRun = async (dagId: string, runId: string, signal?: AbortSignal) =>
    dialect.toRun(
      await api.call(
        {
          method: 'GET',
          path: apiPath`/dags/${dagId}/dagRuns/${runId}`,
          what: `Read run ${runId} of ${dagId}`,
          signal,
        },
        schemas.dagRun,
      ),
    );

  /** Every page of a task-instance collection: a run's task instances, or one instance's tries. */
  const allTaskInstances = (path: string, what: string, signal?: AbortSignal) =>
    fetchAllPages(async (offset, limit) => {
      const page = await api.call(
        { method: 'GET', path, what, query: { limit, offset }, signal },
        schemas.taskInstanceCollection,
      );
      // v2 may answer total_entries null (3.3 cursor mode, reference §2.2); v1 always sets it.
      return {
        items: page.task_instances.map(dialect.toTask),
        total: page.total_entries ?? page.task_instances.length,
      };
    });

  const listTasks = (dagId: string, runId: string, signal?: AbortSignal) =>
    allTaskInstances(
      apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances`,
      `List task instances of ${dagId} / ${runId}`,
      signal,
    );

  const adapter: AirflowAdapter = {
    apiVersion: dialect.apiVersion,
    version,
    api,

    async health(signal) {
      return describeHealth(
        await api.call(
          { method: 'GET', path: dialect.healthPath, what: 'Read Airflow health', signal },
          schemas.health,
        ),
      );
    },

    async checkAuth(signal) {
      await api.call(
        { method: 'GET', path: '/dags', what: 'Check Airflow credentials', query: { limit: 1 }, signal },
        schemas.dagCollection,
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
          schemas.dagCollection,
        );
        return { items: page.dags.map(dialect.toWorkflow), total: page.total_entries };
      }),

    getWorkflow: async (workflowId, signal) =>
      dialect.toWorkflow(
        await api.call(
          { method: 'GET', path: apiPath`/dags/${workflowId}`, what: `Read DAG ${workflowId}`, signal },
          schemas.dag,
        ),
      ),

    listImportErrors: (signal) =>
      // The same path and fields in v1 and v2; the default order (by id) keeps the offset pages stable.
      fetchAllPages(async (offset, limit) => {
        const page = await api.call(
          {
            method: 'GET',
            path: '/importErrors',
            what: 'List import errors',
            query: { limit, offset },
            signal,
          },
          schemas.importErrorCollection,
        );
        return { items: page.import_errors.map(toImportError), total: page.total_entries };
      }),

    getTriggerParams: async (workflowId, signal) => {
      const details = await api.call(
        {
          method: 'GET',
          path: apiPath`/dags/${workflowId}/details`,
          what: `Read params of ${workflowId}`,
          signal,
        },
        schemas.dagDetails,
      );
      return toParamSpecs(details.params);
    },

    listRuns: (workflowId, options = {}, signal) =>
      listRunsAt(workflowId, options.limit, options.activeOnly, signal),
    listRecentRuns: (options = {}, signal) => listRunsAt('~', options.limit, options.activeOnly, signal),
    getRun,
    listTasks,

    async listTries(task, signal) {
      // The same path in v1 (2.10+) and v2; a mapped index goes in the path, which both versions
      // have (v1 has no map_index query here). The answer is the task-instance history plus the
      // live try, both with the task-instance fields we read (reference §2.3, §5.6).
      const path = `${taskInstancePath(task.workflowId, task.runId, task.taskId, task.mapIndex)}/tries`;
      const what = `List the tries of ${taskLabel(task.taskId, task.mapIndex)}`;
      return toTries(await allTaskInstances(path, what, signal));
    },

    async readLog(ref, signal) {
      const ti = await api.call(
        {
          method: 'GET',
          path: taskInstancePath(ref.workflowId, ref.runId, ref.taskId, ref.mapIndex),
          what: `Read task ${taskLabel(ref.taskId, ref.mapIndex)}`,
          signal,
        },
        schemas.taskInstance,
      );
      // 2.10+ and 3.x: try_number is the current try (≤2.9 it was the next one, reference §2.3).
      const tryNumber = ref.tryNumber ?? ti.try_number;
      const complete = isFinishedTaskState(ti.state) || tryNumber < ti.try_number;
      if (tryNumber < 1) return { lines: [], complete };
      // The whole log of the try, every time: callers diff successive reads (reference §1.9, §5.9).
      const lines = await dialect.readTryLog({
        method: 'GET',
        path: apiPath`/dags/${ref.workflowId}/dagRuns/${ref.runId}/taskInstances/${ref.taskId}/logs/${tryNumber}`,
        what: `Read the log of ${taskLabel(ref.taskId, ref.mapIndex)} try ${tryNumber}`,
        query: { full_content: true, map_index: ref.mapIndex ?? -1 },
        signal,
      });
      return { lines, complete };
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
          schemas.xcomEntry,
        );
      const [runId, runPageUrl] = await Promise.all([read('run_id'), read('run_page_url')]);
      return toDatabricksLinks(runId?.value, runPageUrl?.value);
    },

    ...createAirflowActions({ api, dialect, getRun, listTasks }),
  };
  return adapter;
}
