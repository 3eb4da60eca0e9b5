// What a log pane reads: the follow of one task's log, the task to show when only a run is named,
// and the tries the try picker offers. The pane (ui/logs/logPane.ts) keeps the buffer and the view;
// the reads are here, against whichever backend the target names.

import type { ConsoleBackends } from './consoleBackends.js';
import { NotFound } from './errors.js';
import {
  ACTIVE_STATES,
  type BackendKind,
  type FollowLogOptions,
  type LogBatch,
  type LogRef,
  type TaskAttempt,
  type TaskInstance,
} from './model.js';
import { requireBackend } from './sessionBackends.js';

/** A run, and one of its tasks when known. */
export interface RunTaskRef {
  backend: BackendKind;
  workflowId: string;
  runId: string;
  taskId?: string | undefined;
  mapIndex?: number | undefined;
}

export function followTaskLog(
  backends: ConsoleBackends,
  ref: LogRef,
  options: FollowLogOptions,
): AsyncIterable<LogBatch> {
  return requireBackend(backends, ref.backend).followLog(ref, options);
}

/** A run's task to show when none was named: the first failed, else the first active, else the first. */
export async function pickLogTask(
  backends: ConsoleBackends,
  run: RunTaskRef,
  signal: AbortSignal,
): Promise<TaskInstance> {
  const tasks = await requireBackend(backends, run.backend).listTasks(run.workflowId, run.runId, signal);
  const pick =
    tasks.find((task) => task.state === 'failed') ??
    tasks.find((task) => ACTIVE_STATES.has(task.state)) ??
    tasks[0];
  if (!pick) throw new NotFound(`Run ${run.runId} has no tasks yet: press r once it has started one`);
  return pick;
}

/**
 * One log the try picker offers. `current`: the task's current try, then its retries; `try`: one
 * earlier try of the same task; `taskRun`: one attempt of one of the run's tasks, where each
 * attempt is a task run with its own output (Databricks).
 */
export type LogTry =
  | { kind: 'current'; task: TaskInstance }
  | { kind: 'try'; task: TaskInstance; attempt: TaskAttempt }
  | { kind: 'taskRun'; task: TaskInstance; attempt: TaskAttempt };

/** The logs the try picker offers for the task `target` shows, the shown one first. */
export async function listLogTries(
  backends: ConsoleBackends,
  target: RunTaskRef,
  signal?: AbortSignal,
): Promise<LogTry[]> {
  const backend = requireBackend(backends, target.backend);
  const tasks = await backend.listTasks(target.workflowId, target.runId, signal);
  const same = (task: TaskInstance) =>
    task.taskId === target.taskId && (task.mapIndex ?? -1) === (target.mapIndex ?? -1);
  if (target.backend === 'databricks') {
    // A Databricks run's tasks are its logs: each task, newest attempt first, the shown task on top.
    const ordered = [...tasks.filter(same), ...tasks.filter((task) => !same(task))];
    return ordered.flatMap((task) =>
      [...(task.attempts ?? [])].reverse().map((attempt): LogTry => ({ kind: 'taskRun', task, attempt })),
    );
  }
  const task = tasks.find(same);
  if (!task) {
    const index = target.mapIndex !== undefined && target.mapIndex >= 0 ? `[${target.mapIndex}]` : '';
    throw new NotFound(`Task ${target.taskId ?? ''}${index} is not in run ${target.runId} any more`);
  }
  const tries = await backend.listTries(task, signal);
  return [{ kind: 'current', task }, ...tries.map((attempt): LogTry => ({ kind: 'try', task, attempt }))];
}
