// Derives the lifecycle of runs and attempts from their planned timeline and the virtual now.
// States and their meaning: the Go SDK's `RunLifeCycleState` and `RunResultState`.

import type { LifeCycleState, ResultState, SimAttempt, SimRun } from './model.js';

export interface Lifecycle {
  life: LifeCycleState;
  result?: ResultState;
  message: string;
}

export function attemptLifecycle(attempt: SimAttempt, now: number, hasUpstream: boolean): Lifecycle {
  if (now >= attempt.terminatedAt) {
    return { life: 'TERMINATED', result: attempt.result, message: attempt.message };
  }
  if (now < attempt.startAt) {
    return hasUpstream
      ? { life: 'BLOCKED', message: 'Waiting for upstream tasks.' }
      : { life: 'PENDING', message: '' };
  }
  if (now < attempt.runningAt) return { life: 'PENDING', message: 'Waiting for cluster' };
  if (now < attempt.endAt) return { life: 'RUNNING', message: 'In run' };
  return { life: 'TERMINATING', message: '' };
}

/** The attempt with the highest attempt_number per task key. */
export function latestAttempts(attempts: SimAttempt[]): Map<string, SimAttempt> {
  const latest = new Map<string, SimAttempt>();
  for (const attempt of attempts) {
    const seen = latest.get(attempt.taskKey);
    if (!seen || attempt.attemptNumber > seen.attemptNumber) latest.set(attempt.taskKey, attempt);
  }
  return latest;
}

/** When the last attempt (including retries planned for later) is fully cleaned up. */
export function runEndAt(run: SimRun): number {
  if (run.skipped) return run.skipped.at;
  if (run.queued && run.queued.releasedAt === undefined) return run.cancelledAt ?? Number.POSITIVE_INFINITY;
  let end = run.queued?.releasedAt ?? run.createdAt;
  for (const attempt of run.attempts) end = Math.max(end, attempt.terminatedAt);
  return end;
}

export function isActive(run: SimRun, now: number): boolean {
  return now < runEndAt(run);
}

/** Lifecycle of a set of attempts (a whole run, or one repair_history item). */
export function attemptsLifecycle(
  attempts: SimAttempt[],
  now: number,
  startedAt: number,
  cancelledAt: number | undefined,
): Lifecycle {
  const executed = attempts.filter((a) => a.runningAt > a.startAt);
  const firstRunning = Math.min(...executed.map((a) => a.runningAt));
  const lastEnd = Math.max(startedAt, ...attempts.map((a) => a.endAt));
  const lastTerminated = Math.max(startedAt, ...attempts.map((a) => a.terminatedAt));
  if (now < lastTerminated || attempts.length === 0) {
    if (now < startedAt || (executed.length > 0 && now < firstRunning)) {
      return { life: 'PENDING', message: 'Waiting for cluster' };
    }
    if (now >= lastEnd && attempts.length > 0) return { life: 'TERMINATING', message: '' };
    return { life: 'RUNNING', message: '' };
  }
  if (cancelledAt !== undefined && cancelledAt <= now) {
    return { life: 'TERMINATED', result: 'CANCELED', message: 'Run cancelled.' };
  }
  const latest = [...latestAttempts(attempts).values()];
  const failed = latest.filter((a) => a.result === 'FAILED' || a.result === 'TIMEDOUT');
  if (failed.length > 0 || latest.some((a) => a.result === 'UPSTREAM_FAILED')) {
    const total = latest.length;
    return {
      life: 'TERMINATED',
      result: 'FAILED',
      message: `${failed.length} of ${total} task${total === 1 ? '' : 's'} failed.`,
    };
  }
  if (latest.some((a) => a.result === 'CANCELED' || a.result === 'UPSTREAM_CANCELED')) {
    return { life: 'TERMINATED', result: 'CANCELED', message: 'Run cancelled.' };
  }
  return { life: 'TERMINATED', result: 'SUCCESS', message: '' };
}

export function runLifecycle(run: SimRun, now: number): Lifecycle {
  if (run.skipped && now >= run.skipped.at) {
    return { life: 'SKIPPED', result: 'MAXIMUM_CONCURRENT_RUNS_REACHED', message: run.skipped.message };
  }
  if (run.queued && (run.queued.releasedAt === undefined || now < run.queued.releasedAt)) {
    if (run.cancelledAt !== undefined && now >= run.cancelledAt) {
      return { life: 'TERMINATED', result: 'CANCELED', message: 'Run cancelled.' };
    }
    return { life: 'QUEUED', message: 'Queued due to reaching maximum concurrent runs.' };
  }
  const lastRepair = run.repairs.at(-1);
  const cancelledAt = lastRepair ? lastRepair.cancelledAt : run.cancelledAt;
  return attemptsLifecycle(run.attempts, now, run.queued?.releasedAt ?? run.createdAt, cancelledAt);
}
