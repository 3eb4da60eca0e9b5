// Reads a core Resource from a component; subscribing starts its polling, unmounting stops it.
import { useSyncExternalStore } from 'react';
import type { Resource, ResourceSnapshot } from '../../core/resource.js';

export function useResource<T>(resource: Resource<T>): ResourceSnapshot<T> {
  return useSyncExternalStore(resource.subscribe, resource.getSnapshot, resource.getSnapshot);
}
