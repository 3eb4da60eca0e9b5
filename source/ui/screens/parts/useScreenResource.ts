// A screen's resource: created once per route (the factory is keyed by `key`), disposed when the
// route changes or the screen unmounts. `refresh` is what the screen's `r` handler calls.
import { useEffect, useMemo } from 'react';
import type { Resource, ResourceSnapshot } from '../../../core/resource.js';
import { useResource } from '../../hooks/useResource.js';

export function useScreenResource<T>(
  key: string,
  factory: () => Resource<T>,
): { snapshot: ResourceSnapshot<T>; resource: Resource<T> } {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the route key decides when a new resource is needed
  const resource = useMemo(factory, [key]);
  useEffect(() => () => resource.dispose(), [resource]);
  return { snapshot: useResource(resource), resource };
}
