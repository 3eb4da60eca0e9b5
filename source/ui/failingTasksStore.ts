// The failed tasks of DAG runs for the home list's "failing" column (issue 5: "DAG rows: ... failing
// tasks"). Finding them costs one listTasks request per run, so this store lives outside React and
// is asked only for the rows on screen whose latest run failed: with 10,000 DAGs the cost stays
// O(visible rows). A failed run's failed tasks change only through a clear, which re-runs the run
// and gives it a new end time, so an entry is keyed by DAG, run id and end time and is never
// fetched again; at most MAX_IN_FLIGHT requests run at once, one per key.
import type { Backend } from '../core/backend.js';
import type { Run } from '../core/model.js';
import { sanitizeName } from '../core/sanitize.js';

export type FailingTasks =
  | { status: 'loading' }
  /** Sanitised task ids (Airflow group prefix kept), in the backend's order. */
  | { status: 'ready'; tasks: readonly string[] }
  | { status: 'error'; message: string };

export interface FailingTasksStore {
  /**
   * The runs wanted now (the visible failed rows). Keys not yet known are queued; queued keys no
   * longer wanted are dropped, so scrolling through thousands of rows never builds a backlog.
   */
  want(runs: readonly Run[]): void;
  get(run: Run): FailingTasks | undefined;
  /** Forget failed lookups so the next `want` asks again (the `r` key). */
  retryErrors(): void;
  subscribe(listener: () => void): () => void;
  /** Changes whenever an entry changes: the useSyncExternalStore snapshot. */
  getVersion(): number;
  dispose(): void;
}

export const MAX_IN_FLIGHT = 3;
/** Entries kept; the oldest settled ones go first (a long session sees many failed runs). */
export const MAX_ENTRIES = 2_000;

export function failingTasksKey(run: Pick<Run, 'workflowId' | 'id' | 'endedAt'>): string {
  return `${run.workflowId}\u0000${run.id}\u0000${run.endedAt ?? ''}`;
}

export function createFailingTasksStore(backend: Pick<Backend, 'listTasks'>): FailingTasksStore {
  const entries = new Map<string, FailingTasks>();
  const listeners = new Set<() => void>();
  const controller = new AbortController();
  let queue: Run[] = [];
  let inFlight = 0;
  let version = 0;
  let disposed = false;

  const emit = () => {
    version += 1;
    for (const listener of [...listeners]) listener();
  };

  const evict = () => {
    for (const [key, entry] of entries) {
      if (entries.size <= MAX_ENTRIES) return;
      if (entry.status !== 'loading') entries.delete(key);
    }
  };

  const pump = () => {
    while (!disposed && inFlight < MAX_IN_FLIGHT && queue.length > 0) {
      const run = queue.shift() as Run;
      const key = failingTasksKey(run);
      if (entries.has(key)) continue;
      entries.set(key, { status: 'loading' });
      inFlight += 1;
      backend
        .listTasks(run.workflowId, run.id, controller.signal)
        .then(
          (tasks): FailingTasks => ({
            status: 'ready',
            tasks: tasks.filter((task) => task.state === 'failed').map((task) => sanitizeName(task.taskId)),
          }),
          (error: unknown): FailingTasks => ({
            status: 'error',
            message: sanitizeName(error instanceof Error ? error.message : String(error)),
          }),
        )
        .then((result) => {
          inFlight -= 1;
          if (disposed) return;
          entries.set(key, result);
          evict();
          emit();
          pump();
        });
    }
  };

  return {
    want(runs) {
      if (disposed) return;
      const seen = new Set<string>();
      queue = runs.filter((run) => {
        const key = failingTasksKey(run);
        if (entries.has(key) || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      pump();
    },
    get(run) {
      return entries.get(failingTasksKey(run));
    },
    retryErrors() {
      let changed = false;
      for (const [key, entry] of entries) {
        if (entry.status === 'error') {
          entries.delete(key);
          changed = true;
        }
      }
      if (changed) emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getVersion: () => version,
    dispose() {
      disposed = true;
      queue = [];
      controller.abort();
      listeners.clear();
    },
  };
}

// One store per backend for the life of the process: the home screen is unmounted while a
// drill-down is shown, and coming back must not ask for the same runs again.
const stores = new WeakMap<Pick<Backend, 'listTasks'>, FailingTasksStore>();

export function failingTasksStoreFor(backend: Pick<Backend, 'listTasks'>): FailingTasksStore {
  let store = stores.get(backend);
  if (!store) {
    store = createFailingTasksStore(backend);
    stores.set(backend, store);
  }
  return store;
}

/**
 * The cell text: the first failed task and how many more, the group prefix dropped when the full
 * id does not fit `width`. `?` when the lookup failed, `…` while it runs.
 */
export function formatFailingTasks(entry: FailingTasks | undefined, width: number): string {
  if (!entry || entry.status === 'loading') return '…';
  if (entry.status === 'error') return '?';
  const [first, ...rest] = entry.tasks;
  if (first === undefined) return '';
  const more = rest.length > 0 ? ` +${rest.length}` : '';
  const full = `${first}${more}`;
  if (Array.from(full).length <= width) return full;
  return `${first.slice(first.lastIndexOf('.') + 1)}${more}`;
}
