// The Databricks workspace behind the backend-neutral Backend interface (Jobs API 2.2, reference
// databricks-api.md). Every response is parsed by zod in jobsApi; this file maps to the core model;
// the writes (run-now, cancel, cancel-all, repair, pause) are in createDatabricksActions.
import type { ActionKind } from '../core/actions.js';
import type { Backend, Capabilities, ListRunsOptions, ParamSpec } from '../core/backend.js';
import { DagdeckError, NotFound, Refused } from '../core/errors.js';
import type { BackendInfo, Workflow } from '../core/model.js';
import { skippedItemsOf, withSkippedItems } from '../core/skippedItems.js';
import type { ListLimits } from '../http/listLimits.js';
import type { HttpClient } from '../http/types.js';
import { createTokenSource } from './auth/createTokenSource.js';
import type { DatabricksAuth } from './auth/types.js';
import { createDatabricksActions } from './createDatabricksActions.js';
import { followTaskOutput } from './followTaskOutput.js';
import { createJobsApi } from './jobsApi.js';
import { mapState } from './mapState.js';
import {
  type Job,
  ListJobsResponse,
  RunOutput,
  type Run as RunT,
  type RunTask as RunTaskT,
  ScimMe,
} from './schemas.js';
import { toRun } from './toRun.js';
import { toTaskDefinitions } from './toTaskDefinitions.js';
import { groupAttempts, toTaskInstances, toTries } from './toTaskInstances.js';
import { toWorkflow } from './toWorkflow.js';

export interface DatabricksBackendOptions {
  /** Workspace URL, e.g. https://adb-123.azuredatabricks.net (normalised by resolveDatabricksConfig). */
  host: string;
  http: HttpClient;
  auth: DatabricksAuth;
  /** Shown by probe() and `context test`: where the credential came from, never the secret. */
  credentialSource?: string;
  /** Environment for the `databricks` CLI child (PATH); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Clock for token expiry, injectable in tests. */
  now?: () => number;
  /** How often a plan waiting for a repair reads the run (default 5 s; tests shorten it). */
  repairPollMs?: number;
  /** The ceiling and deadline of each list (default: http/listLimits.ts). */
  lists?: ListLimits;
}

const ACTIONS: ReadonlySet<ActionKind> = new Set([
  'trigger',
  'cancelRun',
  'cancelAllRuns',
  'repairRun',
  'awaitRepair',
  'setPaused',
]);
const DEFAULT_RUNS = 25;

export function createDatabricksBackend(options: DatabricksBackendOptions): Backend {
  const host = options.host.replace(/\/+$/, '');
  const tokens = createTokenSource(options.auth, {
    host,
    http: options.http,
    ...(options.env ? { env: options.env } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const api = createJobsApi({
    host,
    http: options.http,
    tokens,
    ...(options.lists ? { lists: options.lists } : {}),
  });
  const capabilities: Capabilities = {
    actions: ACTIONS,
    // followLog re-reads get-output until the task terminates; stdout may only appear at the end.
    followLog: true,
    serverDryRun: new Set(),
    trigger: { logicalDate: false, note: false },
  };

  const listRunPages = async (
    jobId: string | undefined,
    runOptions: ListRunsOptions,
    signal?: AbortSignal,
  ) => {
    const limit = Math.max(1, runOptions.limit ?? DEFAULT_RUNS);
    const { activeOnly, finishedStates, since } = runOptions;
    const sinceMs = since ? Date.parse(since) : Number.NaN;
    const runs = await api.listRuns(
      {
        jobId,
        activeOnly,
        completedOnly: !activeOnly && finishedStates !== undefined,
        startedFrom: Number.isNaN(sinceMs) ? undefined : sinceMs,
        limit,
      },
      signal,
    );
    // The documented order is by end time (start time for unfinished runs) and the SDKs disagree,
    // so sort newest first ourselves (reference §11).
    const sorted = runs
      .map((run) => toRun(run, jobId))
      .filter((run) => !finishedStates || activeOnly || finishedStates.includes(run.state))
      .sort((a, b) => (b.startedAt ?? '9').localeCompare(a.startedAt ?? '9') || Number(b.id) - Number(a.id));
    return withSkippedItems(sorted, skippedItemsOf(runs));
  };

  const getRunChecked = async (workflowId: string, runId: string, signal?: AbortSignal): Promise<RunT> => {
    const run = await api.getRun(runId, signal);
    if (workflowId && run.job_id !== undefined && run.job_id !== workflowId) {
      throw new NotFound(
        `Databricks run ${runId} does not belong to job ${workflowId}: refresh the run list`,
      );
    }
    return run;
  };

  const jobParamsOf = (job: Job) => job.settings.parameters ?? [];
  const actions = createDatabricksActions({
    api,
    listRuns: listRunPages,
    ...(options.repairPollMs !== undefined ? { repairPollMs: options.repairPollMs } : {}),
  });

  const backend: Backend = {
    kind: 'databricks',
    capabilities,

    async serverInfo() {
      // Nothing a workspace answers without a token tells more than this.
      return { backend: 'databricks', endpoint: host, apiVersion: '2.2' };
    },

    async probe(signal) {
      // A cheap authenticated call: proves reachability and the credential at once.
      await api.get('jobs/list', { limit: 1 }, ListJobsResponse, signal);
      const info: BackendInfo = {
        backend: 'databricks',
        endpoint: host,
        apiVersion: '2.2',
        healthy: true,
      };
      if (options.credentialSource) info.credentialSource = options.credentialSource;
      try {
        const response = await options.http.request({
          method: 'GET',
          url: `${host}/api/2.0/preview/scim/v2/Me`,
          headers: { authorization: `Bearer ${await tokens.token(signal)}` },
          service: 'Databricks',
          ...(signal ? { signal } : {}),
        });
        const me = ScimMe.safeParse(response.body);
        const identity = me.success ? (me.data.userName ?? me.data.displayName ?? me.data.id) : undefined;
        if (identity) info.identity = identity;
      } catch (error) {
        // Identity is a nicety: a workspace or simulator without SCIM still probes fine.
        if (!(error instanceof DagdeckError)) throw error;
      }
      return info;
    },

    async listWorkflows(listOptions = {}, signal) {
      const search = listOptions.search?.toLowerCase();
      // Each job is mapped once, so the pages reported while the list is read and the final list
      // share their workflow objects (a screen builds each row once).
      const mapped = new WeakMap<Job, Workflow>();
      const toShared = (job: Job): Workflow => {
        let workflow = mapped.get(job);
        if (!workflow) {
          workflow = toWorkflow(job);
          mapped.set(job, workflow);
        }
        return workflow;
      };
      const { onProgress } = listOptions;
      const jobs = await api.listJobs(
        signal,
        onProgress && !search && listOptions.paused === undefined && !listOptions.tags?.length
          ? (pages) => onProgress({ ...pages, items: () => pages.items().map(toShared) })
          : undefined,
      );
      const workflows = jobs.map(toShared).filter((workflow) => {
        if (search && !workflow.name.toLowerCase().includes(search) && !workflow.id.includes(search))
          return false;
        if (listOptions.paused !== undefined && (workflow.paused ?? false) !== listOptions.paused)
          return false;
        if (listOptions.tags?.length && !listOptions.tags.every((tag) => workflow.tags.includes(tag)))
          return false;
        return true;
      });
      return withSkippedItems(workflows, skippedItemsOf(jobs));
    },

    async getWorkflow(workflowId, signal) {
      return toWorkflow(await api.getJob(workflowId, signal));
    },

    async getTriggerParams(workflowId, signal) {
      const job = await api.getJob(workflowId, signal);
      const jobParams = jobParamsOf(job);
      if (jobParams.length > 0) {
        return jobParams.map(
          (p): ParamSpec => ({
            name: p.name,
            type: 'string',
            ...(p.default !== undefined ? { default: p.default } : {}),
            required: false,
          }),
        );
      }
      // Jobs without job-level parameters still take the deprecated notebook_params (§2 run-now).
      const specs = new Map<string, ParamSpec>();
      for (const task of job.settings.tasks ?? []) {
        for (const [name, value] of Object.entries(task.notebook_task?.base_parameters ?? {})) {
          if (!specs.has(name)) {
            specs.set(name, {
              name,
              type: 'string',
              default: value,
              required: false,
              description: `notebook parameter of task ${task.task_key}`,
            });
          }
        }
      }
      return [...specs.values()];
    },

    async listTaskDefinitions(workflowId, signal) {
      return toTaskDefinitions(await api.getJob(workflowId, signal));
    },

    listRuns: (workflowId, runOptions = {}, signal) => listRunPages(workflowId, runOptions, signal),
    listRecentRuns: (runOptions = {}, signal) => listRunPages(undefined, runOptions, signal),

    async getRun(workflowId, runId, signal) {
      return toRun(await getRunChecked(workflowId, runId, signal), workflowId);
    },

    async listTasks(workflowId, runId, signal) {
      return toTaskInstances(await getRunChecked(workflowId, runId, signal), workflowId);
    },

    async listTries(task, signal) {
      return toTries(await getRunChecked(task.workflowId, task.runId, signal), task.taskId);
    },

    followLog(ref, followOptions) {
      return followTaskOutput(api, getRunChecked, ref, followOptions);
    },

    async findFailureReason(ref, signal) {
      const run = await getRunChecked(ref.workflowId, ref.runId, signal);
      const groups = groupAttempts(run);
      const failed = (attempts: RunTaskT[] | undefined) => {
        const latest = attempts?.[attempts.length - 1];
        return latest !== undefined && mapState(latest.state, latest.status).state === 'failed';
      };
      const taskKey = ref.taskId ?? [...groups.keys()].find((key) => failed(groups.get(key)));
      const attempts = taskKey === undefined ? undefined : groups.get(taskKey);
      const attempt =
        ref.tryNumber !== undefined ? attempts?.[ref.tryNumber - 1] : attempts?.[attempts.length - 1];
      const runMessage = run.state?.state_message;
      if (!attempt || taskKey === undefined) {
        if (mapState(run.state, run.status).state !== 'failed' || !runMessage) return undefined;
        return { text: firstLine(runMessage), source: 'message' };
      }
      if (attempt.run_id) {
        // The error of the task run says what failed; the state messages only that it did.
        const output = await api.get('jobs/runs/get-output', { run_id: attempt.run_id }, RunOutput, signal);
        if (output.error?.trim()) return { text: firstLine(output.error), source: 'error', taskId: taskKey };
      }
      const message = attempt.state?.state_message || attempt.status?.termination_details?.message;
      if (message?.trim()) return { text: firstLine(message), source: 'message', taskId: taskKey };
      return runMessage?.trim()
        ? { text: firstLine(runMessage), source: 'message', taskId: taskKey }
        : undefined;
    },

    async listImportErrors() {
      // Jobs are defined by the API, not loaded from files: nothing can fail to import.
      throw new Refused('Import errors are an Airflow notion: Databricks jobs have no DAG files to import');
    },

    async findLinks() {
      // Databricks tasks do not start Airflow runs; links go the other way (Airflow XComs).
      return [];
    },

    preview: actions.preview,
    execute: actions.execute,
  };
  return backend;
}

/** The first non-empty line of a message. */
function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}
