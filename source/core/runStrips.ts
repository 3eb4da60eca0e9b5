// The run strip of a home row (the last N run states as coloured cells). Most rows get their runs
// from the one recent-runs window per backend (homeResources.ts). When that window is full, a
// workflow with fewer than N runs in it may have older ones outside it: with thousands of
// workflows that is most rows. Those rows ask for their own last N runs (one listRuns each), only
// while they are on screen (lookupStore.ts), and ask again after STRIP_MAX_AGE_MS: a workflow
// outside the newest runs is a quiet one, and a new run of it shows through the window at once.
import type { Backend } from './backend.js';
import { LAST_N } from './homeResources.js';
import { createLookupStore, type LookupStore } from './lookupStore.js';
import type { Run, Workflow } from './model.js';

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
