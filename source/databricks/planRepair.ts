// Which tasks a repair will rerun, or why the run cannot be repaired. The tasks are the named ones,
// or every task whose latest attempt did not succeed, plus (with rerun_dependent_tasks) everything
// downstream of them. Databricks has no dry run, so this is our estimate for the preview; the same
// checks run again right before the request, so a bad repair is refused without being sent.
import { Conflict, InvalidRequest } from '../core/errors.js';
import type { State } from '../core/model.js';
import { quoteList, runLabel } from './describeNames.js';
import { mapState } from './mapState.js';
import type { Run, RunTask } from './schemas.js';
import { groupAttempts } from './toTaskInstances.js';

const NEEDS_REPAIR: ReadonlySet<State> = new Set(['failed', 'upstream_failed', 'canceled']);

export interface RepairStep {
  taskKey: string;
  /** Rerun because it depends on a rerun task (rerun_dependent_tasks, or skipped behind a failure). */
  dependent: boolean;
  /** Its latest attempt in the run, when it has one. */
  latest?: RunTask;
}

export interface RepairPlan {
  /** Task keys the request names (rerun_tasks), or the failed ones for rerun_all_failed_tasks. */
  selected: string[];
  /** Everything that will rerun, selected first, then dependents. */
  rerun: string[];
  steps: RepairStep[];
  /** The newest REPAIR of the run's history: a further repair must name it (latest_repair_id). */
  latestRepairId?: number;
}

export function planRepair(run: Run, tasks: string[], rerunDependents: boolean): RepairPlan {
  const name = runLabel(run);
  const lifecycle = mapState(run.state, run.status);
  if (!lifecycle.terminal) {
    throw new Conflict(
      `Run ${name} is still ${lifecycle.rawState}: a run can be repaired only once it has ended; wait for it, or cancel it first`,
    );
  }
  const groups = groupAttempts(run);
  if (groups.size === 0) {
    throw new Conflict(
      `Run ${name} ended ${lifecycle.rawState} without running any task: start a new run instead`,
    );
  }
  const unknown = tasks.filter((key) => !groups.has(key));
  if (unknown.length > 0) {
    throw new InvalidRequest(
      `Run ${name} has no task ${quoteList([...new Set(unknown)])}: its tasks are ${quoteList([...groups.keys()])}`,
    );
  }
  const latestOf = (key: string) => {
    const attempts = groups.get(key) ?? [];
    return attempts[attempts.length - 1];
  };
  const selected =
    tasks.length > 0
      ? [...new Set(tasks)]
      : [...groups.keys()].filter((key) => {
          const latest = latestOf(key);
          return latest !== undefined && NEEDS_REPAIR.has(mapState(latest.state, latest.status).state);
        });
  if (selected.length === 0) {
    throw new Conflict(
      lifecycle.state === 'success'
        ? `Run ${name} succeeded: no task failed, so there is nothing to repair; name the tasks to rerun, or start a new run`
        : `Run ${name} has no failed task to repair: name the tasks to rerun`,
    );
  }

  const downstream = new Map<string, string[]>();
  for (const key of groups.keys()) {
    for (const dep of latestOf(key)?.depends_on ?? []) {
      downstream.set(dep.task_key, [...(downstream.get(dep.task_key) ?? []), key]);
    }
  }
  const rerun = [...selected];
  if (rerunDependents) {
    const seen = new Set(rerun);
    for (let i = 0; i < rerun.length; i++) {
      for (const child of downstream.get(rerun[i] as string) ?? []) {
        if (!seen.has(child)) {
          seen.add(child);
          rerun.push(child);
        }
      }
    }
  }
  // A task that only stopped because an upstream task failed is a dependent, even when
  // rerun_all_failed_tasks picks it: the on-call wants to see what failed on its own.
  const chosen = new Set(
    tasks.length > 0
      ? selected
      : selected.filter((key) => {
          const latest = latestOf(key);
          const raw = latest ? mapState(latest.state, latest.status).rawState : '';
          return !/(^|\/)UPSTREAM_/.test(raw);
        }),
  );
  const steps = rerun.map((taskKey): RepairStep => {
    const latest = latestOf(taskKey);
    return { taskKey, dependent: !chosen.has(taskKey), ...(latest ? { latest } : {}) };
  });
  const plan: RepairPlan = { selected, rerun, steps };
  // The history starts with the ORIGINAL entry; the newest REPAIR is the one to chain on.
  const repairs = (run.repair_history ?? [])
    .filter((item) => item.type === 'REPAIR' && item.id !== undefined)
    .sort((a, b) => (a.start_time ?? 0) - (b.start_time ?? 0));
  const last = repairs[repairs.length - 1];
  if (last?.id !== undefined) plan.latestRepairId = last.id;
  return plan;
}
