// The Databricks workspace behind the backend-neutral Backend interface (Jobs API 2.2): this file
// only assembles it. jobsApi holds the HTTP calls, zod and paging; the to*.ts files map to the
// core model; createDatabricksActions holds the writes (run-now, cancel, cancel-all, repair, pause).
import type { ActionKind } from '../core/actions.js';
import type { Backend, Capabilities } from '../core/backend.js';
import { Refused } from '../core/errors.js';
import type { ListLimits } from '../http/listLimits.js';
import type { HttpClient } from '../http/types.js';
import { createTokenSource } from './auth/createTokenSource.js';
import type { DatabricksAuth } from './auth/types.js';
import { createDatabricksActions } from './createDatabricksActions.js';
import { findFailureReason } from './findFailureReason.js';
import { followTaskOutput } from './followTaskOutput.js';
import { getJobRun } from './getJobRun.js';
import { createJobsApi } from './jobsApi.js';
import { listJobRuns } from './listJobRuns.js';
import { listWorkflows } from './listWorkflows.js';
import { probeWorkspace } from './probeWorkspace.js';
import { toParamSpecs } from './toParamSpecs.js';
import { toRun } from './toRun.js';
import { toTaskDefinitions } from './toTaskDefinitions.js';
import { toTaskInstances, toTries } from './toTaskInstances.js';
import { toWorkflow } from './toWorkflow.js';
import { toWorkflowSettings } from './toWorkflowSettings.js';

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

export const DATABRICKS_CAPABILITIES: Capabilities = {
  actions: new Set<ActionKind>([
    'trigger',
    'cancelRun',
    'cancelAllRuns',
    'repairRun',
    'awaitRepair',
    'setPaused',
  ]),
  // followLog re-reads get-output until the task terminates; stdout may only appear at the end.
  followLog: true,
  serverDryRun: new Set(),
  trigger: { logicalDate: false, note: false },
  runView: 'runList',
  retryWord: 'attempt',
};

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
  const getRun = (workflowId: string, runId: string, signal?: AbortSignal) =>
    getJobRun(api, workflowId, runId, signal);
  const actions = createDatabricksActions({
    api,
    listRuns: (jobId, runOptions, signal) => listJobRuns(api, jobId, runOptions, signal),
    ...(options.repairPollMs !== undefined ? { repairPollMs: options.repairPollMs } : {}),
  });

  return {
    kind: 'databricks',
    capabilities: DATABRICKS_CAPABILITIES,
    // Nothing a workspace answers without a token tells more than this.
    serverInfo: async () => ({ backend: 'databricks', endpoint: host, apiVersion: '2.2' }),
    probe: async (signal) => ({
      ...(await probeWorkspace(
        { api, http: options.http, tokens, credentialSource: () => options.credentialSource },
        signal,
      )),
      authKind: options.auth.kind,
    }),
    listWorkflows: (listOptions = {}, signal) => listWorkflows(api, listOptions, signal),
    getWorkflow: async (workflowId, signal) => toWorkflow(await api.getJob(workflowId, signal)),
    getTriggerParams: async (workflowId, signal) => toParamSpecs(await api.getJob(workflowId, signal)),
    listTaskDefinitions: async (workflowId, signal) =>
      toTaskDefinitions(await api.getJob(workflowId, signal)),
    listRuns: (workflowId, runOptions = {}, signal) => listJobRuns(api, workflowId, runOptions, signal),
    listRecentRuns: (runOptions = {}, signal) => listJobRuns(api, undefined, runOptions, signal),
    getRun: async (workflowId, runId, signal) => toRun(await getRun(workflowId, runId, signal), workflowId),
    listTasks: async (workflowId, runId, signal) =>
      toTaskInstances(await getRun(workflowId, runId, signal), workflowId),
    listTries: async (task, signal) =>
      toTries(await getRun(task.workflowId, task.runId, signal), task.taskId),
    followLog: (ref, followOptions) => followTaskOutput(api, getRun, ref, followOptions),
    findFailureReason: (ref, signal) => findFailureReason(api, ref, signal),
    async listImportErrors() {
      // Jobs are defined by the API, not loaded from files: nothing can fail to import.
      throw new Refused('Import errors are an Airflow notion: Databricks jobs have no DAG files to import');
    },
    // Databricks tasks do not start Airflow runs; links go the other way (Airflow XComs).
    findLinks: async () => [],
    async listConnections() {
      throw new Refused('Connections are an Airflow notion: a Databricks workspace stores none');
    },
    getWorkflowSettings: async (workflowId, signal) =>
      toWorkflowSettings(await api.getJob(workflowId, signal)),
    // Databricks tasks pass values through task values and outputs, not XCom.
    listXComSizes: async () => [],
    preview: actions.preview,
    execute: actions.execute,
  };
}
