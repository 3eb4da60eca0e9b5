// The one AirflowAdapter both API versions run on: paging, reads, logs, XCom links and the
// action flows are written once here; the version's dialect (v1.ts, v2.ts) supplies the paths,
// schemas, mappings and bodies that really differ.
import { z } from 'zod';
import type { ListRunsOptions } from '../core/backend.js';
import type { Run } from '../core/model.js';
import { zodItem } from '../http/listReader.js';
import type { AirflowAdapter } from './adapter.js';
import type { AirflowApi, ApiRequest } from './airflowApi.js';
import type { AirflowDialect } from './airflowDialect.js';
import { apiPath } from './apiPath.js';
import { createAirflowActions } from './createAirflowActions.js';
import { createAirflowReviewReads } from './createAirflowReviewReads.js';
import { taskLabel } from './describeActions.js';
import { describeHealth } from './describeHealth.js';
import { fetchAllPages, type RawPage } from './fetchAllPages.js';
import { findFailureReason } from './findFailureReason.js';
import { followTaskLog } from './followTaskLog.js';
import { taskInstancePath } from './taskInstancePath.js';
import { toDatabricksLinks } from './toDatabricksLinks.js';
import { toImportError } from './toImportError.js';
import { toParamSpecs } from './toParamSpecs.js';
import type { DagRunFields } from './toRun.js';
import { toTaskDefinitions } from './toTaskDefinitions.js';
import type { TaskInstanceFields } from './toTaskInstance.js';
import { toTries } from './toTries.js';
import type { DagFields } from './toWorkflow.js';

const DEFAULT_RUN_LIMIT = 100;

// One page of each collection: the items are checked one by one by the pager, so that one malformed
// DAG is skipped with a note instead of failing the whole list; the pager checks total_entries too
// (null when Airflow 3.3 pages by cursor).
const total_entries = z.number().nullish();
const DagPage = z.object({ dags: z.array(z.unknown()), total_entries });
const DagRunPage = z.object({ dag_runs: z.array(z.unknown()), total_entries });
const TaskInstancePage = z.object({ task_instances: z.array(z.unknown()), total_entries });
const ImportErrorPage = z.object({ import_errors: z.array(z.unknown()), total_entries });

/** A raw item's own id, to name it when it is malformed. */
const field =
  (...names: string[]) =>
  (raw: Record<string, unknown>) =>
    names.map((name) => raw[name]).find((value) => value !== undefined);

export function createAirflowAdapter<
  Dag extends DagFields,
  DagRun extends DagRunFields,
  Ti extends TaskInstanceFields,
>(options: { api: AirflowApi; version: string; dialect: AirflowDialect<Dag, DagRun, Ti> }): AirflowAdapter {
  const { api, version, dialect } = options;
  const { schemas } = dialect;

  const source = `Airflow at ${api.baseUrl}`;
  const toTaskItem = zodItem(schemas.taskInstance, dialect.toTask, field('task_id'));

  const listRunsAt = (dagId: string, options: ListRunsOptions, signal?: AbortSignal) => {
    const { limit, activeOnly, finishedStates, since } = options;
    const what = dagId === '~' ? 'List recent DAG runs' : `List runs of ${dagId}`;
    return fetchAllPages<Run>(
      async (offset, pageLimit, pageSignal): Promise<RawPage> => {
        const page = await api.call(
          {
            method: 'GET',
            path: apiPath`/dags/${dagId}/dagRuns`,
            what,
            query: {
              order_by: dialect.newestRunsFirst,
              limit: pageLimit,
              offset,
              state: activeOnly
                ? ['queued', 'running']
                : finishedStates?.length
                  ? [...finishedStates]
                  : undefined,
              end_date_gte: since,
            },
            signal: pageSignal,
          },
          DagRunPage,
        );
        return { items: page.dag_runs, total: page.total_entries };
      },
      {
        what,
        source,
        noun: 'DAG run',
        parse: zodItem(schemas.dagRun, dialect.toRun, field('dag_run_id')),
        keyOf: (run) => `${run.workflowId}/${run.id}`,
        limits: api.lists,
        max: limit ?? DEFAULT_RUN_LIMIT,
        signal,
      },
    );
  };

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

  /**
   * Every page of a task-instance collection: a run's task instances (one per task and map index),
   * or one instance's tries (where a cleared try can appear twice, once per row).
   */
  const allTaskInstances = (
    request: Pick<ApiRequest, 'path' | 'what' | 'query'>,
    keyOf: (ti: ReturnType<typeof dialect.toTask>) => string,
    signal?: AbortSignal,
  ) =>
    fetchAllPages(
      async (offset, limit, pageSignal): Promise<RawPage> => {
        const page = await api.call(
          { method: 'GET', ...request, query: { limit, offset, ...request.query }, signal: pageSignal },
          TaskInstancePage,
        );
        return { items: page.task_instances, total: page.total_entries };
      },
      {
        what: request.what,
        source,
        noun: 'task instance',
        parse: toTaskItem,
        keyOf,
        limits: api.lists,
        signal,
      },
    );

  const listTasks = (dagId: string, runId: string, signal?: AbortSignal) =>
    allTaskInstances(
      {
        path: apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances`,
        what: `List task instances of ${dagId} / ${runId}`,
        query: { order_by: dialect.taskInstanceOrder },
      },
      (ti) => `${ti.taskId}/${ti.mapIndex ?? -1}`,
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
        DagPage,
      );
    },

    listWorkflows: (options = {}, signal) =>
      fetchAllPages(
        async (offset, limit, pageSignal): Promise<RawPage> => {
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
              signal: pageSignal,
            },
            DagPage,
          );
          return { items: page.dags, total: page.total_entries };
        },
        {
          what: 'List DAGs',
          source,
          noun: 'DAG',
          parse: zodItem(schemas.dag, dialect.toWorkflow, field('dag_id')),
          keyOf: (workflow) => workflow.id,
          limits: api.lists,
          signal,
          onPage: options.onProgress,
        },
      ),

    getWorkflow: async (workflowId, signal) =>
      dialect.toWorkflow(
        await api.call(
          { method: 'GET', path: apiPath`/dags/${workflowId}`, what: `Read DAG ${workflowId}`, signal },
          schemas.dag,
        ),
      ),

    listImportErrors: (signal) =>
      // The same path and fields in v1 and v2, ordered by id so that the offset pages are stable.
      fetchAllPages(
        async (offset, limit, pageSignal): Promise<RawPage> => {
          const page = await api.call(
            {
              method: 'GET',
              path: '/importErrors',
              what: 'List import errors',
              query: { limit, offset, order_by: dialect.importErrorOrder },
              signal: pageSignal,
            },
            ImportErrorPage,
          );
          return { items: page.import_errors, total: page.total_entries };
        },
        {
          what: 'List import errors',
          source,
          noun: 'import error',
          parse: zodItem(schemas.importError, toImportError, field('import_error_id', 'filename')),
          keyOf: (error) => String(error.id),
          limits: api.lists,
          signal,
        },
      ),

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

    async listTaskDefinitions(workflowId, signal) {
      // One answer with every task (the endpoint has no paging), in task id order.
      const answer = await api.call(
        {
          method: 'GET',
          path: apiPath`/dags/${workflowId}/tasks`,
          what: `Read the tasks of ${workflowId}`,
          query: { order_by: 'task_id' },
          signal,
        },
        schemas.tasks,
      );
      return toTaskDefinitions(answer.tasks);
    },

    listRuns: (workflowId, options = {}, signal) => listRunsAt(workflowId, options, signal),
    listRecentRuns: (options = {}, signal) => listRunsAt('~', options, signal),
    getRun,
    listTasks,

    async listTries(task, signal) {
      // The same path in v1 (2.10+) and v2; a mapped index goes in the path, which both versions
      // have (v1 has no map_index query here). The answer is the task-instance history plus the
      // live try, both with the task-instance fields we read.
      const path = `${taskInstancePath(task.workflowId, task.runId, task.taskId, task.mapIndex)}/tries`;
      const what = `List the tries of ${taskLabel(task.taskId, task.mapIndex)}`;
      const rows = await allTaskInstances(
        { path, what },
        (ti) => `${ti.tryNumber}/${ti.rawState}/${ti.startedAt ?? ''}/${ti.endedAt ?? ''}`,
        signal,
      );
      return toTries(rows);
    },

    followLog: (ref, followOptions) =>
      followTaskLog(
        {
          api,
          taskInstance: schemas.taskInstance,
          readTryLog: dialect.readTryLog,
          resumesLogs: dialect.resumesLogs,
        },
        ref,
        followOptions,
      ),

    findFailureReason: (ref, signal) =>
      findFailureReason({ listTasks, followLog: adapter.followLog }, ref, signal),

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
    ...createAirflowReviewReads({ api, apiVersion: dialect.apiVersion }),
  };
  return adapter;
}
