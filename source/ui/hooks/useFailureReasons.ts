// The reasons of the failures a screen shows, from the console session's failure-reason store of
// their backend: asked only for the rows on screen once they have stayed put a moment (holding j
// asks nothing), and the screen re-renders as the answers come. Each reason is one request (a log
// read for Airflow), so 10,000 rows cost a screenful.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import {
  type FailureReasonLookup,
  type FailureReasonStore,
  type FailureTarget,
  failureReasonKey,
} from '../../core/failureReasons.js';

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
