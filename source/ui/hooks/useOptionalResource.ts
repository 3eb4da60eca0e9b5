// useResource for a resource that may not exist (a context with one backend): an absent one reads
// as an empty, idle snapshot that never changes.
import { useSyncExternalStore } from 'react';
import type { Resource, ResourceSnapshot } from '../../core/resource.js';

const EMPTY: ResourceSnapshot<never> = {
  data: undefined,
  error: undefined,
  loading: false,
  stale: false,
  updatedAt: undefined,
  slow: false,
  warning: undefined,
  partial: undefined,
  seeded: false,
};
const noSubscribe = () => () => {};
const emptySnapshot = () => EMPTY;

export function useOptionalResource<T>(resource: Resource<T> | undefined): ResourceSnapshot<T> {
  return useSyncExternalStore<ResourceSnapshot<T>>(
    resource?.subscribe ?? noSubscribe,
    resource?.getSnapshot ?? emptySnapshot,
    resource?.getSnapshot ?? emptySnapshot,
  );
}
