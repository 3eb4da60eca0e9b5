// The run strip of a home row (issue 5: "the last N run states as coloured cells"). Most rows get
// their runs from the one recent-runs window per backend (homeRows.ts). When that window is full,
// a workflow with fewer than N runs in it may have older ones outside it: with thousands of
// workflows that is most rows. Those rows ask for their own last N runs (one listRuns each), only
// while they are on screen (lookupStore.ts), and ask again after STRIP_MAX_AGE_MS: a workflow
// outside the newest runs is a quiet one, and a new run of it shows through the window at once.
// The strip is display only: `state:` filters and the state/age sorts read the window, so rows do
// not move while their strips arrive.
import type { Backend } from '../core/backend.js';
import type { Run, Workflow } from '../core/model.js';
import { LAST_N } from './homeResources.js';
import type { HomeRow } from './homeRows.js';
import { createLookupStore, type LookupStore, perBackend } from './lookupStore.js';

export const STRIP_MAX_AGE_MS = 60_000;

export type RunStripStore = LookupStore<Workflow, readonly Run[]>;

export function createRunStripStore(
  backend: Pick<Backend, 'listRuns'>,
  options: { now?: () => number } = {},
): RunStripStore {
  return createLookupStore({
    key: (workflow) => workflow.id,
    fetch: (workflow, signal) => backend.listRuns(workflow.id, { limit: LAST_N }, signal),
    maxAgeMs: STRIP_MAX_AGE_MS,
    ...options,
  });
}

export const runStripStoreFor = perBackend((backend: Pick<Backend, 'listRuns'>) =>
  createRunStripStore(backend),
);

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
