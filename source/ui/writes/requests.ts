// The writes the screens ask for, as requests for the preview dialog: which steps, which toggles
// (and where they start). The defaults follow the Airflow UI's own dialogs: clearing includes the
// downstream tasks (what usually has to run again), marking does not.
import type { Action, TaskSelector } from '../../core/actions.js';
import { BACKEND_LABEL } from '../../core/backendLabel.js';
import type { BackendKind, Workflow } from '../../core/model.js';
import type { RunRef } from '../../core/runDetail.js';
import type { PlanOutcome, PlanStep } from '../../core/writeFlow.js';
import type { PickerOption } from '../modes/pickerMode.js';
import type { Toggles, WriteRequest } from '../modes/writeDialogMode.js';

/** Task instances of one run to clear (several runs make several steps of one plan). */
export interface ClearTarget {
  backend: BackendKind;
  workflowId: string;
  runId: string;
  tasks: TaskSelector[];
}

function taskName(task: TaskSelector): string {
  return task.mapIndex === undefined || task.mapIndex < 0 ? task.taskId : `${task.taskId}[${task.mapIndex}]`;
}

/**
 * Clear / retry task instances. One target: its tasks; several (marked rows): one plan, one step
 * per run. A target with no task clears the run's failed tasks.
 */
export function clearRequest(
  targets: readonly ClearTarget[],
  onDone?: (outcome: PlanOutcome) => void,
): WriteRequest {
  const mapped = targets.some((target) =>
    target.tasks.some((task) => task.mapIndex !== undefined && task.mapIndex >= 0),
  );
  const wholeRun = targets.length === 1 && targets[0]?.tasks.length === 0;
  const [first] = targets;
  const title =
    targets.length === 1 && first
      ? wholeRun
        ? `Clear the failed tasks of ${first.workflowId} / ${first.runId}`
        : `Clear ${first.tasks.map(taskName).join(', ')} · ${first.workflowId} / ${first.runId}`
      : `Clear ${targets.reduce((sum, target) => sum + Math.max(1, target.tasks.length), 0)} selected task instances in ${targets.length} runs`;
  const toggles: Toggles = {
    toggleDownstream: !wholeRun,
    toggleUpstream: false,
    toggleOnlyFailed: wholeRun,
    toggleLatestVersion: false,
    ...(mapped ? { toggleAllIndexes: false } : {}),
  };
  return {
    title,
    toggles,
    steps: (t) =>
      targets.map(
        (target): PlanStep => ({
          backend: target.backend,
          action: {
            kind: 'clearTasks',
            workflowId: target.workflowId,
            runId: target.runId,
            tasks: t.toggleAllIndexes
              ? dedupeTasks(target.tasks.map(({ taskId }) => ({ taskId })))
              : target.tasks,
            onlyFailed: t.toggleOnlyFailed === true,
            includeDownstream: t.toggleDownstream === true,
            includeUpstream: t.toggleUpstream === true,
            resetRun: true,
            ...(t.toggleLatestVersion ? { runOnLatestVersion: true } : {}),
          },
        }),
      ),
    ...(onDone ? { onDone } : {}),
  };
}

function dedupeTasks(tasks: TaskSelector[]): TaskSelector[] {
  return [...new Map(tasks.map((task) => [task.taskId, task])).values()];
}

type TaskState = Extract<Action, { kind: 'markTaskState' }>['state'];
type RunState = Extract<Action, { kind: 'markRunState' }>['state'];

export const TASK_STATE_CHOICES: readonly PickerOption<TaskState>[] = [
  { label: 'success', value: 'success', detail: 'counts as done: downstream tasks may run' },
  { label: 'failed', value: 'failed', detail: 'counts as failed: downstream tasks become upstream_failed' },
  { label: 'skipped', value: 'skipped', detail: 'counts as skipped: downstream tasks may skip too' },
];

export const RUN_STATE_CHOICES: readonly PickerOption<RunState>[] = [
  { label: 'success', value: 'success', detail: 'unfinished tasks are marked success too' },
  { label: 'failed', value: 'failed', detail: 'unfinished tasks are marked failed: running ones stop' },
  { label: 'queued', value: 'queued', detail: 're-queue the run: the scheduler picks it up again' },
];

export function markTaskRequest(
  target: { backend: BackendKind; workflowId: string; runId: string; task: TaskSelector },
  state: TaskState,
  onDone?: (outcome: PlanOutcome) => void,
): WriteRequest {
  return {
    title: `Mark ${taskName(target.task)} ${state} · ${target.workflowId} / ${target.runId}`,
    toggles: { toggleDownstream: false, toggleUpstream: false },
    steps: (t) => [
      {
        backend: target.backend,
        action: {
          kind: 'markTaskState',
          workflowId: target.workflowId,
          runId: target.runId,
          task: target.task,
          state,
          includeDownstream: t.toggleDownstream === true,
          includeUpstream: t.toggleUpstream === true,
        },
      },
    ],
    ...(onDone ? { onDone } : {}),
  };
}

export function markRunRequest(
  target: { backend: BackendKind; workflowId: string; runId: string },
  state: RunState,
  onDone?: (outcome: PlanOutcome) => void,
): WriteRequest {
  return {
    title: `Mark run ${target.runId} of ${target.workflowId} ${state}`,
    steps: () => [
      {
        backend: target.backend,
        action: { kind: 'markRunState', workflowId: target.workflowId, runId: target.runId, state },
      },
    ],
    ...(onDone ? { onDone } : {}),
  };
}

/** Pause a workflow that runs, unpause one that is paused. */
export function pauseRequest(
  workflow: Workflow,
  name: string,
  onDone?: (outcome: PlanOutcome) => void,
): WriteRequest {
  const paused = !(workflow.paused ?? false);
  return {
    title: `${paused ? 'Pause' : 'Unpause'} ${name}`,
    steps: () => [
      { backend: workflow.backend, action: { kind: 'setPaused', workflowId: workflow.id, paused } },
    ],
    ...(onDone ? { onDone } : {}),
  };
}

/** Repair runs: the task keys chosen (none: every failed task), the dependents toggled with d. */
export function repairRequest(
  target: RunRef,
  tasks: readonly string[],
  onDone?: (outcome: PlanOutcome) => void,
): WriteRequest {
  return repairRunsRequest([{ ...target, tasks }], onDone);
}

/** The runs' backends, each as the console names it, in the order first met ("Airflow and Databricks"). */
function labelsOf(kinds: readonly BackendKind[]): string {
  return [...new Set(kinds)].map((kind) => BACKEND_LABEL[kind]).join(' and ');
}

/** One plan repairing several runs (marked rows), each its failed tasks. */
export function repairRunsRequest(
  targets: readonly (RunRef & { tasks: readonly string[] })[],
  onDone?: (outcome: PlanOutcome) => void,
): WriteRequest {
  const [first] = targets;
  const kinds = targets.map((target) => target.backend);
  return {
    title:
      targets.length === 1 && first
        ? `Repair ${labelsOf(kinds)} run ${first.runId}${first.tasks.length ? `: ${first.tasks.join(', ')}` : ''}`
        : `Repair ${targets.length} ${labelsOf(kinds)} runs (their failed tasks)`,
    toggles: { toggleDownstream: true },
    steps: (t) =>
      targets.map(
        (target): PlanStep => ({
          backend: target.backend,
          action: {
            kind: 'repairRun',
            workflowId: target.workflowId,
            runId: target.runId,
            tasks: [...target.tasks],
            rerunDependents: t.toggleDownstream === true,
          },
        }),
      ),
    ...(onDone ? { onDone } : {}),
  };
}

/** Cancel one run, or every active run of a job, where the backend can (Databricks). */
export function cancelRequest(
  target: { backend: BackendKind; workflowId: string; runId?: string },
  onDone?: (outcome: PlanOutcome) => void,
): WriteRequest {
  const { backend, workflowId, runId } = target;
  return {
    title: runId
      ? `Cancel ${BACKEND_LABEL[backend]} run ${runId}`
      : `Cancel every active run of job ${workflowId}`,
    steps: () => [
      {
        backend,
        action: runId ? { kind: 'cancelRun', workflowId, runId } : { kind: 'cancelAllRuns', workflowId },
      },
    ],
    ...(onDone ? { onDone } : {}),
  };
}

/**
 * One plan retrying failed work on both backends (rows marked in the incident view or on home):
 * runs cleared (their given tasks, or their failed ones) where the backend clears, runs repaired
 * (their failed tasks) where it repairs. `d` includes downstream tasks and dependents on both sides.
 */
export function retryRequest(
  clears: readonly ClearTarget[],
  repairs: readonly RunRef[],
  onDone?: (outcome: PlanOutcome) => void,
): WriteRequest {
  if (repairs.length === 0) return clearRequest(clears, onDone);
  if (clears.length === 0)
    return repairRunsRequest(
      repairs.map((r) => ({ ...r, tasks: [] })),
      onDone,
    );
  const clear = clearRequest(clears);
  const repair = repairRunsRequest(repairs.map((r) => ({ ...r, tasks: [] })));
  const runs = (count: number, kinds: readonly BackendKind[]) =>
    `${count} ${labelsOf(kinds)} run${count === 1 ? '' : 's'}`;
  return {
    title: `Retry ${runs(
      clears.length,
      clears.map((c) => c.backend),
    )} and ${runs(
      repairs.length,
      repairs.map((r) => r.backend),
    )}`,
    toggles: { ...clear.toggles, toggleDownstream: true },
    steps: (t) => [...clear.steps(t), ...repair.steps(t)],
    ...(onDone ? { onDone } : {}),
  };
}
