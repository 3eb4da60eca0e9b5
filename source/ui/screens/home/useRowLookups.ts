// The per-row lookups of the home panes (run strips, failing tasks), asked for the rows on screen
// only: the same window the table draws, once the rows have stayed put a moment.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { HomeRow } from '../../../core/homeRows.js';
import type { LookupStore } from '../../../core/lookupStore.js';
import type { Workflow } from '../../../core/model.js';
import type { RunStripStore } from '../../../core/runStrips.js';
import { needsOwnRuns, stripRuns } from '../../stripRuns.js';
import { windowStart } from '../parts/windowStart.js';
import type { RecentOf } from './homeColumns.js';

const noSubscribe = () => () => {};
const zero = () => 0;

/** Re-renders on every change of the store (absent when its backend is not configured). */
export function useStoreVersion<In, T>(store: LookupStore<In, T> | undefined): number {
  return useSyncExternalStore(
    store?.subscribe ?? noSubscribe,
    store?.getSnapshot ?? zero,
    store?.getSnapshot ?? zero,
  );
}

/** The rows a pane `height` lines high draws now (WindowedTable's window, less title and header). */
export function visibleRowsOf(rows: readonly HomeRow[], height: number, cursor: number): readonly HomeRow[] {
  const visible = Math.max(0, height - 2);
  const at = Math.max(0, Math.min(cursor, rows.length - 1));
  const start = windowStart(at, rows.length, visible);
  return rows.slice(start, start + visible);
}

/** A pane's run strips: its lookup store, and each row's runs as its strip shows them. */
export function usePaneStrips(
  store: RunStripStore | undefined,
  windowFull: boolean,
): { store: RunStripStore | undefined; recentOf: RecentOf } {
  const version = useStoreVersion(store);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the version is the store's change signal; stripRuns reads the store
  const recentOf = useMemo<RecentOf>(
    () => (row) => stripRuns(row, store, windowFull),
    [store, windowFull, version],
  );
  return { store, recentOf };
}

/** The workflows among `rows` whose strips need their own runs (runStrips.ts). */
export function ownRunsWanted(rows: readonly HomeRow[], windowFull: boolean): Workflow[] {
  return rows.filter((row) => needsOwnRuns(row, windowFull)).map((row) => row.workflow);
}

export const workflowId = (workflow: Workflow) => workflow.id;

/** How long the rows on screen must stay put before they are looked up: holding j asks nothing. */
export const WANT_SETTLE_MS = 150;

/**
 * Tells `store` which inputs the screen wants once their keys have settled for WANT_SETTLE_MS, and
 * again every `tick` (so entries that expire are asked again): a poll or a store update that
 * changes nothing on screen asks nothing, and rows scrolled past quickly are never asked.
 */
export function useWanted<In>(
  store: LookupStore<In, unknown> | undefined,
  inputs: readonly In[],
  key: (input: In) => string,
  tick: number,
) {
  const wantedKey = inputs.map(key).join('\n');
  const latest = useRef(inputs);
  latest.current = inputs;
  // biome-ignore lint/correctness/useExhaustiveDependencies: wantedKey stands for latest's content; tick re-asks expired entries
  useEffect(() => {
    const timer = setTimeout(() => store?.want(latest.current), WANT_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [store, wantedKey, tick]);
}
