// Which tasks a repair will rerun (reference databricks-api.md §2 "repair body"): the named tasks,
// or every task whose latest attempt did not succeed, plus (with rerun_dependent_tasks) everything
// downstream of them. Databricks has no dry run, so this is our estimate for the preview.
import type { State } from '../core/model.js';
import { mapState } from './mapState.js';
import type { Run } from './schemas.js';
import { groupAttempts } from './toTaskInstances.js';

const NEEDS_REPAIR: ReadonlySet<State> = new Set(['failed', 'upstream_failed', 'canceled']);

export interface RepairPlan {
  /** Task keys the request names (rerun_tasks), or the failed ones for rerun_all_failed_tasks. */
  selected: string[];
  /** Everything that will rerun, selected first, then dependents. */
  rerun: string[];
  latestRepairId?: number;
}

export function planRepair(run: Run, tasks: string[], rerunDependents: boolean): RepairPlan {
  const groups = groupAttempts(run);
  const downstream = new Map<string, string[]>();
  for (const [key, attempts] of groups) {
    for (const dep of attempts[attempts.length - 1]?.depends_on ?? []) {
      downstream.set(dep.task_key, [...(downstream.get(dep.task_key) ?? []), key]);
    }
  }
  const selected =
    tasks.length > 0
      ? [...new Set(tasks)]
      : [...groups]
          .filter(([, attempts]) => {
            const latest = attempts[attempts.length - 1];
            return latest !== undefined && NEEDS_REPAIR.has(mapState(latest.state, latest.status).state);
          })
          .map(([key]) => key);
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
  const plan: RepairPlan = { selected, rerun };
  // The history starts with the ORIGINAL entry; the newest REPAIR id is the one to chain on.
  const repairs = (run.repair_history ?? []).filter(
    (item) => item.type === 'REPAIR' && item.id !== undefined,
  );
  const last = repairs[repairs.length - 1];
  if (last?.id !== undefined) plan.latestRepairId = last.id;
  return plan;
}
