// The reasons of the failures a screen shows, from the console session's failure-reason store of
// their backend: asked only for the rows on screen once they have stayed put a moment (holding j
// asks nothing), and the screen re-renders as the answers come. Each reason is one request (a log
// read for Airflow), so 10,000 rows cost a screenful.
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import {
  type FailureReasonLookup,
  type FailureReasonStore,
  type FailureTarget,
  failureReasonKey,
} from '../../core/failureReasons.js';
import type { BackendKind } from '../../core/model.js';

/** How long the rows on screen must stay put before their reasons are asked. */
export const REASON_SETTLE_MS = 150;

const noSubscribe = () => () => {};
const noVersion = () => 0;

export function useFailureReasons(
  store: FailureReasonStore | undefined,
  targets: readonly FailureTarget[],
): (target: FailureTarget) => FailureReasonLookup | undefined {
  useSyncExternalStore(
    store?.subscribe ?? noSubscribe,
    store?.getSnapshot ?? noVersion,
    store?.getSnapshot ?? noVersion,
  );
  const wanted = targets.map(failureReasonKey).join('\n');
  const latest = useRef(targets);
  latest.current = targets;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `wanted` stands for latest's content
  useEffect(() => {
    if (!store) return;
    const timer = setTimeout(() => store.want(latest.current), REASON_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [store, wanted]);
  return (target) => store?.get(target);
}

/**
 * The same over several backends (a view mixing them): each target is asked of its own backend's
 * store. `storeOf` must give the same store for a kind on every call (the session's stores do).
 */
export function useFailureReasonsAcross(
  storeOf: (kind: BackendKind) => FailureReasonStore | undefined,
  kinds: readonly BackendKind[],
  targets: readonly FailureTarget[],
): (target: FailureTarget) => FailureReasonLookup | undefined {
  const kindsKey = kinds.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `kindsKey` stands for the kinds, `storeOf` is stable per kind
  const stores = useMemo(() => kinds.flatMap((kind) => storeOf(kind) ?? []), [kindsKey]);
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
      for (const kind of kinds)
        storeOf(kind)?.want(latest.current.filter((target) => target.backend === kind));
    }, REASON_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [stores, wanted]);
  return (target) => storeOf(target.backend)?.get(target);
}
