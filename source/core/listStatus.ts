// The freshness of what each backend's home lists show, for the header ("refreshed 12:03:04",
// "stale", the last error, a slow server, items skipped as malformed). Derived from the lists'
// own resources, which it watches without keeping them polled: the header shows the lists' state,
// it is not a reason to read them.
import type { PaneResources } from './homeResources.js';
import type { BackendKind } from './model.js';
import type { ResourceSnapshot } from './resource.js';
import type { Store } from './store.js';

export interface ListStatus {
  updatedAt: number | undefined;
  stale: boolean;
  error: string | undefined;
  /** A fetch has been running for long: the backend is slow (what is shown is older). */
  slow: boolean;
  /** Items the backend sent malformed and the list left out, one line. */
  warning: string | undefined;
  /** What is shown is the last-known state of an earlier session (updatedAt is when it was read). */
  cached: boolean;
}

export type StatusSnapshot = Readonly<Partial<Record<BackendKind, ListStatus>>>;

export type ListStatusStore = Store<StatusSnapshot>;

/** One pane's status: its two lists taken together (the older time, the first error). */
export function paneStatus(
  workflows: ResourceSnapshot<unknown>,
  runs: ResourceSnapshot<unknown>,
): ListStatus {
  return {
    updatedAt:
      workflows.updatedAt !== undefined && runs.updatedAt !== undefined
        ? Math.min(workflows.updatedAt, runs.updatedAt)
        : (workflows.updatedAt ?? runs.updatedAt),
    stale: workflows.stale || runs.stale,
    error: workflows.error ?? runs.error,
    slow: workflows.slow || runs.slow,
    warning: workflows.warning ?? runs.warning,
    cached: workflows.seeded || runs.seeded,
  };
}

function sameStatus(a: ListStatus | undefined, b: ListStatus): boolean {
  return (
    a !== undefined &&
    a.updatedAt === b.updatedAt &&
    a.stale === b.stale &&
    a.error === b.error &&
    a.slow === b.slow &&
    a.warning === b.warning &&
    a.cached === b.cached
  );
}

export function createListStatusStore(
  panes: Partial<Record<BackendKind, Pick<PaneResources, 'workflows' | 'recentRuns'>>>,
): ListStatusStore {
  const entries = Object.entries(panes) as [BackendKind, Pick<PaneResources, 'workflows' | 'recentRuns'>][];
  let snapshot: StatusSnapshot = {};
  const listeners = new Set<() => void>();
  const read = (): boolean => {
    let next: Partial<Record<BackendKind, ListStatus>> | undefined;
    for (const [kind, pane] of entries) {
      const status = paneStatus(pane.workflows.getSnapshot(), pane.recentRuns.getSnapshot());
      if (sameStatus(snapshot[kind], status)) continue;
      next ??= { ...snapshot };
      next[kind] = status;
    }
    if (next) snapshot = next;
    return next !== undefined;
  };
  read();
  const onChange = () => {
    if (!read()) return;
    for (const listener of listeners) listener();
  };
  const unwatch = entries.flatMap(([, pane]) => [
    pane.workflows.watch(onChange),
    pane.recentRuns.watch(onChange),
  ]);
  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refresh() {
      await Promise.all(entries.flatMap(([, pane]) => [pane.workflows.refresh(), pane.recentRuns.refresh()]));
    },
    dispose() {
      for (const stop of unwatch) stop();
      listeners.clear();
    },
  };
}
