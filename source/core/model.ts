// The backend-neutral model. Airflow and Databricks adapters map their wire types onto these;
// the UI and the command-line commands only ever see these.
import type { DagdeckError } from './errors.js';
import type { AuthKind, TaskCompute } from './platformSettings.js';

export type BackendKind = 'airflow' | 'databricks';

/**
 * Every backend kind, in the order the console shows them (home panes left to right or top to
 * bottom, header lines): screens walk this list instead of naming a kind.
 */
export const BACKEND_KINDS = ['airflow', 'databricks'] as const satisfies readonly BackendKind[];

/** A record with one value per backend kind, so a per-backend table never misses one. */
export function byKind<T>(make: (kind: BackendKind) => T): Record<BackendKind, T> {
  return { airflow: make('airflow'), databricks: make('databricks') };
}

/**
 * Normalised state of a run or a task. Each backend keeps its raw state string beside it
 * (`rawState`) so nothing is lost, but colours, symbols and filters work on this set.
 */
export type State =
  | 'queued'
  | 'scheduled'
  | 'running'
  | 'retrying'
  | 'success'
  | 'failed'
  | 'upstream_failed'
  | 'skipped'
  | 'canceled'
  | 'blocked'
  | 'none';

export const STATES: readonly State[] = [
  'queued',
  'scheduled',
  'running',
  'retrying',
  'success',
  'failed',
  'upstream_failed',
  'skipped',
  'canceled',
  'blocked',
  'none',
];

export const ACTIVE_STATES: ReadonlySet<State> = new Set(['queued', 'scheduled', 'running', 'retrying']);

/** An Airflow DAG or a Databricks job. */
export interface Workflow {
  backend: BackendKind;
  /** dag_id, or the Databricks job_id as a decimal string. */
  id: string;
  name: string;
  description?: string;
  paused?: boolean;
  /** Human schedule: a cron expression, a timetable summary, "file arrival", "continuous"... */
  schedule?: string;
  tags: string[];
  owners: string[];
  /** Set when the backend flags the workflow itself as broken (Airflow import errors). */
  hasImportErrors?: boolean;
}

/**
 * A DAG file the Airflow scheduler could not import (Airflow's importErrors endpoint): its DAGs are
 * missing or stale until the file is fixed. Fields are as the server sent them; the CLI and the UI
 * sanitise them where they print them.
 */
export interface ImportError {
  /** import_error_id. */
  id: number;
  /** The DAG file: an absolute path on Airflow 2, relative to its DAG bundle on Airflow 3. */
  filename: string;
  /** When the scheduler recorded the error (ISO 8601), if the server says. */
  timestamp?: string;
  /** Python's traceback, the exception on its last line. */
  stackTrace: string;
}

/** One run of a workflow: an Airflow DAG run or a Databricks job run. */
export interface Run {
  backend: BackendKind;
  workflowId: string;
  /** dag_run_id, or the Databricks run_id as a decimal string. */
  id: string;
  state: State;
  rawState: string;
  /** manual, scheduled, backfill, retry, file_arrival... as the backend names it. */
  trigger?: string;
  /** When the run was (or will be) started; for sorting newest first. */
  queuedAt?: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  logicalDate?: string | null;
  /** A browser link to the run, when the backend has one. */
  url?: string;
  note?: string;
  conf?: Record<string, unknown>;
  /** Databricks: the repair attempts already made, newest last. */
  repairIds?: number[];
  /** The run's own name where the backend has one (Databricks run_name: the job's name for job runs). */
  name?: string;
  /** Databricks: each repair (repair_history REPAIR entries), oldest first, as repairIds. */
  repairs?: RunRepair[];
}

/** One repair of a Databricks run: when it started and which task runs it started. */
export interface RunRepair {
  id: number;
  startedAt?: string;
  endedAt?: string;
  state?: State;
  /** The task run ids the repair started (match TaskAttempt.taskRunId to name the tasks). */
  taskRunIds: string[];
}

/** One task of a run: an Airflow task instance (one map index) or a Databricks task run. */
export interface TaskInstance {
  backend: BackendKind;
  workflowId: string;
  runId: string;
  /** task_id, or the Databricks task_key. */
  taskId: string;
  /** Airflow map index; -1 or absent for unmapped tasks. */
  mapIndex?: number;
  /** Airflow task group, derived from a dotted task id (`group.task`). */
  group?: string;
  state: State;
  rawState: string;
  tryNumber: number;
  /** How many tries the task may take in all (first try plus retries). */
  maxTries?: number;
  operator?: string;
  hostname?: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  /** Databricks: the task run id (what get-output and logs take). */
  taskRunId?: string;
  /** Databricks: the earlier attempts of this task (one entry per attempt). */
  attempts?: TaskAttempt[];
  dependsOn?: string[];
  url?: string;
  /** Databricks: the time the latest attempt waited for its cluster (setup_duration). */
  setupMs?: number;
  /** Databricks: the time the latest attempt ran its code (execution_duration). */
  executionMs?: number;
}

/**
 * One task as the workflow declares it (an Airflow DAG's task, a Databricks job's task): its place
 * in the graph and its retry settings, whatever any run did with it.
 */
export interface TaskDefinition {
  /** task_id, or the Databricks task_key. */
  taskId: string;
  /** The tasks that run before this one. */
  upstream: string[];
  /** The tasks that run after this one. */
  downstream: string[];
  /** Airflow task group, derived from a dotted task id (`group.task`). */
  group?: string;
  /** The operator (Airflow) or the task type (Databricks: notebook, spark_python...). */
  operator?: string;
  /** Airflow dynamic task mapping: one instance per map index in each run. */
  mapped?: boolean;
  /** Retries after the first try; -1 retries forever (Databricks). */
  retries?: number;
  /** The wait before a retry (Airflow retry_delay, Databricks min_retry_interval_millis). */
  retryDelayMs?: number;
  /**
   * The growth factor of the wait between retries; 0 means a constant wait. Airflow 3 gives the
   * factor itself; Airflow 2's boolean doubles the wait (2) or not (0). Absent on Databricks,
   * which has no backoff.
   */
  retryExponentialBackoff?: number;
  /** One try's timeout (Airflow execution_timeout, Databricks timeout_seconds); absent: none. */
  timeoutMs?: number;
  /** Databricks: where the task runs. */
  compute?: TaskCompute;
}

/** One try of a task: a Databricks attempt, or an Airflow try (task instance history). */
export interface TaskAttempt {
  /** The try number: Airflow try_number (1-based), Databricks attempt in order (1-based). */
  attempt: number;
  taskRunId?: string;
  state: State;
  rawState: string;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  /** Airflow worker host; Databricks cluster id. */
  hostname?: string;
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

export interface LogLine {
  text: string;
  timestamp?: string;
  level?: LogLevel;
  source?: string;
}

/** Where a log comes from: an Airflow task try, or a Databricks task run's output. */
export interface LogRef {
  backend: BackendKind;
  workflowId: string;
  runId: string;
  taskId: string;
  mapIndex?: number;
  /**
   * One try only (Airflow try number, Databricks attempt, 1-based). Without it a follow starts at
   * the current try and goes on into the retries until the task finishes.
   */
  tryNumber?: number;
  /** Databricks: one task run (what get-output takes); implies that attempt only. */
  taskRunId?: string;
}

/**
 * Where a follow stopped. Passed back in FollowLogOptions.cursor it resumes with no line lost and
 * none repeated, even against a restarted server. Plain JSON: it can be kept and compared.
 */
export interface LogCursor {
  /** The try (Airflow) or attempt (Databricks) being read, 1-based. */
  tryNumber: number;
  /** Log records of that try already delivered: Airflow messages or lines, Databricks lines of `logs`. */
  position: number;
  /** Whether the log's own header (where the server found the log) was delivered. */
  headerShown?: boolean;
  /** The server's continuation token for `position`, where the server resumes correctly. */
  token?: string;
  /** Text after the last line break, held back until its line is complete. */
  partial?: string;
  /** The end of the text delivered so far, to find the place again when a server keeps only a tail. */
  tail?: string;
  /** The try's closing lines (Databricks error, trace, result) were delivered. */
  closed?: boolean;
}

export interface FollowLogOptions {
  /** Keep reading until the task finishes (default true); false reads what is there now and ends. */
  follow?: boolean;
  /** Resume right after this point instead of at the start of the try. */
  cursor?: LogCursor;
  signal?: AbortSignal;
  /** Time between two reads while following, before idle and slow-server backoff (default 1 s). */
  pollMs?: number;
}

/** What one read of a followed log brought. */
export interface LogBatch {
  /** The new lines, in order; empty when the batch only reports a state or a wait. */
  lines: LogLine[];
  /** Resume point after these lines. */
  cursor: LogCursor;
  /** The task's state as last read (its final state on the last batch). */
  state?: State;
  /** True on the last batch: the followed try (or task) finished and all its lines were delivered. */
  done: boolean;
  /**
   * Set while the server does not answer and the follower waits to try again (following only);
   * cleared by the next batch that reads.
   */
  retrying?: DagdeckError;
  /** Lines the server no longer had when we read (Databricks keeps only the last 5 MB of `logs`). */
  missed?: boolean;
}

/** A failure to explain: one task, or a run (then its first failed task is looked at). */
export interface FailureRef {
  backend: BackendKind;
  workflowId: string;
  runId: string;
  taskId?: string;
  mapIndex?: number;
  /** The failed try; default the task's latest. */
  tryNumber?: number;
}

/** The first line of a failure's cause, and where it was found. */
export interface FailureReason {
  /** Raw server text: sanitise it where it is shown. */
  text: string;
  /** `log`: the failed try's log; `error`: the task's error output; `message`: a state message. */
  source: 'log' | 'error' | 'message';
  /** The task it explains (for a run: its first failed task), when known. */
  taskId?: string;
}

/** A link from a task on one backend to a run on the other (an Airflow task that started a Databricks run). */
export interface CrossLink {
  backend: BackendKind;
  workflowId?: string;
  runId: string;
  url?: string;
  label: string;
}

export interface BackendInfo {
  backend: BackendKind;
  /** The URL or host the backend talks to. */
  endpoint: string;
  /** The server's version, e.g. "3.2.1" for Airflow or "2.2" (API) for Databricks. */
  version?: string;
  apiVersion?: string;
  /** Where the credential came from: "keychain", "env DATABRICKS_TOKEN", "token command"... never the secret. */
  credentialSource?: string;
  /** The authenticated identity when the backend tells it (user name, service principal id). */
  identity?: string;
  /** How the credential authenticates (personal token, service principal...). */
  authKind?: AuthKind;
  healthy?: boolean;
  healthDetail?: string;
}
