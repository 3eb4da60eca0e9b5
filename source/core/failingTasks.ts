// The failed tasks of failed runs, for the home list's "failing" column. Finding them costs one
// listTasks request per run, so they are looked up only for the rows on screen whose latest run
// failed (lookupStore.ts). A failed run's failed tasks change only through a clear, which re-runs
// the run and gives it a new end time, so an entry is keyed by workflow, run id and end time and
// never expires.
import type { Backend } from './backend.js';
import { createLookupStore, type LookupStore } from './lookupStore.js';
import type { Run } from './model.js';
import { sanitizeName } from './sanitize.js';

/** Sanitised task ids (Airflow group prefix kept), in the backend's order. */
export type FailingTasksStore = LookupStore<Run, readonly string[]>;

export function failingTasksKey(run: Pick<Run, 'workflowId' | 'id' | 'endedAt'>): string {
  return `${run.workflowId}\u0000${run.id}\u0000${run.endedAt ?? ''}`;
}

export function createFailingTasksStore(backend: Pick<Backend, 'listTasks'>): FailingTasksStore {
  return createLookupStore({
    key: failingTasksKey,
    fetch: async (run, signal) =>
      (await backend.listTasks(run.workflowId, run.id, signal))
        .filter((task) => task.state === 'failed')
        .map((task) => sanitizeName(task.taskId)),
  });
}
