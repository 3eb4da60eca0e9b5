// The queries the drill-down screens read (a workflow's runs, a run, a task instance), opened
// while their screen is shown and closed when it goes. The last good value of each key outlives
// its query, for the session: a screen opened again (Esc, then Enter on the same row) shows what
// it showed before, with its age, while it reads again, instead of an empty list until the server
// answers; under a 429 storm or a dead server it would otherwise drop to zero rows. The memory is
// the console session's and goes with it, so another context never sees it.
import type { Resource } from './resource.js';

/** Screens remembered at most: enough for a drill-down path and its siblings, bounded in memory. */
export const REMEMBERED_SCREENS = 24;

export interface ScreenQueries {
  /** A new query for `key`, starting from what the last one of that key showed. */
  open<T>(key: string, create: () => Resource<T>): Resource<T>;
  /** Remembers what the query shows and disposes it. */
  close(key: string, query: Resource<unknown>): void;
  /** Disposes the queries still open and forgets what was remembered. */
  dispose(): void;
}

export function createScreenQueries(): ScreenQueries {
  const memory = new Map<string, { data: unknown; updatedAt: number }>();
  const open = new Set<Resource<unknown>>();
  let disposed = false;
  return {
    open<T>(key: string, create: () => Resource<T>): Resource<T> {
      const query = create();
      const earlier = memory.get(key);
      if (earlier) query.seed(earlier.data as T, earlier.updatedAt);
      if (disposed) query.dispose();
      else open.add(query as Resource<unknown>);
      return query;
    },
    close(key, query) {
      open.delete(query);
      const { data, updatedAt } = query.getSnapshot();
      query.dispose();
      if (disposed || data === undefined || updatedAt === undefined) return;
      memory.delete(key);
      memory.set(key, { data, updatedAt });
      // Oldest first in a Map: drop from the front.
      for (const old of memory.keys()) {
        if (memory.size <= REMEMBERED_SCREENS) break;
        memory.delete(old);
      }
    },
    dispose() {
      disposed = true;
      for (const query of open) query.dispose();
      open.clear();
      memory.clear();
    },
  };
}
