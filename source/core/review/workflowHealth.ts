// Health of a workflow over its latest runs: how many succeeded, how long the successful ones took
// (p50, p95), and which runs going now have passed their own workflow's p95. A continuous job's
// run never ends by design, so it has no duration to compare.
import { formatDuration } from '../formatDuration.js';
import { durationOf } from '../timing.js';
import type { Finding } from './finding.js';
import { isContinuous, workflowObject } from './objects.js';
import type { WorkflowFacts } from './reviewFacts.js';
import type { ReviewOptions } from './reviewOptions.js';

const FINISHED = new Set(['success', 'failed', 'canceled', 'upstream_failed']);

export interface WorkflowHealth {
  backend: 'airflow' | 'databricks';
  workflowId: string;
  name: string;
  /** Runs looked at (the latest, up to the review's limit). */
  runs: number;
  finished: number;
  succeeded: number;
  /** succeeded / finished; absent under the minimum of finished runs. */
  successRate?: number;
  p50Ms?: number;
  p95Ms?: number;
  /** Runs going now past the p95. */
  overdue: { runId: string; runningMs: number }[];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function workflowHealth(facts: WorkflowFacts, now: number, options: ReviewOptions): WorkflowHealth {
  const { workflow, runs } = facts;
  const finished = runs.filter((run) => FINISHED.has(run.state));
  const succeeded = finished.filter((run) => run.state === 'success');
  const health: WorkflowHealth = {
    backend: workflow.backend,
    workflowId: workflow.id,
    name: workflow.name,
    runs: runs.length,
    finished: finished.length,
    succeeded: succeeded.length,
    overdue: [],
  };
  if (finished.length >= options.minRuns) health.successRate = succeeded.length / finished.length;
  const durations = succeeded
    .map((run) => durationOf(run, now))
    .filter((ms): ms is number => ms !== undefined)
    .sort((a, b) => a - b);
  if (durations.length >= options.minRuns && !isContinuous(workflow)) {
    const p50 = percentile(durations, 0.5);
    const p95 = percentile(durations, 0.95);
    if (p50 !== undefined) health.p50Ms = p50;
    if (p95 !== undefined) {
      health.p95Ms = p95;
      for (const run of runs) {
        if (run.state !== 'running' && run.state !== 'retrying') continue;
        const runningMs = durationOf(run, now);
        if (runningMs !== undefined && runningMs > p95) health.overdue.push({ runId: run.id, runningMs });
      }
    }
  }
  return health;
}

export function healthFindings(
  facts: WorkflowFacts,
  health: WorkflowHealth,
  options: ReviewOptions,
): Finding[] {
  const object = workflowObject(facts.workflow);
  const findings: Finding[] = [];
  const rate = health.successRate;
  if (rate !== undefined && rate < options.successWarning) {
    findings.push({
      check: 'workflow-low-success-rate',
      severity: rate < options.successError ? 'error' : 'warning',
      kind: 'health',
      object,
      title: `${Math.round(rate * 100)}% of its last ${health.finished} finished runs succeeded`,
      evidence: [
        { field: 'succeeded', value: health.succeeded },
        { field: 'finished', value: health.finished },
      ],
      fix: 'look at the failed runs’ causes (the incident view lists them) and fix the recurring one',
    });
  }
  for (const overdue of health.overdue) {
    findings.push({
      check: 'run-longer-than-p95',
      severity: 'warning',
      kind: 'health',
      object: { ...object, type: 'run', runId: overdue.runId, label: `${object.label} run ${overdue.runId}` },
      title: `running for ${formatDuration(overdue.runningMs)}, past its usual p95 of ${formatDuration(health.p95Ms)}`,
      evidence: [
        { field: 'running_ms', value: Math.round(overdue.runningMs) },
        { field: 'p95_ms', value: Math.round(health.p95Ms ?? 0) },
        { field: 'p50_ms', value: Math.round(health.p50Ms ?? 0) },
      ],
      fix: 'open the run: a stuck task or a slow upstream; a timeout would have ended it',
    });
  }
  return findings;
}
