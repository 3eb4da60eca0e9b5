// The simulated Airflow's data: DAG definitions (what the DAG file declares) and the runtime
// records (DAG runs, task instances and their tries) the scheduler simulation moves along.

export type TiState =
  | 'scheduled'
  | 'queued'
  | 'running'
  | 'success'
  | 'failed'
  | 'skipped'
  | 'upstream_failed'
  | 'up_for_retry'
  | 'restarting'
  | 'removed'
  | 'deferred'
  | 'up_for_reschedule';

export type RunState = 'queued' | 'running' | 'success' | 'failed';

/** The wait before a retry: Airflow's default retry_delay, the same for every simulated task. */
export const RETRY_DELAY_MS = 5 * 60_000;

export interface TaskDef {
  /** Dotted for tasks inside a task group (`risk_modelling.run_risk_models`), as Airflow names them. */
  taskId: string;
  operator: string;
  upstream: string[];
  retries: number;
  /** Duration range of one try, in virtual minutes. */
  minutes: [number, number];
  /** Chance that one try fails (seeded). */
  failChance?: number;
  /** Dynamic task mapping: this many map indexes. */
  mapped?: number;
  /** Error message written in the log of a failed try. */
  failure?: string;
  /** DatabricksRunNowOperator: the job it runs now. */
  databricksJob?: string;
  /** retry_exponential_backoff: the wait grows after each retry. */
  backoff?: boolean;
  /** execution_timeout, in minutes; none by default. */
  timeoutMinutes?: number;
  /** A successful try pushes a return_value of about this many bytes (a DataFrame in XCom). */
  xcomBytes?: number;
  /** Log lines of one complete try (long-log tasks); default 12-30. */
  logLines?: number;
  /** Its log echoes a vendor's raw answers: the escape sequences of sim/hostileLines.ts. */
  hostileLines?: boolean;
  /** With hostileLines: one more line this many characters long (a whole payload echoed). */
  hugeLine?: number;
}

export interface ParamDef {
  value: unknown;
  description: string | null;
  schema: Record<string, unknown>;
}

export interface DagDef {
  dagId: string;
  description: string | null;
  owners: string[];
  tags: string[];
  /** Cron expression or preset shown as timetable_summary; null = manual only. */
  schedule: string | null;
  timetableDescription: string | null;
  /** Interval between scheduled runs, used by the simulated scheduler; null = none scheduled. */
  everyMs: number | null;
  fileloc: string;
  params: Record<string, ParamDef>;
  tasks: TaskDef[];
  maxActiveRuns: number;
  hasImportErrors: boolean;
  generated: boolean;
  /** default_args names an on_failure_callback (shown by Airflow 3.2+ in the DAG's details). */
  failureCallback: boolean;
}

export interface SimDag extends DagDef {
  paused: boolean;
  /** Next run_after of the simulated scheduler. */
  nextRunAfter: number | null;
  runs: SimRun[] | undefined;
  lastParsed: number;
}

export interface Attempt {
  tryNumber: number;
  state: TiState;
  start: number;
  end: number | null;
  plannedEnd: number;
  ok: boolean;
  hostname: string;
  pid: number;
  logLines: number;
}

export interface SimTi {
  id: string;
  def: TaskDef;
  mapIndex: number;
  state: TiState | null;
  tryNumber: number;
  maxTries: number;
  queuedWhen: number | null;
  scheduledWhen: number | null;
  start: number | null;
  end: number | null;
  /** When an up_for_retry TI is queued again; for a cleared TI, the earliest it may be. */
  retryAt: number | null;
  /**
   * Seconds Airflow 3 keeps in `duration` after a clear while running: the instance that starts
   * again shows the interrupted try's duration with a null end_date until it ends.
   */
  heldDuration: number | null;
  attempts: Attempt[];
  xcoms: Map<string, { value: unknown; timestamp: number }>;
  note: string | null;
  /** Forced outcome of every try of this run (the story), else seeded chance. */
  forceFail: boolean;
}

export interface SimRun {
  dagId: string;
  runId: string;
  /** Database id: the default order of list endpoints. */
  id: number;
  runType: 'scheduled' | 'manual' | 'backfill';
  logicalDate: number | null;
  dataIntervalStart: number | null;
  dataIntervalEnd: number | null;
  runAfter: number;
  queuedAt: number;
  start: number | null;
  end: number | null;
  state: RunState;
  conf: Record<string, unknown>;
  note: string | null;
  triggeredBy: string;
  updatedAt: number;
  tis: SimTi[];
}

/** A stored connection: what the DAG files use to reach other systems (secrets included). */
export interface ConnectionDef {
  id: string;
  type: string;
  description: string | null;
  host: string | null;
  login: string | null;
  /** The secret itself: the API never shows it (v1) or shows "***" (v2). */
  password: string | null;
  /** JSON text; its sensitive values are masked in answers. */
  extra: string | null;
}

export interface ImportError {
  id: number;
  timestamp: number;
  filename: string;
  stackTrace: string;
}

export const FINISHED: ReadonlySet<TiState | null> = new Set<TiState | null>([
  'success',
  'failed',
  'skipped',
  'upstream_failed',
  'removed',
]);
