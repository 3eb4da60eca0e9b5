// The reasons of the failures a screen shows, each from the console session's failure-reason store
// of its own backend (a screen may mix backends: the incident view does): asked only for the rows on
// screen once they have stayed put a moment (holding j asks nothing), and the screen re-renders as
// the answers come. Each reason is one request (a log read for Airflow), so 10,000 rows cost a
// screenful.
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import {
  type FailureReasonLookup,
  type FailureReasonStore,
  type FailureTarget,
  failureReasonKey,
} from '../../core/failureReasons.js';
import { BACKEND_KINDS, type BackendKind } from '../../core/model.js';

/** How long the rows on screen must stay put before their reasons are asked. */
export const REASON_SETTLE_MS = 150;

/** The session's store of a kind's failure reasons (`session.failureReasons`), undefined without it. */
export type FailureReasonStores = (kind: BackendKind) => FailureReasonStore | undefined;

/**
 * `storeOf` must give the same store for a kind on every call (the session's `failureReasons`
 * does): the stores are subscribed to once per `storeOf`.
 */
export function useFailureReasons(
  storeOf: FailureReasonStores,
  targets: readonly FailureTarget[],
): (target: FailureTarget) => FailureReasonLookup | undefined {
  const stores = useMemo(() => BACKEND_KINDS.flatMap((kind) => storeOf(kind) ?? []), [storeOf]);
  const subscribe = useCallback(
    (listener: () => void) => {
      const offs = stores.map((store) => store.subscribe(listener));
      return () => {
        for (const off of offs) off();
      };
    },
    [stores],
  );
  const version = useCallback(() => stores.map((store) => store.getSnapshot()).join('\n'), [stores]);
  useSyncExternalStore(subscribe, version, version);
  const wanted = targets.map(failureReasonKey).join('\n');
  const latest = useRef(targets);
  latest.current = targets;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `wanted` stands for latest's content
  useEffect(() => {
    const timer = setTimeout(() => {
      // Every store is told, an empty list too: what left the screen is no longer wanted.
      for (const kind of BACKEND_KINDS)
        storeOf(kind)?.want(latest.current.filter((target) => target.backend === kind));
    }, REASON_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [storeOf, wanted]);
  return (target) => storeOf(target.backend)?.get(target);
}
