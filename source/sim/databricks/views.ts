// Renders the simulator's state as the wire objects of the Jobs API (Go SDK `BaseJob`, `Job`,
// `BaseRun`, `Run`, `RunTask`, `RepairHistoryItem`, `RunOutput`).

import { attemptLifecycle, attemptsLifecycle, type Lifecycle, runEndAt, runLifecycle } from './lifecycle.js';
import type { SimAttempt, SimJob, SimRun, SimTaskDef } from './model.js';

export type Json = Record<string, unknown>;

export interface ViewContext {
  baseUrl: string;
  workspaceId: string;
  now: number;
}

/** Legacy run page URL form, as real responses carry it (databricks-sdk-py #375). */
export const runPageUrl = (ctx: ViewContext, jobId: number, runId: number) =>
  `${ctx.baseUrl}/?o=${ctx.workspaceId}#job/${jobId}/run/${runId}`;

function taskSettings(task: SimTaskDef): Json {
  const json: Json = { task_key: task.taskKey, description: task.description };
  if (task.dependsOn.length > 0) json.depends_on = task.dependsOn.map((key) => ({ task_key: key }));
  json.run_if = 'ALL_SUCCESS';
  if (task.kind === 'notebook') json.notebook_task = { notebook_path: task.path, source: 'WORKSPACE' };
  else json.spark_python_task = { python_file: task.path, parameters: ['--env', 'prod'] };
  if (task.existingClusterId) json.existing_cluster_id = task.existingClusterId;
  else json.job_cluster_key = task.jobClusterKey;
  json.max_retries = task.maxRetries;
  json.min_retry_interval_millis = task.minRetryIntervalMs;
  json.retry_on_timeout = false;
  json.timeout_seconds = task.timeoutSeconds;
  json.email_notifications = {};
  return json;
}

function jobClusters(job: SimJob): Json[] {
  return job.clusterKeys.map((key, i) => ({
    job_cluster_key: key,
    new_cluster: {
      spark_version: '15.4.x-scala2.12',
      // With a pool the node type is the pool's (node_type_id is absent).
      ...(job.instancePoolId
        ? { instance_pool_id: job.instancePoolId }
        : { node_type_id: i % 2 === 0 ? 'i3.xlarge' : 'r5d.2xlarge' }),
      ...(job.fixedWorkers !== undefined
        ? { num_workers: job.fixedWorkers }
        : { autoscale: { min_workers: 2, max_workers: 8 } }),
      data_security_mode: 'SINGLE_USER',
      custom_tags: { team: job.tags.team ?? 'data-platform' },
      enable_elastic_disk: true,
    },
  }));
}

export interface JobArrays {
  tasks: Json[];
  job_clusters: Json[];
  parameters: Json[];
}

export function jobArrays(job: SimJob): JobArrays {
  return {
    tasks: job.tasks.map(taskSettings),
    job_clusters: jobClusters(job),
    parameters: job.parameters.map((p) => ({ name: p.name, default: p.default })),
  };
}

/** settings without the pageable arrays, which the caller adds (possibly one page of them). */
export function jobSettings(job: SimJob): Json {
  const settings: Json = {
    name: job.name,
    description: job.description,
    email_notifications: job.onFailureEmails.length > 0 ? { on_failure: job.onFailureEmails } : {},
    webhook_notifications: {},
    timeout_seconds: job.timeoutSeconds,
    max_concurrent_runs: job.maxConcurrentRuns,
    format: 'MULTI_TASK',
    queue: { enabled: job.queueEnabled },
    run_as: { user_name: job.creator },
  };
  if (Object.keys(job.tags).length > 0) settings.tags = { ...job.tags };
  if (job.schedule) settings.schedule = { ...job.schedule };
  if (job.continuous) settings.continuous = { ...job.continuous };
  if (job.fileArrival) {
    settings.trigger = {
      pause_status: job.fileArrival.pause_status,
      file_arrival: { url: job.fileArrival.url, min_time_between_triggers_seconds: 300 },
    };
  }
  return settings;
}

export function baseJob(job: SimJob): Json {
  return {
    job_id: job.jobId,
    creator_user_name: job.creator,
    created_time: job.createdTime,
    settings: jobSettings(job),
  };
}

function stateJson(lc: Lifecycle, userCancelled: boolean): Json {
  const state: Json = {
    life_cycle_state: lc.life,
    state_message: lc.message,
    user_cancelled_or_timedout: userCancelled,
  };
  if (lc.result) state.result_state = lc.result;
  return state;
}

const TERMINATION: Record<string, { code: string; type: string }> = {
  SUCCESS: { code: 'SUCCESS', type: 'SUCCESS' },
  FAILED: { code: 'RUN_EXECUTION_ERROR', type: 'CLIENT_ERROR' },
  TIMEDOUT: { code: 'RUN_EXECUTION_ERROR', type: 'CLIENT_ERROR' },
  CANCELED: { code: 'USER_CANCELED', type: 'SUCCESS' },
  UPSTREAM_FAILED: { code: 'SKIPPED', type: 'CLIENT_ERROR' },
  UPSTREAM_CANCELED: { code: 'SKIPPED', type: 'SUCCESS' },
  MAXIMUM_CONCURRENT_RUNS_REACHED: { code: 'MAX_CONCURRENT_RUNS_EXCEEDED', type: 'CLIENT_ERROR' },
};

/** The newer `status` object (Go SDK `RunStatus`), derived from the same lifecycle as `state`. */
function statusJson(lc: Lifecycle, maxConcurrent: number): Json {
  if (lc.life === 'QUEUED') {
    return {
      state: 'QUEUED',
      queue_details: {
        code: 'MAX_CONCURRENT_RUNS_REACHED',
        message: `Queued due to reaching maximum concurrent runs of ${maxConcurrent}.`,
      },
    };
  }
  if (lc.life === 'SKIPPED' || lc.life === 'TERMINATED') {
    const termination = TERMINATION[lc.result ?? 'SUCCESS'] ?? { code: 'SUCCESS', type: 'SUCCESS' };
    return { state: 'TERMINATED', termination_details: { ...termination, message: lc.message } };
  }
  return { state: lc.life };
}

const durationsOf = (a: SimAttempt, now: number) => {
  const done = now >= a.terminatedAt;
  return {
    setup_duration: done ? a.runningAt - a.startAt : 0,
    execution_duration: done ? a.endAt - a.runningAt : 0,
    cleanup_duration: done ? a.terminatedAt - a.endAt : 0,
  };
};

export function runTaskJson(ctx: ViewContext, job: SimJob, run: SimRun, attempt: SimAttempt): Json {
  const def = job.tasks.find((t) => t.taskKey === attempt.taskKey);
  const lc = attemptLifecycle(attempt, ctx.now, (def?.dependsOn.length ?? 0) > 0);
  const userCancelled = attempt.result === 'CANCELED' && lc.life === 'TERMINATED';
  const started = ctx.now >= attempt.startAt;
  const json: Json = {
    run_id: attempt.runId,
    task_key: attempt.taskKey,
    ...(def ? taskSettings(def) : {}),
    attempt_number: attempt.attemptNumber,
    state: stateJson(lc, userCancelled),
    status: statusJson(lc, job.maxConcurrentRuns),
    start_time: started ? attempt.startAt : 0,
    end_time: lc.life === 'TERMINATED' ? attempt.terminatedAt : 0,
    ...durationsOf(attempt, ctx.now),
    run_duration: started ? Math.min(ctx.now, attempt.terminatedAt) - attempt.startAt : 0,
    queue_duration: 0,
    run_page_url: runPageUrl(ctx, run.jobId, attempt.runId),
  };
  delete json.email_notifications;
  delete json.min_retry_interval_millis;
  delete json.retry_on_timeout;
  if (ctx.now >= attempt.runningAt && attempt.runningAt > attempt.startAt) {
    json.cluster_instance = { cluster_id: attempt.clusterId, spark_context_id: String(attempt.logSeed) };
  }
  return json;
}

/**
 * Placeholder task entries of a run still waiting in the queue: no task run exists yet. Once the
 * queued run is cancelled they end with it (CANCELED, or UPSTREAM_CANCELED behind a dependency,
 * as cancelRun does for tasks that had not started): a terminated run whose tasks still say QUEUED
 * leaves clients, and the SDK's waiters, showing work that will never run.
 */
function queuedTasks(job: SimJob, cancelled: boolean): Json[] {
  return job.tasks.map((task) => {
    const result = task.dependsOn.length > 0 ? 'UPSTREAM_CANCELED' : 'CANCELED';
    const termination = TERMINATION[result] ?? { code: 'USER_CANCELED', type: 'SUCCESS' };
    return {
      task_key: task.taskKey,
      ...taskSettings(task),
      attempt_number: 0,
      state: cancelled
        ? {
            life_cycle_state: 'TERMINATED',
            result_state: result,
            state_message: 'Run cancelled.',
            user_cancelled_or_timedout: true,
          }
        : { life_cycle_state: 'QUEUED', state_message: '', user_cancelled_or_timedout: false },
      status: cancelled
        ? { state: 'TERMINATED', termination_details: { ...termination, message: 'Run cancelled.' } }
        : { state: 'QUEUED' },
      start_time: 0,
      end_time: 0,
    };
  });
}

export interface RunArrays {
  tasks: Json[];
  job_clusters: Json[];
  job_parameters: Json[];
  repair_history: Json[];
}

export function runArrays(ctx: ViewContext, job: SimJob, run: SimRun, includeHistory: boolean): RunArrays {
  const visible = run.attempts.filter((a) => a.visibleAt <= ctx.now);
  const tasks =
    run.queued && run.queued.releasedAt === undefined
      ? queuedTasks(job, run.cancelledAt !== undefined && run.cancelledAt <= ctx.now)
      : visible.map((a) => runTaskJson(ctx, job, run, a));
  const defaults = new Map(job.parameters.map((p) => [p.name, p.default]));
  const jobParameters = Object.entries(run.jobParameters).map(([name, value]) => {
    const item: Json = { name, value };
    const def = defaults.get(name);
    if (def !== undefined) item.default = def;
    return item;
  });
  return {
    tasks,
    job_clusters: jobArrays(job).job_clusters,
    job_parameters: jobParameters,
    repair_history: includeHistory ? repairHistory(ctx, job, run) : [],
  };
}

function repairHistory(ctx: ViewContext, job: SimJob, run: SimRun): Json[] {
  const segments = [
    {
      type: 'ORIGINAL',
      id: undefined as number | undefined,
      startAt: run.queued?.releasedAt ?? run.createdAt,
      attempts: run.attempts.filter((a) => a.repairId === undefined),
      cancelledAt: run.cancelledAt,
    },
    ...run.repairs.map((r) => ({
      type: 'REPAIR',
      id: r.id as number | undefined,
      startAt: r.startAt,
      attempts: run.attempts.filter((a) => a.repairId === r.id),
      cancelledAt: r.cancelledAt,
    })),
  ];
  return segments.map((segment) => {
    const visible = segment.attempts.filter((a) => a.visibleAt <= ctx.now);
    const lc = attemptsLifecycle(segment.attempts, ctx.now, segment.startAt, segment.cancelledAt);
    const end = Math.max(segment.startAt, ...segment.attempts.map((a) => a.terminatedAt));
    const item: Json = {
      type: segment.type,
      start_time: segment.startAt,
      end_time: lc.life === 'TERMINATED' ? end : 0,
      state: stateJson(lc, lc.result === 'CANCELED'),
      status: statusJson(lc, job.maxConcurrentRuns),
      task_run_ids: visible.map((a) => a.runId),
    };
    if (segment.id !== undefined) item.id = segment.id;
    return item;
  });
}

/** A job run without its pageable arrays (the caller adds them, whole or one page). */
export function runJson(ctx: ViewContext, job: SimJob, run: SimRun): Json {
  const lc = runLifecycle(run, ctx.now);
  const startedAt = run.queued ? (run.queued.releasedAt ?? 0) : run.createdAt;
  const terminated = lc.life === 'TERMINATED' || lc.life === 'SKIPPED';
  const end = terminated ? runEndAt(run) : 0;
  const json: Json = {
    job_id: run.jobId,
    run_id: run.runId,
    number_in_job: run.runId,
    original_attempt_run_id: run.runId,
    creator_user_name: run.creator,
    run_name: job.name,
    run_type: 'JOB_RUN',
    trigger: run.trigger,
    attempt_number: 0,
    state: stateJson(lc, lc.result === 'CANCELED'),
    status: statusJson(lc, job.maxConcurrentRuns),
    start_time: run.createdAt,
    end_time: end,
    // Multi-task runs report 0 for these three and use run_duration.
    setup_duration: 0,
    execution_duration: 0,
    cleanup_duration: 0,
    run_duration: (terminated ? end : ctx.now) - run.createdAt,
    queue_duration: run.queued ? (run.queued.releasedAt ?? ctx.now) - run.queued.since : 0,
    run_page_url: runPageUrl(ctx, run.jobId, run.runId),
  };
  if (startedAt === 0) json.run_duration = 0;
  if (run.overriding) json.overriding_parameters = run.overriding;
  if (run.trigger === 'PERIODIC' && job.schedule) json.schedule = { ...job.schedule };
  return json;
}

/** A task run seen on its own (runs/get on a task run id, get-output metadata). */
export function taskRunAsRun(ctx: ViewContext, job: SimJob, run: SimRun, attempt: SimAttempt): Json {
  const task = runTaskJson(ctx, job, run, attempt);
  return {
    job_id: run.jobId,
    run_id: attempt.runId,
    job_run_id: run.runId,
    number_in_job: attempt.runId,
    original_attempt_run_id: attempt.runId,
    creator_user_name: run.creator,
    run_name: attempt.taskKey,
    run_type: 'JOB_RUN',
    trigger: run.trigger,
    attempt_number: attempt.attemptNumber,
    state: task.state,
    status: task.status,
    start_time: task.start_time,
    end_time: task.end_time,
    setup_duration: task.setup_duration,
    execution_duration: task.execution_duration,
    cleanup_duration: task.cleanup_duration,
    run_duration: task.run_duration,
    run_page_url: task.run_page_url,
    tasks: [task],
    ...(task.cluster_instance ? { cluster_instance: task.cluster_instance } : {}),
  };
}
