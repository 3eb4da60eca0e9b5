// Plans the whole timeline of a run's task attempts at the moment they are started, so that every
// later read is a pure function of the virtual clock (no timers, no busy loops). Tasks run in
// dependency order; a failed attempt with retries left is followed by a new attempt (one tasks[]
// entry per attempt, as the real API lists them); a task whose upstream did not succeed is
// UPSTREAM_FAILED.

import type { Random } from '../random.js';
import type { SimAttempt, SimJob, SimTaskDef } from './model.js';

export interface PlanInput {
  job: SimJob;
  /** Task keys to execute (all tasks for a new run; the repaired set for a repair). */
  taskKeys: Set<string>;
  startAt: number;
  /** Latest attempt of tasks that are not re-executed (repair), looked up for dependencies. */
  existing: Map<string, SimAttempt>;
  /** First attempt_number per task key (0 for a new run, previous + 1 for a repair). */
  firstAttempt: (taskKey: string) => number;
  random: Random;
  allocateRunId: () => number;
  /** Task keys whose attempts all fail (seed stories, deterministic tests). */
  forcedFailures: Set<string>;
  /** Repaired attempts succeed unless forced: the story is that someone fixed the cause. */
  repairId?: number;
  /** Every execution takes this many times its drawn time. */
  slowdown?: number;
}

const between = (random: Random, [min, max]: [number, number]) => Math.round(min + random() * (max - min));

export function topologicalTasks(job: SimJob): SimTaskDef[] {
  const byKey = new Map(job.tasks.map((task) => [task.taskKey, task]));
  const done = new Set<string>();
  const order: SimTaskDef[] = [];
  const visit = (task: SimTaskDef) => {
    if (done.has(task.taskKey)) return;
    done.add(task.taskKey);
    for (const dep of task.dependsOn) {
      const upstream = byKey.get(dep);
      if (upstream) visit(upstream);
    }
    order.push(task);
  };
  job.tasks.forEach(visit);
  return order;
}

/** Keys downstream of `keys` (transitively), used by rerun_dependent_tasks and run-now `only`. */
export function downstreamOf(job: SimJob, keys: Iterable<string>): Set<string> {
  const result = new Set(keys);
  for (const task of topologicalTasks(job)) {
    if (task.dependsOn.some((dep) => result.has(dep))) result.add(task.taskKey);
  }
  return result;
}

export function planAttempts(input: PlanInput): SimAttempt[] {
  const { job, random } = input;
  const planned: SimAttempt[] = [];
  const latest = new Map(input.existing);
  const clusterId = `${String(Math.floor(random() * 9000) + 1000)}-${String(Math.floor(random() * 900000) + 100000)}-sim${Math.floor(random() * 9000) + 1000}`;
  let clusterReadyAt = 0;

  for (const task of topologicalTasks(job)) {
    if (!input.taskKeys.has(task.taskKey)) continue;
    const upstream = task.dependsOn.map((key) => latest.get(key));
    const readyAt = Math.max(
      input.startAt,
      ...upstream.map((attempt) => attempt?.terminatedAt ?? input.startAt),
    );
    const blockedBy = upstream.find((attempt) => attempt !== undefined && attempt.result !== 'SUCCESS');
    const first = input.firstAttempt(task.taskKey);

    if (blockedBy) {
      const canceled = blockedBy.result === 'CANCELED' || blockedBy.result === 'UPSTREAM_CANCELED';
      const attempt: SimAttempt = {
        runId: input.allocateRunId(),
        taskKey: task.taskKey,
        attemptNumber: first,
        visibleAt: input.startAt,
        startAt: readyAt,
        runningAt: readyAt,
        endAt: readyAt,
        terminatedAt: readyAt,
        result: canceled ? 'UPSTREAM_CANCELED' : 'UPSTREAM_FAILED',
        message: canceled ? 'Upstream task(s) were canceled.' : 'Upstream task(s) failed.',
        clusterId,
        logSeed: Math.floor(random() * 2 ** 31),
      };
      if (input.repairId !== undefined) attempt.repairId = input.repairId;
      planned.push(attempt);
      latest.set(task.taskKey, attempt);
      continue;
    }

    let visibleAt = input.startAt;
    let startAt = readyAt;
    for (let n = 0; n <= task.maxRetries; n++) {
      // The job cluster starts once; later tasks on it only need an execution context.
      // An all-purpose cluster is already up.
      const setup =
        clusterReadyAt === 0 && !task.existingClusterId
          ? between(random, job.clusterStartMs ?? [20_000, 60_000])
          : between(random, [1_000, 5_000]);
      const runningAt = startAt + setup;
      if (!task.existingClusterId) clusterReadyAt = Math.max(clusterReadyAt, runningAt);
      const endAt = runningAt + between(random, task.durationMs) * (input.slowdown ?? 1);
      const terminatedAt = endAt + between(random, [1_000, 4_000]);
      const forced = input.forcedFailures.has(task.taskKey);
      const failed = forced || (input.repairId === undefined && random() < task.failureRate);
      const attempt: SimAttempt = {
        runId: input.allocateRunId(),
        taskKey: task.taskKey,
        attemptNumber: first + n,
        visibleAt,
        startAt,
        runningAt,
        endAt,
        terminatedAt,
        result: failed ? 'FAILED' : 'SUCCESS',
        message: failed ? task.failure.error : '',
        clusterId: task.existingClusterId ?? clusterId,
        logSeed: Math.floor(random() * 2 ** 31),
      };
      if (input.repairId !== undefined) attempt.repairId = input.repairId;
      planned.push(attempt);
      latest.set(task.taskKey, attempt);
      if (!failed) break;
      visibleAt = terminatedAt + task.minRetryIntervalMs;
      startAt = visibleAt;
    }
  }
  return planned;
}
