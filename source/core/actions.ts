// Every write dagdeck can make, as data. A plan is built from a key press or a command, previewed
// (server-side dry run where the API has one), confirmed, executed once, and audited.
import { randomBytes } from 'node:crypto';

export interface TaskSelector {
  taskId: string;
  /** Omit for an unmapped task or for every index of a mapped task. */
  mapIndex?: number;
}

export type Action =
  | {
      kind: 'clearTasks';
      workflowId: string;
      runId: string;
      tasks: TaskSelector[];
      onlyFailed: boolean;
      includeDownstream: boolean;
      includeUpstream: boolean;
      /** Re-queue the run so the scheduler picks the cleared tasks up (sent explicitly on both versions). */
      resetRun: boolean;
      /** Airflow 3.1+: re-run the cleared tasks on the latest DAG version instead of the run's own. */
      runOnLatestVersion?: boolean;
    }
  | {
      kind: 'markTaskState';
      workflowId: string;
      runId: string;
      task: TaskSelector;
      state: 'success' | 'failed' | 'skipped';
      includeDownstream: boolean;
      includeUpstream: boolean;
    }
  | { kind: 'markRunState'; workflowId: string; runId: string; state: 'success' | 'failed' | 'queued' }
  | {
      kind: 'trigger';
      workflowId: string;
      /** Client-chosen id (Airflow dag_run_id / Databricks idempotency_token) so a re-send never makes a second run. */
      requestId: string;
      params: Record<string, unknown>;
      /** Airflow: ISO-8601 with offset, or null for a run without logical date. */
      logicalDate?: string | null;
      note?: string;
    }
  | { kind: 'setPaused'; workflowId: string; paused: boolean }
  | { kind: 'cancelRun'; workflowId: string; runId: string }
  /** Every active (queued, pending, running) run of one workflow (Databricks runs/cancel-all). */
  | { kind: 'cancelAllRuns'; workflowId: string }
  | {
      kind: 'repairRun';
      workflowId: string;
      runId: string;
      /** Task keys to rerun; empty means every failed task. */
      tasks: string[];
      rerunDependents: boolean;
      latestRepairId?: number;
    }
  /**
   * Not a write: a plan step that waits for the repair started by the step before it to finish,
   * and fails when the repair does not succeed (so the steps after it are not sent).
   */
  | {
      kind: 'awaitRepair';
      workflowId: string;
      runId: string;
      /** The repairs the run had before: the one to wait for is a new one. */
      knownRepairIds: number[];
    };

export type ActionKind = Action['kind'];

export interface ActionPreview {
  action: Action;
  /** One line: what will happen. */
  summary: string;
  /** The things affected, one per line (task instances, runs...). */
  affected: string[];
  /** True when the affected list came from the server's own dry run rather than our estimate. */
  serverDryRun: boolean;
  /** Whether this action destroys or interrupts work (cancel, mark failed, clearing a running task...). */
  destructive: boolean;
  /** What the operator should know before confirming (the plan is stale, an identical write was just sent...). */
  notes?: string[];
  /** The task instances the server's dry run names (clear, mark), for plans built on a preview. */
  tasks?: { taskId: string; mapIndex?: number; state?: string | undefined }[];
}

export interface ActionResult {
  action: Action;
  summary: string;
  /** The run created or touched, when there is one. */
  runId?: string;
  /** The repair a Databricks repair made (its id in the run's repair history). */
  repairId?: number;
  affected: string[];
  /**
   * True when the server already had what the write asks for, made by an earlier send of the same
   * request (a client-chosen run id or idempotency token): nothing new was made.
   */
  alreadyDone?: boolean;
}

/**
 * Actions that start, stop or change a run (everything but pausing): on a protected context they
 * need the target typed back before they are sent.
 */
export function changesRuns(action: Action): boolean {
  return action.kind !== 'setPaused' && action.kind !== 'awaitRepair';
}

/**
 * A client-chosen id for a run-creating write (Airflow dag_run_id, Databricks idempotency_token,
 * at most 64 characters): a re-send with the same id never makes a second run.
 */
export function newRequestId(
  now: Date = new Date(),
  suffix: string = randomBytes(4).toString('hex'),
): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `dagdeck__${stamp}__${suffix}`;
}

export const ACTION_LABELS: Record<ActionKind, string> = {
  clearTasks: 'Clear task instances',
  markTaskState: 'Mark task state',
  markRunState: 'Mark run state',
  trigger: 'Trigger run',
  setPaused: 'Pause / unpause',
  cancelRun: 'Cancel run',
  cancelAllRuns: 'Cancel all active runs',
  repairRun: 'Repair run',
  awaitRepair: 'Wait for the repair',
};

/** A short, stable, human description of the target of an action (for confirm dialogs and the audit trail). */
export function describeTarget(action: Action): string {
  switch (action.kind) {
    case 'clearTasks':
      return `${action.workflowId} / ${action.runId} / ${action.tasks.map(formatTask).join(', ') || 'all tasks'}`;
    case 'markTaskState':
      return `${action.workflowId} / ${action.runId} / ${formatTask(action.task)}`;
    case 'markRunState':
    case 'cancelRun':
    case 'repairRun':
    case 'awaitRepair':
      // A command given only a Databricks run id is refused before its job is looked up.
      return action.workflowId ? `${action.workflowId} / ${action.runId}` : `run ${action.runId}`;
    case 'cancelAllRuns':
      return `${action.workflowId} / all active runs`;
    case 'trigger':
    case 'setPaused':
      return action.workflowId;
  }
}

function formatTask(task: TaskSelector): string {
  return task.mapIndex === undefined || task.mapIndex < 0 ? task.taskId : `${task.taskId}[${task.mapIndex}]`;
}
