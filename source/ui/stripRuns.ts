// Which runs a home row's strip shows: its runs in the recent-runs window, completed by its own
// lookup (core/runStrips.ts) when the window may have cut its older runs off. The strip is display
// only: `state:` filters and the state/age sorts read the window, so rows do not move while their
// strips arrive.
import { LAST_N } from '../core/homeResources.js';
import type { HomeRow } from '../core/homeRows.js';
import type { Run } from '../core/model.js';
import type { RunStripStore } from '../core/runStrips.js';

/** Whether a row's own runs are worth asking for: the window may have cut its older ones off. */
export function needsOwnRuns(row: HomeRow, windowFull: boolean): boolean {
  return windowFull && row.recent.length < LAST_N;
}

/**
 * The row's last N runs, newest first: its runs in the window (its newest, and the freshest copies),
 * then the older ones of its own lookup.
 */
export function stripRuns(
  row: HomeRow,
  store: RunStripStore | undefined,
  windowFull: boolean,
): readonly Run[] {
  if (!store || !needsOwnRuns(row, windowFull)) return row.recent;
  const entry = store.get(row.workflow);
  if (entry?.status !== 'ready') return row.recent;
  const known = new Set(row.recent.map((run) => run.id));
  return [...row.recent, ...entry.value.filter((run) => !known.has(run.id))].slice(0, LAST_N);
}
