// What a log pane shows: one task's log (an Airflow task instance, a Databricks task run), named the
// way each place that opens one knows it. A run without a task (a failed Databricks run on the
// incident view, the run an Airflow task started) names no task: the pane looks the run's tasks up
// and shows the first that failed, else the first still running, else the first.
import type { Incident } from '../../core/incidents.js';
import type { BackendKind, CrossLink, LogRef, TaskInstance } from '../../core/model.js';
import { sanitizeName } from '../../core/sanitize.js';

export interface LogTarget {
  backend: BackendKind;
  workflowId: string;
  runId: string;
  /** Absent: the run's first failed task (else running, else first), looked up when the pane opens. */
  taskId?: string;
  mapIndex?: number;
  /** One try only; absent: the current try, then each retry while the task runs. */
  tryNumber?: number;
  /** Databricks: one task run (an attempt). */
  taskRunId?: string;
}

/** The log of one task instance, from its current try on. */
export function logTargetOfTask(task: TaskInstance): LogTarget {
  return {
    backend: task.backend,
    workflowId: task.workflowId,
    runId: task.runId,
    taskId: task.taskId,
    ...(task.mapIndex !== undefined && task.mapIndex >= 0 ? { mapIndex: task.mapIndex } : {}),
  };
}

/** The output of the run an Airflow task started (its first failed task, else...). */
export function logTargetOfLink(link: CrossLink): LogTarget {
  return { backend: link.backend, workflowId: link.workflowId ?? '', runId: link.runId };
}

/** An incident row's log: its failed task, or its run's first failed (or running) task. */
export function logTargetOfIncident(incident: Incident): LogTarget {
  return {
    backend: incident.backend,
    workflowId: incident.workflowId,
    runId: incident.runId,
    ...(incident.taskId !== undefined ? { taskId: incident.taskId } : {}),
    ...(incident.mapIndex !== undefined && incident.mapIndex >= 0 ? { mapIndex: incident.mapIndex } : {}),
  };
}

/** The followLog reference of a target whose task is known. */
export function logRefOf(target: LogTarget & { taskId: string }): LogRef {
  return {
    backend: target.backend,
    workflowId: target.workflowId,
    runId: target.runId,
    taskId: target.taskId,
    ...(target.mapIndex !== undefined ? { mapIndex: target.mapIndex } : {}),
    ...(target.tryNumber !== undefined ? { tryNumber: target.tryNumber } : {}),
    ...(target.taskRunId !== undefined ? { taskRunId: target.taskRunId } : {}),
  };
}

/** "risk_modelling.run_risk_models", "process_partition[3]", or "run 812" before its task is known. */
export function logTargetLabel(target: LogTarget): string {
  if (target.taskId === undefined) return `run ${sanitizeName(target.runId)}`;
  const index = target.mapIndex !== undefined && target.mapIndex >= 0 ? `[${target.mapIndex}]` : '';
  return `${sanitizeName(target.taskId)}${index}`;
}
