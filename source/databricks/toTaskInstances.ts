// runs/get lists one tasks[] entry per attempt: retries and repairs add entries with the same
// task_key. The console shows one row per task_key, the latest
// attempt on top and the earlier ones as `attempts`.
import type { TaskAttempt, TaskInstance } from '../core/model.js';
import { mapState } from './mapState.js';
import type { Run, RunTask } from './schemas.js';
import { taskTypeOf } from './taskTypeOf.js';
import { iso } from './toRun.js';

/** Latest attempt last: a not-yet-started attempt (start 0) is newer than any started one. */
function attemptOrder(a: { task: RunTask; index: number }, b: { task: RunTask; index: number }): number {
  const start = (t: RunTask) => (t.start_time && t.start_time > 0 ? t.start_time : Number.POSITIVE_INFINITY);
  const byStart = start(a.task) - start(b.task);
  if (byStart !== 0 && !Number.isNaN(byStart)) return byStart;
  const byAttempt = (a.task.attempt_number ?? 0) - (b.task.attempt_number ?? 0);
  return byAttempt !== 0 ? byAttempt : a.index - b.index;
}

export function groupAttempts(run: Run): Map<string, RunTask[]> {
  const groups = new Map<string, { task: RunTask; index: number }[]>();
  (run.tasks ?? []).forEach((task, index) => {
    const list = groups.get(task.task_key) ?? [];
    list.push({ task, index });
    groups.set(task.task_key, list);
  });
  return new Map([...groups].map(([key, list]) => [key, list.sort(attemptOrder).map((entry) => entry.task)]));
}

export function toTaskInstances(run: Run, workflowId: string): TaskInstance[] {
  const result: TaskInstance[] = [];
  for (const [taskKey, attempts] of groupAttempts(run)) {
    const latest = attempts[attempts.length - 1];
    if (!latest) continue;
    const mapped = mapState(latest.state, latest.status);
    const task: TaskInstance = {
      backend: 'databricks',
      workflowId,
      runId: run.run_id,
      taskId: taskKey,
      state: mapped.state,
      rawState: mapped.rawState,
      tryNumber: attempts.length,
      attempts: attempts.map(toAttempt),
      dependsOn: (latest.depends_on ?? []).map((dep) => dep.task_key),
    };
    if (latest.max_retries !== undefined && latest.max_retries >= 0) task.maxTries = latest.max_retries + 1;
    const type = taskTypeOf(latest);
    if (type) task.operator = type;
    if (latest.cluster_instance?.cluster_id) task.hostname = latest.cluster_instance.cluster_id;
    const started = iso(latest.start_time);
    if (started) task.startedAt = started;
    const ended = iso(latest.end_time);
    if (ended) task.endedAt = ended;
    const duration = taskDuration(latest);
    if (duration) task.durationMs = duration;
    if (latest.run_id) task.taskRunId = latest.run_id;
    if (latest.run_page_url) task.url = latest.run_page_url;
    if (latest.setup_duration) task.setupMs = latest.setup_duration;
    if (latest.execution_duration) task.executionMs = latest.execution_duration;
    result.push(task);
  }
  return result;
}

function toAttempt(task: RunTask, index: number): TaskAttempt {
  const mapped = mapState(task.state, task.status);
  const attempt: TaskAttempt = { attempt: index + 1, state: mapped.state, rawState: mapped.rawState };
  if (task.run_id) attempt.taskRunId = task.run_id;
  const started = iso(task.start_time);
  if (started) attempt.startedAt = started;
  const ended = iso(task.end_time);
  if (ended) attempt.endedAt = ended;
  const duration = taskDuration(task);
  if (duration) attempt.durationMs = duration;
  if (task.cluster_instance?.cluster_id) attempt.hostname = task.cluster_instance.cluster_id;
  return attempt;
}

/** Multitask runs report 0 for setup/execution/cleanup on some tasks; run_duration is the real one. */
export function taskDuration(task: RunTask): number {
  return (
    task.run_duration ||
    task.execution_duration ||
    (task.end_time && task.start_time && task.end_time > 0 ? task.end_time - task.start_time : 0)
  );
}

/** Every attempt of one task key, newest first (the task screen's tries table). */
export function toTries(run: Run, taskKey: string): TaskAttempt[] {
  return (groupAttempts(run).get(taskKey) ?? []).map(toAttempt).reverse();
}
