// The failed tasks of DAG runs for the home list's "failing" column (issue 5: "DAG rows: ... failing
// tasks"). Finding them costs one listTasks request per run, so they are looked up only for the rows
// on screen whose latest run failed (lookupStore.ts). A failed run's failed tasks change only
// through a clear, which re-runs the run and gives it a new end time, so an entry is keyed by DAG,
// run id and end time and never expires.
import type { Backend } from '../core/backend.js';
import type { Run } from '../core/model.js';
import { sanitizeName } from '../core/sanitize.js';
import { createLookupStore, type Lookup, type LookupStore, perBackend } from './lookupStore.js';

/** Sanitised task ids (Airflow group prefix kept), in the backend's order. */
export type FailingTasks = Lookup<readonly string[]>;
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

export const failingTasksStoreFor = perBackend((backend: Pick<Backend, 'listTasks'>) =>
  createFailingTasksStore(backend),
);

/**
 * The cell text: the first failed task and how many more, the group prefix dropped when the full
 * id does not fit `width`. `?` when the lookup failed, `…` while it runs.
 */
export function formatFailingTasks(entry: FailingTasks | undefined, width: number): string {
  if (!entry || entry.status === 'loading') return '…';
  if (entry.status === 'error') return '?';
  const [first, ...rest] = entry.value;
  if (first === undefined) return '';
  const more = rest.length > 0 ? ` +${rest.length}` : '';
  const full = `${first}${more}`;
  if (Array.from(full).length <= width) return full;
  return `${first.slice(first.lastIndexOf('.') + 1)}${more}`;
}
