// A screen's query: opened from the console session once per route (the factory is keyed by
// `key`), closed when the route changes or the screen unmounts; the session remembers what it
// showed, so the same screen opened again starts from it (core/screenQueries.ts). `refresh` is
// what the screen's `r` handler calls.
import { useEffect, useMemo } from 'react';
import type { Resource, ResourceSnapshot } from '../../../core/resource.js';
import type { ScreenQueries } from '../../../core/screenQueries.js';
import { useResource } from '../../hooks/useResource.js';

export function useScreenResource<T>(
  queries: ScreenQueries,
  key: string,
  factory: () => Resource<T>,
): { snapshot: ResourceSnapshot<T>; resource: Resource<T> } {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the route key decides when a new query is needed
  const resource = useMemo(() => queries.open(key, factory), [queries, key]);
  useEffect(() => () => queries.close(key, resource as Resource<unknown>), [queries, key, resource]);
  return { snapshot: useResource(resource), resource };
}
