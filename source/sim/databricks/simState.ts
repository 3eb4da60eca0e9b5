// The simulated workspace: jobs, runs and their task attempts, moved forward lazily from the
// virtual clock. `sync()` is called before every request: it fires due cron schedules, restarts
// continuous jobs and releases queued runs, each at the virtual instant it would have happened.

import type { SimClock } from '../clock.js';
import type { Random } from '../random.js';
import { createRandom } from '../random.js';
import { invalidParameter, invalidState, runDoesNotExist } from './apiError.js';
import { nextQuartzFire } from './cron.js';
import { isActive, latestAttempts, runEndAt } from './lifecycle.js';
import type { PauseStatus, SimAttempt, SimJob, SimRun, TriggerType } from './model.js';
import { downstreamOf, planAttempts } from './planAttempts.js';

export interface StartRunOptions {
  at: number;
  trigger: TriggerType;
  jobParameters?: Record<string, string>;
  overriding?: Record<string, unknown>;
  idempotencyToken?: string;
  forcedFailures?: string[];
  creator?: string;
  /** run-now `only`: a subset of task keys. */
  only?: Set<string>;
  /** Seed stories: every task takes this many times its usual time (a run stuck going long). */
  slowdown?: number;
}

export interface RepairOptions {
  rerunTasks?: string[];
  rerunAllFailedTasks?: boolean;
  rerunDependentTasks?: boolean;
  latestRepairId?: number;
  jobParameters?: Record<string, string>;
  /** Seed history only: when the repair happened (default: now). */
  at?: number;
}

/** Missed cron fires beyond this many are dropped, as a scheduler that was down would. */
const MAX_CATCH_UP = 3;
const CANCEL_CLEANUP_MS = 3_000;

export class SimState {
  readonly jobs = new Map<number, SimJob>();
  readonly runs = new Map<number, SimRun>();
  readonly taskRuns = new Map<number, { run: SimRun; attempt: SimAttempt }>();
  /** Task keys whose repaired attempts fail as well (the cause was not fixed); empty by default. */
  readonly failingRepairTasks = new Set<string>();
  private readonly idempotency = new Map<string, number>();
  private readonly queuedJobs = new Set<number>();
  private nextJobId: number;
  private nextRunId: number;
  private nextRepairId: number;
  private runCount = 0;

  constructor(
    readonly clock: SimClock,
    random: Random,
    readonly seed: number,
    /** Lines per virtual second python tasks write (get-output `logs`); undefined: the default. */
    readonly logRate?: number,
  ) {
    // Real ids are large int64 values; keep them below 2^53 so JSON numbers stay exact.
    this.nextJobId = 100_000_000_000_000 + Math.floor(random() * 1_000_000) * 1_000;
    this.nextRunId = 500_000_000_000_000 + Math.floor(random() * 1_000_000) * 1_000;
    this.nextRepairId = 800_000_000_000_000 + Math.floor(random() * 1_000_000) * 1_000;
  }

  addJob(def: Omit<SimJob, 'jobId' | 'runIds' | 'nextFireAt'>): SimJob {
    const job: SimJob = { ...def, jobId: this.nextJobId++, runIds: [] };
    const next = job.schedule
      ? nextQuartzFire(job.schedule.quartz_cron_expression, this.clock.now())
      : undefined;
    if (next !== undefined) job.nextFireAt = next;
    this.jobs.set(job.jobId, job);
    return job;
  }

  jobByName(name: string): SimJob | undefined {
    for (const job of this.jobs.values()) if (job.name === name) return job;
    return undefined;
  }

  /** A job run (not a task run), or undefined when missing or deleted. */
  run(runId: number): SimRun | undefined {
    const run = this.runs.get(runId);
    return run && !run.deleted ? run : undefined;
  }

  allocateRunId = (): number => this.nextRunId++;

  startRun(job: SimJob, options: StartRunOptions): SimRun {
    if (options.idempotencyToken !== undefined) {
      const existing = this.idempotency.get(options.idempotencyToken);
      if (existing !== undefined) {
        const run = this.runs.get(existing);
        if (run?.deleted) {
          throw invalidParameter(
            `The run ${existing} created with idempotency token ${options.idempotencyToken} has been deleted.`,
          );
        }
        if (run) return run;
      }
    }
    const jobParameters: Record<string, string> = {};
    for (const p of job.parameters) jobParameters[p.name] = p.default;
    Object.assign(jobParameters, options.jobParameters ?? {});
    const run: SimRun = {
      runId: this.allocateRunId(),
      jobId: job.jobId,
      createdAt: options.at,
      trigger: options.trigger,
      creator: options.creator ?? job.creator,
      jobParameters,
      attempts: [],
      repairs: [],
      deleted: false,
      forcedFailures: options.forcedFailures ?? [],
    };
    if (options.slowdown !== undefined) run.slowdown = options.slowdown;
    if (options.overriding) run.overriding = options.overriding;
    if (options.idempotencyToken !== undefined) {
      run.idempotencyToken = options.idempotencyToken;
      this.idempotency.set(options.idempotencyToken, run.runId);
    }
    const busy = job.runIds.filter((id) => {
      const other = this.run(id);
      return other !== undefined && other.createdAt <= options.at && isActive(other, options.at);
    }).length;
    if (busy >= job.maxConcurrentRuns) {
      if (job.queueEnabled) {
        run.queued = { since: options.at };
        this.queuedJobs.add(job.jobId);
      } else {
        run.skipped = {
          at: options.at,
          message: `Skipping this run because the limit of ${job.maxConcurrentRuns} maximum concurrent runs has been reached.`,
        };
      }
    } else {
      this.plan(run, job, options.at, options.only);
    }
    this.runs.set(run.runId, run);
    job.runIds.push(run.runId);
    this.runCount++;
    return run;
  }

  private runRandom(run: SimRun, salt: number): Random {
    return createRandom((this.seed * 31 + run.runId + salt * 7919) >>> 0);
  }

  private plan(run: SimRun, job: SimJob, at: number, only?: Set<string>): void {
    const keys = only ?? new Set(job.tasks.map((t) => t.taskKey));
    const attempts = planAttempts({
      job,
      taskKeys: keys,
      startAt: at,
      existing: new Map(),
      firstAttempt: () => 0,
      random: this.runRandom(run, 0),
      allocateRunId: this.allocateRunId,
      forcedFailures: new Set(run.forcedFailures),
      ...(run.slowdown !== undefined ? { slowdown: run.slowdown } : {}),
    });
    this.addAttempts(run, attempts);
  }

  private addAttempts(run: SimRun, attempts: SimAttempt[]): void {
    for (const attempt of attempts) {
      run.attempts.push(attempt);
      this.taskRuns.set(attempt.runId, { run, attempt });
    }
  }

  /**
   * jobs/update of a trigger's pause status. A schedule that is unpaused fires next at its next
   * cron time after now: the real scheduler does not catch up on fires missed while paused.
   */
  setPauseStatus(job: SimJob, kind: 'schedule' | 'continuous' | 'fileArrival', status: PauseStatus): void {
    this.sync();
    const trigger = job[kind];
    if (!trigger)
      throw invalidParameter(
        `Job ${job.jobId} has no ${kind === 'fileArrival' ? 'trigger' : kind} to pause.`,
      );
    trigger.pause_status = status;
    if (kind === 'schedule' && job.schedule && status === 'UNPAUSED') {
      const next = nextQuartzFire(job.schedule.quartz_cron_expression, this.clock.now());
      if (next === undefined) delete job.nextFireAt;
      else job.nextFireAt = next;
    }
  }

  /** Brings schedules, continuous jobs and queues up to the virtual now. */
  sync(): void {
    const now = this.clock.now();
    for (const job of this.jobs.values()) {
      if (job.schedule && job.schedule.pause_status === 'UNPAUSED' && job.nextFireAt !== undefined) {
        if (job.nextFireAt <= now) this.fireSchedule(job, now);
      }
      if (job.continuous?.pause_status === 'UNPAUSED') this.keepContinuousRunning(job, now);
    }
    for (const jobId of [...this.queuedJobs]) this.releaseQueue(jobId, now);
  }

  private fireSchedule(job: SimJob, now: number): void {
    const expression = job.schedule?.quartz_cron_expression ?? '';
    const fires: number[] = [];
    let at = job.nextFireAt;
    while (at !== undefined && at <= now) {
      fires.push(at);
      if (fires.length > MAX_CATCH_UP) fires.shift();
      at = nextQuartzFire(expression, at);
    }
    if (at === undefined) delete job.nextFireAt;
    else job.nextFireAt = at;
    for (const fire of fires) this.startRun(job, { at: fire, trigger: 'PERIODIC' });
  }

  private keepContinuousRunning(job: SimJob, now: number): void {
    for (let i = 0; i < MAX_CATCH_UP; i++) {
      const lastId = job.runIds.at(-1);
      const last = lastId === undefined ? undefined : this.run(lastId);
      if (last && isActive(last, now)) return;
      const at = last ? runEndAt(last) + 60_000 : now;
      if (at > now) return;
      this.startRun(job, { at, trigger: last ? 'CONTINUOUS_RESTART' : 'CONTINUOUS' });
    }
  }

  private releaseQueue(jobId: number, now: number): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    for (;;) {
      const runs = job.runIds.map((id) => this.run(id)).filter((r): r is SimRun => r !== undefined);
      const waiting = runs.find(
        (r) => r.queued && r.queued.releasedAt === undefined && r.cancelledAt === undefined,
      );
      if (!waiting?.queued) {
        this.queuedJobs.delete(jobId);
        return;
      }
      const since = waiting.queued.since;
      const ends = runs
        .filter((r) => r !== waiting && !(r.queued && r.queued.releasedAt === undefined))
        .map(runEndAt)
        .filter((end) => end > since)
        .sort((a, b) => a - b);
      const releaseAt =
        ends.length < job.maxConcurrentRuns ? since : (ends[ends.length - job.maxConcurrentRuns] ?? since);
      if (releaseAt > now) return;
      waiting.queued.releasedAt = releaseAt;
      this.plan(waiting, job, releaseAt);
    }
  }

  /** runs/cancel: asynchronous, the run passes through TERMINATING. */
  cancelRun(runId: number, at?: number): void {
    const run = this.run(runId) ?? this.taskRuns.get(runId)?.run;
    if (!run || run.deleted) throw runDoesNotExist(runId);
    const now = at ?? this.clock.now();
    if (!isActive(run, now)) return;
    const lastRepair = run.repairs.at(-1);
    if (lastRepair) lastRepair.cancelledAt = now;
    else run.cancelledAt = now;
    const job = this.jobs.get(run.jobId);
    const upstreamKeys = new Set(job?.tasks.filter((t) => t.dependsOn.length > 0).map((t) => t.taskKey));
    run.attempts = run.attempts.filter((attempt) => {
      if (attempt.visibleAt > now) {
        this.taskRuns.delete(attempt.runId);
        return false;
      }
      if (attempt.terminatedAt <= now || attempt.endAt <= now) return true;
      if (attempt.startAt > now) {
        attempt.startAt = now;
        attempt.runningAt = now;
        attempt.result = upstreamKeys.has(attempt.taskKey) ? 'UPSTREAM_CANCELED' : 'CANCELED';
      } else {
        attempt.runningAt = Math.min(attempt.runningAt, now);
        attempt.result = 'CANCELED';
      }
      attempt.endAt = now;
      attempt.terminatedAt = now + CANCEL_CLEANUP_MS;
      attempt.message = 'Run cancelled.';
      return true;
    });
  }

  /** runs/cancel-all: every active run of the job, or every queued run with all_queued_runs. */
  cancelAll(jobId: number | undefined, allQueuedRuns: boolean): void {
    const now = this.clock.now();
    for (const run of this.runs.values()) {
      if (run.deleted || (jobId !== undefined && run.jobId !== jobId)) continue;
      const queued = run.queued !== undefined && (run.queued.releasedAt ?? Number.POSITIVE_INFINITY) > now;
      if (jobId === undefined && !(allQueuedRuns && queued)) continue;
      if (isActive(run, now)) this.cancelRun(run.runId);
    }
  }

  /** runs/repair: returns the new repair id. */
  repairRun(runId: number, options: RepairOptions): number {
    const run = this.run(runId);
    if (!run) throw runDoesNotExist(runId);
    const job = this.jobs.get(run.jobId);
    if (!job) throw runDoesNotExist(runId);
    const now = options.at ?? this.clock.now();
    if (isActive(run, now)) {
      throw invalidState(`Run ${runId} is still active. It can be repaired once it has terminated.`);
    }
    if (run.attempts.length === 0) throw invalidState(`Run ${runId} has no task runs to repair.`);
    const lastRepair = run.repairs.at(-1);
    if (lastRepair && options.latestRepairId === undefined) {
      throw invalidParameter('The latest repair ID needs to be provided in order to create a new repair');
    }
    if (options.latestRepairId !== undefined && options.latestRepairId !== lastRepair?.id) {
      throw invalidParameter(`Repair ${options.latestRepairId} is not the latest repair of run ${runId}.`);
    }
    if (options.rerunTasks && options.rerunAllFailedTasks) {
      throw invalidParameter('Only one of rerun_tasks or rerun_all_failed_tasks can be used.');
    }
    const latest = latestAttempts(run.attempts);
    let keys: Set<string>;
    if (options.rerunTasks) {
      if (new Set(options.rerunTasks).size !== options.rerunTasks.length) {
        throw invalidParameter('rerun_tasks cannot contain duplicate task keys.');
      }
      // The run's own tasks: a run started with `only`, or before the job changed, has fewer.
      for (const key of options.rerunTasks) {
        if (!latest.has(key)) throw invalidParameter(`Task ${key} does not exist in run ${runId}.`);
      }
      keys = new Set(options.rerunTasks);
    } else if (options.rerunAllFailedTasks) {
      keys = new Set([...latest.values()].filter((a) => a.result !== 'SUCCESS').map((a) => a.taskKey));
      if (keys.size === 0) throw invalidParameter(`Run ${runId} has no failed tasks to repair.`);
    } else {
      throw invalidParameter('Either rerun_tasks or rerun_all_failed_tasks must be specified.');
    }
    if (options.rerunDependentTasks) keys = downstreamOf(job, keys);
    if (options.jobParameters) Object.assign(run.jobParameters, options.jobParameters);

    const repair = { id: this.nextRepairId++, startAt: now, attemptRunIds: [] as number[] };
    const existing = new Map([...latest].filter(([key]) => !keys.has(key)));
    const attempts = planAttempts({
      job,
      taskKeys: keys,
      startAt: now,
      existing,
      firstAttempt: (key) => (latest.get(key)?.attemptNumber ?? -1) + 1,
      random: this.runRandom(run, run.repairs.length + 1),
      allocateRunId: this.allocateRunId,
      forcedFailures: new Set([...keys].filter((key) => this.failingRepairTasks.has(key))),
      repairId: repair.id,
    });
    repair.attemptRunIds = attempts.map((a) => a.runId);
    run.repairs.push(repair);
    this.addAttempts(run, attempts);
    return repair.id;
  }

  /** runs/delete: "Deletes a non-active run. Returns an error if the run is active." */
  deleteRun(runId: number): void {
    const run = this.run(runId);
    if (!run) throw runDoesNotExist(runId);
    if (isActive(run, this.clock.now())) {
      throw invalidState(`Run ${runId} is still active and cannot be deleted. Cancel it first.`);
    }
    run.deleted = true;
    for (const attempt of run.attempts) this.taskRuns.delete(attempt.runId);
  }

  get totalRuns(): number {
    return this.runCount;
  }
}
