// A finding of the platform review: what is wrong with one object, the fields read from the server
// that show it, and what to change. Findings are plain JSON: `dagdeck review --json` prints them
// as they are, and the console lists them.
import type { BackendKind } from '../model.js';

export type Severity = 'error' | 'warning' | 'info';
export type FindingKind = 'security' | 'cost' | 'resilience' | 'xcom' | 'health';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export const FINDING_KINDS: readonly FindingKind[] = ['security', 'cost', 'resilience', 'xcom', 'health'];

/** What a finding is about; `workflowId` (a DAG id or job id) leads the console to it. */
export interface FindingObject {
  backend: BackendKind;
  type: 'context' | 'connection' | 'dag' | 'task' | 'job' | 'run';
  /** How an operator names it: `fintech_eod_risk.run_risk_models`, `job eod_risk_models`. */
  label: string;
  workflowId?: string;
  taskId?: string;
  runId?: string;
  connectionId?: string;
}

/** One field as read from the server (secrets are never read, so never shown). */
export interface Evidence {
  field: string;
  value: string | number | boolean | null;
}

export interface Finding {
  /** The check that found it, stable across releases: `databricks-task-all-purpose-cluster`. */
  check: string;
  severity: Severity;
  kind: FindingKind;
  object: FindingObject;
  /** One line: what is wrong. "likely" where the API hides the deciding field. */
  title: string;
  evidence: Evidence[];
  /** What to change. */
  fix: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Whether a finding of `severity` is at `level` or worse. */
export function atLeast(severity: Severity, level: Severity): boolean {
  return RANK[severity] <= RANK[level];
}

/** Errors first, then warnings, then notes; within one, by kind and object. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
    a.object.label.localeCompare(b.object.label) ||
    a.check.localeCompare(b.check)
  );
}
