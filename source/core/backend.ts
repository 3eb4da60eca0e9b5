import type { Action, ActionKind, ActionPreview, ActionResult } from './actions.js';
import type {
  BackendInfo,
  BackendKind,
  CrossLink,
  FailureReason,
  FailureRef,
  FollowLogOptions,
  ImportError,
  LogBatch,
  LogRef,
  Run,
  State,
  TaskAttempt,
  TaskDefinition,
  TaskInstance,
  Workflow,
} from './model.js';
import type { Connection, WorkflowSettings, XComSize } from './platformSettings.js';

/** A JSON-schema-like description of one trigger parameter, so the UI can render a form. */
export interface ParamSpec {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null' | 'unknown';
  default?: unknown;
  description?: string;
  enum?: unknown[];
  required?: boolean;
  /** The parameter's own JSON schema, when the backend has one (Airflow Param); checked before sending. */
  schema?: Record<string, unknown>;
}

export interface Capabilities {
  /** The writes this backend supports. The UI offers exactly these. */
  actions: ReadonlySet<ActionKind>;
  /** Whether task logs can be followed while the task runs. */
  followLog: boolean;
  /** Whether a server-side dry run exists for an action (otherwise the preview is our estimate). */
  serverDryRun: ReadonlySet<ActionKind>;
  /** What a trigger takes besides its parameters: a logical date and a note (Airflow). */
  trigger: { logicalDate: boolean; note: boolean };
  /**
   * How a workflow's runs are shown: a grid of task instances, runs as columns, where every run has
   * the workflow's tasks (Airflow); or a list of runs, each opened for its own task runs and
   * repairs (Databricks).
   */
  runView: 'taskGrid' | 'runList';
  /** What one more go of a task is called in its log: a try (Airflow) or an attempt (Databricks). */
  retryWord: 'try' | 'attempt';
}

export interface ListWorkflowsOptions {
  /** Substring filter on id/name, applied server-side where the API can. */
  search?: string;
  paused?: boolean;
  tags?: string[];
  /**
   * Called as pages arrive, with every workflow read so far and how many the server announced
   * (undefined when it does not say), so a screen can show the first rows at once.
   */
  onProgress?: ((pages: PagesSoFar<Workflow>) => void) | undefined;
}

/**
 * How far a list read has got: how many items are in, how many the server announced (undefined
 * when it does not say), and the items themselves, copied only when asked for (a screen shows a
 * few times a second what arrives page by page).
 */
export interface PagesSoFar<T> {
  loaded: number;
  total: number | undefined;
  items(): T[];
}

export interface ListRunsOptions {
  limit?: number;
  /** Only runs still going (queued or running). */
  activeOnly?: boolean;
  /**
   * Only finished runs in these states (`['failed']`): Airflow asks the server for exactly these;
   * Databricks, which cannot filter by result, asks for completed runs and keeps these.
   */
  finishedStates?: readonly State[];
  /** Only runs that ended (Airflow) or started (Databricks) at or after this ISO time. */
  since?: string;
}

/**
 * One backend: an Airflow deployment or a Databricks workspace. Every method takes an AbortSignal;
 * every failure is a typed DagdeckError. Lists come back complete (all pages merged) and runs newest
 * first; a caller that wants the workflows while they arrive passes `onProgress`.
 */
export interface Backend {
  readonly kind: BackendKind;
  readonly capabilities: Capabilities;
  /** Reachability, version, authentication and health; also the first call a console makes. */
  probe(signal?: AbortSignal): Promise<BackendInfo>;
  /**
   * What the server tells without credentials (Airflow answers its version and health to anyone),
   * so that a refused login can still say which server refused it. Only the endpoint and the API
   * version where the backend has no such endpoint (Databricks).
   */
  serverInfo(signal?: AbortSignal): Promise<BackendInfo>;
  listWorkflows(options?: ListWorkflowsOptions, signal?: AbortSignal): Promise<Workflow[]>;
  getWorkflow(workflowId: string, signal?: AbortSignal): Promise<Workflow>;
  /**
   * The workflow files the backend could not load, all pages (Airflow import errors, filtered by
   * the server to the files the user may read). Refused where the backend has no such thing
   * (Databricks).
   */
  listImportErrors(signal?: AbortSignal): Promise<ImportError[]>;
  /** The trigger parameters the workflow declares (Airflow DAG params, Databricks job parameters). */
  getTriggerParams(workflowId: string, signal?: AbortSignal): Promise<ParamSpec[]>;
  /**
   * The workflow's tasks as declared (an Airflow DAG's tasks, a Databricks job's tasks): the graph
   * the grid orders its rows by, and each task's retry settings. Read from the current definition,
   * not from any run.
   */
  listTaskDefinitions(workflowId: string, signal?: AbortSignal): Promise<TaskDefinition[]>;
  listRuns(workflowId: string, options?: ListRunsOptions, signal?: AbortSignal): Promise<Run[]>;
  /** Recent runs across all workflows, newest first (for the last-N-states column and the incident view). */
  listRecentRuns(options?: ListRunsOptions, signal?: AbortSignal): Promise<Run[]>;
  /**
   * One run. Databricks run ids are unique in the workspace: there workflowId may be '' (a command
   * given only a run id), and the run's own workflowId then names its job ('' for a run no job made).
   */
  getRun(workflowId: string, runId: string, signal?: AbortSignal): Promise<Run>;
  listTasks(workflowId: string, runId: string, signal?: AbortSignal): Promise<TaskInstance[]>;
  /**
   * Every try of one task, newest first: Airflow's task-instance tries (2.10+ and 3.x), Databricks'
   * attempts of the task key (retries and repairs).
   */
  listTries(task: TaskInstance, signal?: AbortSignal): Promise<TaskAttempt[]>;
  /**
   * The log of a task, as batches of new lines, each with a cursor to resume after it. With
   * `follow` (the default) it keeps reading until the task finishes, riding out a dropped
   * connection, a restarted server or an expired token; without, it reads what is there now. The
   * adapter hides how its server resumes (continuation tokens, re-reads diffed by position).
   * Refusals that retrying cannot fix (unknown task or try, credentials rejected) are thrown.
   */
  followLog(ref: LogRef, options?: FollowLogOptions): AsyncIterable<LogBatch>;
  /**
   * The first line of why a task (or a run's first failed task) failed: the failed try's first
   * error or traceback for Airflow, the task's error and state message for Databricks. Undefined
   * when nothing failed or the server gives no reason.
   */
  findFailureReason(ref: FailureRef, signal?: AbortSignal): Promise<FailureReason | undefined>;
  /**
   * The connections the server stores (Airflow), every page; passwords are never read. A role that
   * may not read them gets Forbidden. Refused where the backend has no such thing (Databricks).
   */
  listConnections(signal?: AbortSignal): Promise<Connection[]>;
  /** The workflow-wide settings a review checks: run timeout, failure alerts, job clusters. */
  getWorkflowSettings(workflowId: string, signal?: AbortSignal): Promise<WorkflowSettings>;
  /** The XComs one run's tasks pushed and their stored sizes (Airflow); none on Databricks. */
  listXComSizes(workflowId: string, runId: string, signal?: AbortSignal): Promise<XComSize[]>;
  /** Runs on the other backend that this task started (Airflow XCom run_id/run_page_url). */
  findLinks(task: TaskInstance, signal?: AbortSignal): Promise<CrossLink[]>;
  preview(action: Action, signal?: AbortSignal): Promise<ActionPreview>;
  /** Executes once. Never retried unless the request carries an idempotency key. */
  execute(action: Action, signal?: AbortSignal): Promise<ActionResult>;
}
