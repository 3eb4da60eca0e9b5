// The two ways back when an Airflow task that started a Databricks run has failed, side by side
// with what each costs, from the runs' own numbers:
//   clear:  Airflow runs the task again, which starts a NEW Databricks run of the whole job (every
//           task, a fresh job cluster, the full duration again);
//   repair: only the failed Databricks tasks (and their dependents) run again, on the same run; once
//           the repair has succeeded the Airflow task is marked success and its downstream tasks
//           (now upstream_failed) are cleared so the DAG run carries on. One plan: if the repair
//           fails, nothing is sent to Airflow.
import type { Action, TaskSelector } from './actions.js';
import type { Backend } from './backend.js';
import type { ConsoleBackends } from './consoleBackends.js';
import { errorLine, NotFound } from './errors.js';
import { formatDuration } from './formatDuration.js';
import type { BackendKind, CrossLink, TaskInstance } from './model.js';
import { linkedRunKind } from './runDetail.js';
import type { PlanStep } from './writeFlow.js';

export interface RetryPath {
  /** One line naming the plan. */
  title: string;
  /** What it costs, from the runs' own numbers. */
  estimate: string;
  steps: PlanStep[];
  notes: string[];
}

export interface RetryPaths {
  clear: RetryPath;
  /** Absent when the run cannot be repaired; `repairUnavailable` then says why. */
  repair?: RetryPath;
  repairUnavailable?: string;
}

export interface RetryInput {
  airflow: Backend;
  databricks: Backend;
  /** The Airflow task instance that started the Databricks run. */
  task: TaskInstance;
  link: CrossLink;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function planRetryPaths(input: RetryInput, signal?: AbortSignal): Promise<RetryPaths> {
  const { airflow, databricks, task, link } = input;
  const jobId = link.workflowId ?? '';
  const selector: TaskSelector = {
    taskId: task.taskId,
    ...(task.mapIndex !== undefined && task.mapIndex >= 0 ? { mapIndex: task.mapIndex } : {}),
  };
  const clearAction: Extract<Action, { kind: 'clearTasks' }> = {
    kind: 'clearTasks',
    workflowId: task.workflowId,
    runId: task.runId,
    tasks: [selector],
    onlyFailed: false,
    includeDownstream: true,
    includeUpstream: false,
    resetRun: true,
  };
  const [run, runTasks, recent, clearPreview] = await Promise.all([
    databricks.getRun(jobId, link.runId, signal),
    databricks.listTasks(jobId, link.runId, signal),
    databricks.listRuns(jobId, { limit: 25 }, signal),
    airflow.preview(clearAction, signal),
  ]);
  const jobName = run.name ?? `job ${jobId}`;
  const downstream = (clearPreview.tasks ?? []).filter(
    (other) => !(other.taskId === task.taskId && (other.mapIndex ?? -1) === (task.mapIndex ?? -1)),
  );
  const lastFull = recent.find((other) => other.state === 'success' && other.durationMs !== undefined);
  const notes: string[] = [];
  // The XCom names the run the task's last push made; a run older than the try is an earlier try's.
  const runStart = run.startedAt ? Date.parse(run.startedAt) : Number.NaN;
  const tryStart = task.startedAt ? Date.parse(task.startedAt) : Number.NaN;
  if (!Number.isNaN(runStart) && !Number.isNaN(tryStart) && runStart + 60_000 < tryStart) {
    notes.push(
      `Databricks run ${link.runId} started before the task's latest try ${task.tryNumber}: it may be an earlier try's run`,
    );
  }
  const newest = recent.find((other) => other.id !== run.id);
  if (newest) {
    try {
      const now = new Set((await databricks.listTasks(jobId, newest.id, signal)).map((t) => t.taskId));
      const then = new Set(runTasks.map((t) => t.taskId));
      const changed = now.size !== then.size || [...now].some((key) => !then.has(key));
      if (changed) {
        notes.push(
          `The job's tasks changed since run ${link.runId} (its newest run has ${[...now].join(', ')}): a repair re-runs the old shape`,
        );
      }
    } catch {
      // A note, not a blocker: the comparison is skipped when the newer run cannot be read.
    }
  }

  const clear: RetryPath = {
    title: `Clear ${task.taskId} (${task.workflowId} / ${task.runId}) and its ${plural(downstream.length, 'downstream task')}`,
    estimate: `clear → Airflow re-runs ${task.taskId}${downstream.length ? ` and ${plural(downstream.length, 'downstream task')}` : ''}, which starts a new run of ${jobName}: ${plural(runTasks.length, 'task')}, ${lastFull?.durationMs !== undefined ? `last full run ${formatDuration(lastFull.durationMs)}` : 'no successful run to go by'}`,
    steps: [{ backend: 'airflow', action: clearAction }],
    notes,
  };

  const repairAction: Extract<Action, { kind: 'repairRun' }> = {
    kind: 'repairRun',
    workflowId: jobId,
    runId: link.runId,
    tasks: [],
    rerunDependents: true,
  };
  let repairSummary: string;
  try {
    repairSummary = (await databricks.preview(repairAction, signal)).summary;
  } catch (error) {
    return { clear, repairUnavailable: `repair is not possible: ${errorLine(error)}` };
  }
  const steps: PlanStep[] = [
    { backend: 'databricks', action: repairAction },
    {
      backend: 'databricks',
      action: {
        kind: 'awaitRepair',
        workflowId: jobId,
        runId: link.runId,
        knownRepairIds: run.repairIds ?? [],
      },
    },
    {
      backend: 'airflow',
      action: {
        kind: 'markTaskState',
        workflowId: task.workflowId,
        runId: task.runId,
        task: selector,
        state: 'success',
        includeDownstream: false,
        includeUpstream: false,
      },
    },
  ];
  if (downstream.length > 0) {
    steps.push({
      backend: 'airflow',
      action: {
        kind: 'clearTasks',
        workflowId: task.workflowId,
        runId: task.runId,
        tasks: downstream.map((other) => ({
          taskId: other.taskId,
          ...(other.mapIndex !== undefined ? { mapIndex: other.mapIndex } : {}),
        })),
        onlyFailed: false,
        includeDownstream: false,
        includeUpstream: false,
        resetRun: true,
      },
    });
  }
  const repairNotes = [...notes];
  if (downstream.length === 0) {
    repairNotes.push(
      `${task.taskId} has no downstream task: the DAG run stays failed after the mark unless you mark the run (M)`,
    );
  }
  const what = repairSummary.replace(/^Repair run [^:]*: /, '');
  return {
    clear,
    repair: {
      title: `Repair ${jobName} run ${link.runId}, then mark ${task.taskId} success${downstream.length ? ` and clear its ${plural(downstream.length, 'downstream task')}` : ''}`,
      estimate: `repair → ${what}; when it succeeds, marks the Airflow task success${downstream.length ? ` and clears its ${plural(downstream.length, 'downstream task')}` : ''}`,
      steps,
      notes: repairNotes,
    },
  };
}

/**
 * The task instance a retry is about, read fresh, and the Databricks runs it started (its XComs):
 * a screen knows only ids, and the decision must rest on the instance as it is now.
 */
export async function retryContextOf(
  airflow: Backend,
  target: { workflowId: string; runId: string; task: TaskSelector },
  signal?: AbortSignal,
): Promise<{ instance: TaskInstance; links: CrossLink[] }> {
  const instances = (await airflow.listTasks(target.workflowId, target.runId, signal)).filter(
    (task) => task.taskId === target.task.taskId,
  );
  const wanted = target.task.mapIndex;
  const instance =
    wanted !== undefined && wanted >= 0
      ? instances.find((task) => task.mapIndex === wanted)
      : (instances.find((task) => task.state === 'failed') ?? instances[0]);
  if (!instance) {
    throw new NotFound(
      `Task ${target.task.taskId} is not in run ${target.runId} of ${target.workflowId}: refresh (r) and pick it again`,
    );
  }
  return { instance, links: await airflow.findLinks(instance, signal) };
}

/** The two ways back for one task, with the run of the other backend that its try started. */
export interface CrossRetryChoice {
  instance: TaskInstance;
  link: CrossLink;
  paths: RetryPaths;
}

export interface CrossRetry {
  /** The backend whose runs the task may have started (what the console says it looks for). */
  linkedKind: BackendKind;
  /** Reads the task fresh and looks for the run it started; undefined when it started none. */
  choose(
    target: { workflowId: string; runId: string; task: TaskSelector },
    signal?: AbortSignal,
  ): Promise<CrossRetryChoice | undefined>;
}

/**
 * Whether a retry of a task of `kind` can offer the repair as a second way back: only where that
 * kind's tasks start runs of another backend (an Airflow task, a Databricks run) and this session
 * has that backend, able to repair runs. Undefined otherwise: the retry is a plain clear.
 */
export function crossRetryOf(backends: ConsoleBackends, kind: BackendKind): CrossRetry | undefined {
  const linkedKind = linkedRunKind(kind);
  const tasks = backends[kind];
  const runs = linkedKind ? backends[linkedKind] : undefined;
  if (!linkedKind || !tasks || !runs?.capabilities.actions.has('repairRun')) return undefined;
  return {
    linkedKind,
    async choose(target, signal) {
      const { instance, links } = await retryContextOf(tasks, target, signal);
      const link = links.find((candidate) => candidate.backend === linkedKind && candidate.workflowId);
      if (!link) return undefined;
      return {
        instance,
        link,
        paths: await planRetryPaths({ airflow: tasks, databricks: runs, task: instance, link }, signal),
      };
    },
  };
}
