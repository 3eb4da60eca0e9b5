// A screen's resource: created once per route (the factory is keyed by `key`), disposed when the
// route changes or the screen unmounts, refreshed when the `r` key bumps refreshTick.
import { useEffect, useMemo, useRef } from 'react';
import type { Resource, ResourceSnapshot } from '../../../core/resource.js';
import { useResource } from '../../hooks/useResource.js';

export function useScreenResource<T>(
  key: string,
  factory: () => Resource<T>,
  refreshTick: number,
): ResourceSnapshot<T> {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the route key decides when a new resource is needed
  const resource = useMemo(factory, [key]);
  useEffect(() => () => resource.dispose(), [resource]);
  const lastTick = useRef(refreshTick);
  useEffect(() => {
    if (lastTick.current === refreshTick) return;
    lastTick.current = refreshTick;
    void resource.refresh();
  }, [refreshTick, resource]);
  return useResource(resource);
}
