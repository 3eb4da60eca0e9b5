// preview() and execute() of the Databricks writes: run-now, cancel, cancel-all, repair and pause.
// The Jobs API has no dry run, so every preview is our estimate from the job and its runs, written
// for an on-call: what starts or stops, what runs again and how long it took last time. Bad input
// (an unknown job or run, a parameter the job does not declare, a run that cannot be repaired or is
// already over) is refused on one line before any write is sent, and execute() checks again.

import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Action, ActionKind, ActionPreview, ActionResult } from '../core/actions.js';
import type { Backend, ListRunsOptions } from '../core/backend.js';
import { Conflict, InvalidRequest, NotFound, Refused, Timeout, Unavailable } from '../core/errors.js';
import { formatDuration } from '../core/formatDuration.js';
import type { Run } from '../core/model.js';
import { jobLabel, runLabel } from './describeNames.js';
import { idValue } from './idValue.js';
import type { JobsApi } from './jobsApi.js';
import { mapState } from './mapState.js';
import { planRepair, type RepairPlan, type RepairStep } from './planRepair.js';
import { planRunNow } from './planRunNow.js';
import { type Job, RepairRunResponse, RunNowResponse, type Run as RunT } from './schemas.js';
import { groupAttempts, taskDuration } from './toTaskInstances.js';
import { describeSchedule } from './toWorkflow.js';

const Empty = z.looseObject({});
/** How often a plan waiting for a repair reads the run, and for how long at most. */
const AWAIT_REPAIR_POLL_MS = 5_000;
const AWAIT_REPAIR_LIMIT_MS = 6 * 3_600_000;

/** A job rarely has more active runs than this (max_concurrent_runs is at most 1000). */
const ACTIVE_RUNS_LISTED = 1000;
/** Enough recent runs to find the last successful one and count the active ones. */
const RECENT_RUNS = 25;
/** Task keys named in a repair summary before it says "N tasks" instead. */
const KEYS_IN_SUMMARY = 3;

export function createDatabricksActions(options: {
  api: JobsApi;
  /** Runs of one job, newest first, every runs/list page up to the limit. */
  listRuns: (workflowId: string, options: ListRunsOptions, signal?: AbortSignal) => Promise<Run[]>;
  /** How often a plan waiting for a repair reads the run. */
  repairPollMs?: number;
}): Pick<Backend, 'preview' | 'execute'> {
  const { api, listRuns } = options;
  const repairPollMs = options.repairPollMs ?? AWAIT_REPAIR_POLL_MS;

  const readJob = async (workflowId: string, signal?: AbortSignal): Promise<Job> => {
    checkId('job', workflowId);
    try {
      return await api.getJob(workflowId, signal);
    } catch (error) {
      throw error instanceof NotFound
        ? new NotFound(
            `Databricks job ${workflowId} does not exist, or this account cannot see it: check the job id in the jobs list`,
            error.details(),
          )
        : error;
    }
  };

  const readRun = async (workflowId: string, runId: string, signal?: AbortSignal): Promise<RunT> => {
    checkId('job', workflowId);
    checkId('run', runId);
    let run: RunT;
    try {
      run = await api.getRun(runId, signal);
    } catch (error) {
      throw error instanceof NotFound
        ? new NotFound(
            `Databricks run ${runId} does not exist (deleted, older than 60 days, or another workspace's): refresh the run list`,
            error.details(),
          )
        : error;
    }
    if (run.job_id !== undefined && run.job_id !== workflowId) {
      throw new NotFound(
        `Databricks run ${runId} belongs to job ${run.job_id}, not ${workflowId}: refresh the run list`,
      );
    }
    return run;
  };

  /** A run that has ended cannot be cancelled: say so instead of sending a cancel that does nothing. */
  const activeRun = async (workflowId: string, runId: string, signal?: AbortSignal): Promise<RunT> => {
    const run = await readRun(workflowId, runId, signal);
    const lifecycle = mapState(run.state, run.status);
    if (lifecycle.terminal) {
      const ended = run.end_time ? ` at ${utc(run.end_time)}` : '';
      throw new Conflict(
        `Run ${runLabel(run)} already ended ${lifecycle.rawState}${ended}: nothing to cancel`,
      );
    }
    return run;
  };

  const activeRuns = async (job: Job, signal?: AbortSignal): Promise<Run[]> => {
    const runs = await listRuns(job.job_id, { activeOnly: true, limit: ACTIVE_RUNS_LISTED }, signal);
    if (runs.length === 0) throw new Conflict(`Job ${jobLabel(job)} has no active run: nothing to cancel`);
    return runs;
  };

  /**
   * "4 tasks, last successful run took 28m 11s", and a note when the job is at its concurrency
   * limit: whether the new run will wait in the queue or be skipped depends on the job's settings.
   */
  const runNowEstimate = async (
    job: Job,
    signal?: AbortSignal,
  ): Promise<{ text: string; notes: string[] }> => {
    const taskCount = job.settings.tasks?.length ?? 0;
    const parts = [`${taskCount} task${taskCount === 1 ? '' : 's'}`];
    let recent: Run[];
    try {
      recent = await listRuns(job.job_id, { limit: RECENT_RUNS }, signal);
    } catch {
      // The estimate is a courtesy: without the run history the preview still says what starts.
      return { text: parts.join(', '), notes: [] };
    }
    const lastSuccess = recent.find((run) => run.state === 'success' && run.durationMs);
    if (lastSuccess?.durationMs)
      parts.push(`last successful run took ${formatDuration(lastSuccess.durationMs)}`);
    const active = recent.filter((run) => ['queued', 'running', 'blocked', 'retrying'].includes(run.state));
    const limit = job.settings.max_concurrent_runs;
    const notes: string[] = [];
    if (limit !== undefined && active.length >= limit) {
      const fate =
        job.settings.queue?.enabled === false
          ? 'the new run will be skipped (the job does not queue)'
          : 'the new run will wait in the queue';
      notes.push(
        `Job ${jobLabel(job)} runs at most ${limit} at a time and ${active.length} ${active.length === 1 ? 'is' : 'are'} active: ${fate}`,
      );
    }
    return { text: parts.join(', '), notes };
  };

  /**
   * The job's newest runs before a run-now is sent. An earlier send of the same token made a run
   * at most a few runs ago; one older than these would be reported as started by this send. A
   * failed read only loses that distinction, never the run-now.
   */
  const recentRunIds = async (job: Job, signal?: AbortSignal): Promise<Set<string>> => {
    try {
      return new Set((await listRuns(job.job_id, { limit: RECENT_RUNS }, signal)).map((run) => run.id));
    } catch {
      return new Set();
    }
  };

  return {
    async preview(action, signal): Promise<ActionPreview> {
      switch (action.kind) {
        case 'trigger': {
          refuseAirflowFields(action);
          const job = await readJob(action.workflowId, signal);
          const plan = planRunNow(job, action.params, action.requestId);
          const estimate = await runNowEstimate(job, signal);
          return {
            action,
            summary: `Start a new run of job ${jobLabel(job)}: ${estimate.text}`,
            ...(estimate.notes.length > 0 ? { notes: estimate.notes } : {}),
            affected: plan.parameters.map(
              (line) => `${plan.kind === 'job parameters' ? '' : 'notebook '}${line}`,
            ),
            serverDryRun: false,
            destructive: false,
          };
        }
        case 'cancelRun': {
          const run = await activeRun(action.workflowId, action.runId, signal);
          return {
            action,
            summary: `Cancel run ${runLabel(run)}: ${describeActiveRun(run)}`,
            affected: activeTasks(run),
            serverDryRun: false,
            destructive: true,
          };
        }
        case 'cancelAllRuns': {
          const job = await readJob(action.workflowId, signal);
          const runs = await activeRuns(job, signal);
          const queued = runs.filter((run) => run.state === 'queued').length;
          return {
            action,
            summary: `Cancel all ${countOf(runs)} of job ${jobLabel(job)}${queued > 0 ? ` (${queued} queued or starting)` : ''}`,
            affected: runs.map(describeListedRun),
            serverDryRun: false,
            destructive: true,
          };
        }
        case 'repairRun': {
          const run = await readRun(action.workflowId, action.runId, signal);
          const plan = planRepair(run, action.tasks, action.rerunDependents);
          return {
            action,
            summary: `Repair run ${runLabel(run)}: ${describeRepair(plan, action.latestRepairId)}`,
            affected: plan.steps.map(describeStep),
            serverDryRun: false,
            destructive: false,
          };
        }
        case 'awaitRepair': {
          const run = await readRun(action.workflowId, action.runId, signal);
          return {
            action,
            summary: `Wait for the repair of run ${runLabel(run)} to finish: what follows is sent only if it succeeds`,
            affected: [],
            serverDryRun: false,
            destructive: false,
          };
        }
        case 'setPaused': {
          const job = await readJob(action.workflowId, signal);
          const schedule = describeSchedule(job);
          if (!schedule) throw notPausable(job);
          return {
            action,
            summary: `${action.paused ? 'Pause' : 'Unpause'} the ${schedule.text} schedule of job ${jobLabel(job)}${schedule.pauseStatus === (action.paused ? 'PAUSED' : 'UNPAUSED') ? ' (it already is)' : ''}`,
            affected: [job.settings.name ?? action.workflowId],
            serverDryRun: false,
            destructive: false,
          };
        }
        default:
          throw unsupported(action.kind);
      }
    },

    async execute(action, signal): Promise<ActionResult> {
      const withSignal = signal ? { signal } : {};
      switch (action.kind) {
        case 'trigger': {
          refuseAirflowFields(action);
          const job = await readJob(action.workflowId, signal);
          const plan = planRunNow(job, action.params, action.requestId);
          const before = await recentRunIds(job, signal);
          // The idempotency_token makes a re-sent run-now return the same run, so retrying is safe.
          const response = await api.post('jobs/run-now', plan.body, RunNowResponse, {
            idempotent: true,
            ...withSignal,
          });
          // The workspace answers a token it has seen with that token's run: a run that was
          // there before this send was started by an earlier send of the same request.
          if (before.has(response.run_id)) {
            return {
              action,
              summary: `Job ${jobLabel(job)} already has run ${response.run_id} from an earlier send of this request: no second run was made`,
              runId: response.run_id,
              affected: [response.run_id],
              alreadyDone: true,
            };
          }
          return {
            action,
            summary: `Started run ${response.run_id} of job ${jobLabel(job)}`,
            runId: response.run_id,
            affected: [response.run_id],
          };
        }
        case 'cancelRun': {
          const run = await activeRun(action.workflowId, action.runId, signal);
          // Cancelling a run twice changes nothing more, so a lost answer may be re-sent.
          await api.post('jobs/runs/cancel', { run_id: idValue(run.run_id) }, Empty, {
            idempotent: true,
            ...withSignal,
          });
          return {
            action,
            summary: `Cancel requested for run ${runLabel(run)}: Databricks stops it asynchronously`,
            runId: run.run_id,
            affected: [run.run_id],
          };
        }
        case 'cancelAllRuns': {
          const job = await readJob(action.workflowId, signal);
          const runs = await activeRuns(job, signal);
          // Re-sent after a lost answer it cancels what is active then, as the first send would have.
          await api.post('jobs/runs/cancel-all', { job_id: idValue(job.job_id) }, Empty, {
            idempotent: true,
            ...withSignal,
          });
          return {
            action,
            summary: `Cancel requested for the ${countOf(runs)} of job ${jobLabel(job)}: Databricks stops them asynchronously`,
            affected: runs.map((run) => run.id),
          };
        }
        case 'repairRun': {
          const run = await readRun(action.workflowId, action.runId, signal);
          const plan = planRepair(run, action.tasks, action.rerunDependents);
          const body: Record<string, unknown> = { run_id: idValue(run.run_id) };
          if (action.tasks.length > 0) body.rerun_tasks = plan.selected;
          else body.rerun_all_failed_tasks = true;
          body.rerun_dependent_tasks = action.rerunDependents;
          const latest = action.latestRepairId ?? plan.latestRepairId;
          if (latest !== undefined) body.latest_repair_id = latest;
          // Repair does not carry job parameters over by itself: send the run's again.
          const params = (run.job_parameters ?? []).filter((p) => p.value !== undefined);
          if (params.length > 0)
            body.job_parameters = Object.fromEntries(params.map((p) => [p.name, p.value]));
          const known = repairIds(run);
          let repairId: number;
          let readBack = '';
          try {
            repairId = (await api.post('jobs/runs/repair', body, RepairRunResponse, withSignal)).repair_id;
          } catch (error) {
            // Never re-sent (a second repair is a second rerun), but a lost answer is read back.
            const made = await repairMadeDespite(error, run, known, signal);
            if (made === undefined) throw error;
            repairId = made;
            readBack = ' (its answer was lost; found in the run history)';
          }
          return {
            action,
            summary: `Repair ${repairId} of run ${runLabel(run)} started${readBack}: ${describeRepair(plan, undefined)}`,
            runId: run.run_id,
            repairId,
            affected: plan.rerun,
          };
        }
        case 'awaitRepair':
          return awaitRepair(action, signal);
        case 'setPaused': {
          const job = await readJob(action.workflowId, signal);
          const pause_status = action.paused ? 'PAUSED' : 'UNPAUSED';
          const { schedule, trigger, continuous } = job.settings;
          // jobs/update replaces each top-level setting it is given, so send the whole object back.
          const newSettings = schedule
            ? { schedule: { ...schedule, pause_status } }
            : trigger
              ? { trigger: { ...trigger, pause_status } }
              : continuous
                ? { continuous: { ...continuous, pause_status } }
                : undefined;
          if (!newSettings) throw notPausable(job);
          await api.post(
            'jobs/update',
            { job_id: idValue(job.job_id), new_settings: newSettings },
            Empty,
            // Setting the same pause status twice is harmless.
            { idempotent: true, ...withSignal },
          );
          return {
            action,
            summary: `Job ${jobLabel(job)} ${action.paused ? 'paused' : 'unpaused'}`,
            affected: [job.job_id],
          };
        }
        default:
          throw unsupported(action.kind);
      }
    },
  };

  /**
   * Polls the run until the repair made after `knownRepairIds` has ended. Succeeds when the run
   * ends successful; otherwise throws, so the plan's later steps are not sent. Reads that fail in
   * transit are retried at the next poll: a flaky network must not abandon a long wait.
   */
  async function awaitRepair(
    action: Extract<Action, { kind: 'awaitRepair' }>,
    signal: AbortSignal | undefined,
  ): Promise<ActionResult> {
    const known = new Set(action.knownRepairIds);
    const deadline = Date.now() + AWAIT_REPAIR_LIMIT_MS;
    let failedReads = 0;
    for (;;) {
      let run: RunT | undefined;
      try {
        run = await readRun(action.workflowId, action.runId, signal);
        failedReads = 0;
      } catch (error) {
        if (!(error instanceof Unavailable || error instanceof Timeout) || ++failedReads > 10) throw error;
      }
      const repair = run ? [...repairIds(run)].find((id) => !known.has(id)) : undefined;
      if (run && repair !== undefined) {
        const lifecycle = mapState(run.state, run.status);
        if (lifecycle.terminal) {
          if (lifecycle.state === 'success') {
            return {
              action,
              summary: `Repair ${repair} of run ${runLabel(run)} succeeded`,
              runId: run.run_id,
              affected: [run.run_id],
            };
          }
          throw new Conflict(
            `Repair ${repair} of run ${runLabel(run)} ended ${lifecycle.rawState}: the steps after it were not sent`,
          );
        }
      }
      if (Date.now() > deadline) {
        throw new Timeout(
          `The repair of run ${action.runId} did not finish within ${formatDuration(AWAIT_REPAIR_LIMIT_MS)}: the steps after it were not sent`,
        );
      }
      await sleep(repairPollMs, undefined, signal ? { signal } : {});
    }
  }

  /**
   * After a repair request failed in transit (reset, timeout, 5xx) the repair may still have been
   * made: a REPAIR the run did not have before is ours. Anything else, or a failed read, leaves
   * the original error standing.
   */
  async function repairMadeDespite(
    error: unknown,
    run: RunT,
    known: Set<number>,
    signal: AbortSignal | undefined,
  ): Promise<number | undefined> {
    if (!(error instanceof Unavailable || error instanceof Timeout)) return undefined;
    try {
      const after = await api.getRun(run.run_id, signal);
      return [...repairIds(after)].find((id) => !known.has(id));
    } catch {
      return undefined;
    }
  }
}

function repairIds(run: RunT): Set<number> {
  return new Set(
    (run.repair_history ?? []).flatMap((item) =>
      item.type === 'REPAIR' && item.id !== undefined ? [item.id] : [],
    ),
  );
}

/** "3 active runs"; "at least 1000 active runs" when the listing stopped at its cap. */
function countOf(runs: Run[]): string {
  const atLeast = runs.length >= ACTIVE_RUNS_LISTED ? 'at least ' : '';
  return `${atLeast}${runs.length} active run${runs.length === 1 ? '' : 's'}`;
}

/** "rerun stress_tests (last 9m 10s) and 2 dependents, chained on repair 789". */
function describeRepair(plan: RepairPlan, latestRepairId: number | undefined): string {
  const chosen = plan.steps.filter((step) => !step.dependent);
  const dependents = plan.steps.length - chosen.length;
  const tasks =
    chosen.length <= KEYS_IN_SUMMARY
      ? chosen
          .map((step) => {
            const last = step.latest ? taskDuration(step.latest) : 0;
            return last > 0 ? `${step.taskKey} (last ${formatDuration(last)})` : step.taskKey;
          })
          .join(', ')
      : `${chosen.length} tasks`;
  const chain = latestRepairId ?? plan.latestRepairId;
  return `rerun ${tasks} and ${dependents} dependent${dependents === 1 ? '' : 's'}${chain !== undefined ? `, chained on repair ${chain}` : ''}`;
}

/** "stress_tests: last FAILED after 9m 10s (2 attempts)", "publish_risk_report: dependent, last UPSTREAM_FAILED (did not run)". */
function describeStep(step: RepairStep): string {
  const role = step.dependent ? 'dependent, ' : '';
  if (!step.latest) return `${step.taskKey}: ${role}not run yet`;
  const outcome = outcomeOf(step.latest.state, step.latest.status);
  const ms = taskDuration(step.latest);
  const took = ms > 0 ? ` after ${formatDuration(ms)}` : ' (did not run)';
  return `${step.taskKey}: ${role}last ${outcome}${took}`;
}

/** "RUNNING for 14m 02s; repair 789 in progress" or "QUEUED (not started)". */
function describeActiveRun(run: RunT): string {
  const lifecycle = mapState(run.state, run.status);
  const since = run.run_duration && run.run_duration > 0 ? ` for ${formatDuration(run.run_duration)}` : '';
  const notStarted = lifecycle.state === 'queued' ? ' (not started yet)' : '';
  const repairs = [...repairIds(run)];
  const repair = repairs.length > 0 ? `; repair ${repairs[repairs.length - 1]} in progress` : '';
  return `${lifecycle.rawState}${since}${notStarted}${repair}`;
}

/** The tasks a cancel stops: "stress_tests RUNNING for 9m 10s", "publish_risk_report BLOCKED". */
function activeTasks(run: RunT): string[] {
  const lines: string[] = [];
  for (const [key, attempts] of groupAttempts(run)) {
    const latest = attempts[attempts.length - 1];
    if (!latest) continue;
    const lifecycle = mapState(latest.state, latest.status);
    if (lifecycle.terminal) continue;
    const ms = taskDuration(latest);
    const running = lifecycle.state === 'running' && ms > 0 ? ` for ${formatDuration(ms)}` : '';
    lines.push(`${key} ${lifecycle.rawState}${running}`);
  }
  return lines;
}

/** "run 123 RUNNING for 14m 02s (scheduled)". */
function describeListedRun(run: Run): string {
  const since = run.durationMs ? ` for ${formatDuration(run.durationMs)}` : '';
  const trigger = run.trigger ? ` (${run.trigger})` : '';
  return `run ${run.id} ${run.rawState}${since}${trigger}`;
}

function outcomeOf(state: RunT['state'], status: RunT['status']): string {
  const raw = mapState(state, status).rawState;
  return raw.slice(raw.lastIndexOf('/') + 1);
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A logical date or a note would be dropped silently: Databricks runs have neither. */
function refuseAirflowFields(action: Extract<Action, { kind: 'trigger' }>): void {
  if (typeof action.logicalDate === 'string' || (action.note ?? '') !== '') {
    throw new InvalidRequest(
      'Databricks runs have no logical date or note: start the run without them (pass values as job parameters)',
    );
  }
}

/** Ids are decimal int64: anything else would only come back as a 400 from the workspace. */
function checkId(kind: 'job' | 'run', id: string): void {
  if (!/^\d{1,19}$/.test(id)) {
    throw new InvalidRequest(`"${id}" is not a Databricks ${kind} id: ${kind} ids are numbers, e.g. 1000180`);
  }
}

function notPausable(job: Job): Refused {
  return new Refused(
    `Job ${jobLabel(job)} has no schedule, trigger or continuous setting to pause: nothing to do`,
  );
}

function unsupported(kind: ActionKind): Refused {
  return new Refused(`Databricks jobs do not support "${kind}": use repair or cancel instead`);
}
