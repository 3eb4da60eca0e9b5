// Which runs of a home row get their tasks looked up and their cause shown.
import type { Run } from '../../../core/model.js';

/** The latest run when it failed: the only runs whose tasks are looked up. */
export function failedLatest(runs: readonly Run[]): Run | undefined {
  const run = runs[0];
  return run?.state === 'failed' ? run : undefined;
}
