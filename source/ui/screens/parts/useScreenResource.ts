// A screen's resource: created once per route (the factory is keyed by `key`), disposed when the
// route changes or the screen unmounts. `refresh` is what the screen's `r` handler calls.
//
// The last good value of each key outlives its resource, for the session: a screen opened again
// (Esc, then Enter on the same row) shows what it showed before, with its age, while it fetches
// again, instead of an empty list until the server answers; under a 429 storm or a dead server it
// would otherwise drop to zero rows. The memory belongs to the console session that opened it
// (createHomeResources) and goes with it, so another context never sees it; a screen rendered
// without a session remembers nothing.
import { useEffect, useMemo } from 'react';
import type { Resource, ResourceSnapshot } from '../../../core/resource.js';
import { useResource } from '../../hooks/useResource.js';

/** Screens remembered at most: enough for a drill-down path and its siblings, bounded in memory. */
const REMEMBERED = 24;

type Memory = Map<string, { data: unknown; updatedAt: number }>;
let sessionMemory: Memory | undefined;

/** Starts the screen memory of a console session; the function returned forgets it. */
export function openScreenMemory(): () => void {
  const memory: Memory = new Map();
  sessionMemory = memory;
  return () => {
    memory.clear();
    if (sessionMemory === memory) sessionMemory = undefined;
  };
}

function remember(memory: Memory, key: string, snapshot: ResourceSnapshot<unknown>): void {
  if (snapshot.data === undefined || snapshot.updatedAt === undefined) return;
  memory.delete(key);
  memory.set(key, { data: snapshot.data, updatedAt: snapshot.updatedAt });
  // Oldest first in a Map: drop from the front.
  for (const old of memory.keys()) {
    if (memory.size <= REMEMBERED) break;
    memory.delete(old);
  }
}

export function useScreenResource<T>(
  key: string,
  factory: () => Resource<T>,
): { snapshot: ResourceSnapshot<T>; resource: Resource<T> } {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the route key decides when a new resource is needed
  const { resource, memory } = useMemo(() => {
    const created = factory();
    const earlier = sessionMemory?.get(key);
    if (earlier) created.seed(earlier.data as T, earlier.updatedAt);
    return { resource: created, memory: sessionMemory };
  }, [key]);
  useEffect(
    () => () => {
      if (memory) remember(memory, key, resource.getSnapshot());
      resource.dispose();
    },
    [memory, key, resource],
  );
  return { snapshot: useResource(resource), resource };
}
