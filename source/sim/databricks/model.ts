// The simulator's internal state. Wire shapes (Go SDK `Run`, `RunTask`, `Job`) are
// rendered from these in views; nothing here is sent as-is.

export type ResultState =
  | 'SUCCESS'
  | 'FAILED'
  | 'TIMEDOUT'
  | 'CANCELED'
  | 'UPSTREAM_FAILED'
  | 'UPSTREAM_CANCELED'
  | 'MAXIMUM_CONCURRENT_RUNS_REACHED';

export type LifeCycleState =
  | 'QUEUED'
  | 'PENDING'
  | 'RUNNING'
  | 'TERMINATING'
  | 'TERMINATED'
  | 'SKIPPED'
  | 'BLOCKED';

export type TriggerType =
  | 'PERIODIC'
  | 'ONE_TIME'
  | 'RETRY'
  | 'FILE_ARRIVAL'
  | 'CONTINUOUS'
  | 'CONTINUOUS_RESTART';

export type PauseStatus = 'PAUSED' | 'UNPAUSED';

export interface TaskFailure {
  error: string;
  trace: string;
}

export interface SimTaskDef {
  taskKey: string;
  description: string;
  dependsOn: string[];
  kind: 'notebook' | 'python';
  /** notebook_path or python_file. */
  path: string;
  jobClusterKey: string;
  /** Runs on this all-purpose cluster (existing_cluster_id) instead of the job cluster. */
  existingClusterId?: string;
  maxRetries: number;
  minRetryIntervalMs: number;
  timeoutSeconds: number;
  /** Simulation only: execution time range, virtual ms. */
  durationMs: [number, number];
  /** Simulation only: chance that an attempt fails. */
  failureRate: number;
  failure: TaskFailure;
  /** dbutils.notebook.exit() value on success (notebook tasks). */
  notebookResult?: string;
  /** Its stdout echoes raw records: the escape sequences of sim/hostileLines.ts. */
  hostileLines?: boolean;
}

export interface SimJob {
  jobId: number;
  name: string;
  createdTime: number;
  creator: string;
  description: string;
  tags: Record<string, string>;
  tasks: SimTaskDef[];
  clusterKeys: string[];
  parameters: { name: string; default: string }[];
  maxConcurrentRuns: number;
  queueEnabled: boolean;
  timeoutSeconds: number;
  schedule?: { quartz_cron_expression: string; timezone_id: string; pause_status: PauseStatus };
  continuous?: { pause_status: PauseStatus };
  fileArrival?: { url: string; pause_status: PauseStatus };
  onFailureEmails: string[];
  /** Job clusters of this fixed size (num_workers) instead of autoscaling 2-8 workers. */
  fixedWorkers?: number;
  /** Job clusters take their workers from this instance pool. */
  instancePoolId?: string;
  /** Simulation only: how long the job cluster takes to start, virtual ms (default 20-60 s). */
  clusterStartMs?: [number, number];
  /** Virtual time of the next cron fire, for scheduled jobs. */
  nextFireAt?: number;
  runIds: number[];
}

/** One attempt of one task: the real API lists one `tasks[]` entry per attempt. */
export interface SimAttempt {
  runId: number;
  taskKey: string;
  attemptNumber: number;
  repairId?: number;
  /** When the entry appears in runs/get (retries appear when they start). */
  visibleAt: number;
  /** PENDING (cluster/context setup) starts; before it the task is BLOCKED on upstream tasks. */
  startAt: number;
  runningAt: number;
  endAt: number;
  terminatedAt: number;
  result: ResultState;
  message: string;
  clusterId: string;
  /** Seed for the generated log lines of python tasks. */
  logSeed: number;
}

export interface SimRepair {
  id: number;
  startAt: number;
  attemptRunIds: number[];
  cancelledAt?: number;
}

export interface SimRun {
  runId: number;
  jobId: number;
  createdAt: number;
  trigger: TriggerType;
  creator: string;
  jobParameters: Record<string, string>;
  /** Legacy *_params of run-now, echoed as overriding_parameters. */
  overriding?: Record<string, unknown>;
  idempotencyToken?: string;
  /** Set while the run waits in the job queue (max_concurrent_runs reached). */
  queued?: { since: number; releasedAt?: number };
  skipped?: { at: number; message: string };
  attempts: SimAttempt[];
  repairs: SimRepair[];
  /** Cancellation of the original run; a repair's cancellation is kept on the repair. */
  cancelledAt?: number;
  deleted: boolean;
  /** Simulation only: task keys forced to fail on their first execution. */
  forcedFailures: string[];
  /** Simulation only: every task of the run takes this many times its usual time (a stuck run). */
  slowdown?: number;
}
