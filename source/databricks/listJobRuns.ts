// Runs of one job (or of every job) as the core model, newest first: the Backend's listRuns and
// listRecentRuns, and the run history the write previews read.
import type { ListRunsOptions } from '../core/backend.js';
import type { Run } from '../core/model.js';
import { skippedItemsOf, withSkippedItems } from '../core/skippedItems.js';
import type { JobsApi } from './jobsApi.js';
import { toRun } from './toRun.js';

const DEFAULT_RUNS = 25;

export async function listJobRuns(
  api: JobsApi,
  jobId: string | undefined,
  options: ListRunsOptions,
  signal?: AbortSignal,
): Promise<Run[]> {
  const limit = Math.max(1, options.limit ?? DEFAULT_RUNS);
  const { activeOnly, finishedStates, since } = options;
  const sinceMs = since ? Date.parse(since) : Number.NaN;
  const runs = await api.listRuns(
    {
      jobId,
      activeOnly,
      completedOnly: !activeOnly && finishedStates !== undefined,
      startedFrom: Number.isNaN(sinceMs) ? undefined : sinceMs,
      limit,
    },
    signal,
  );
  // The documented order is by end time (start time for unfinished runs) and the SDKs disagree,
  // so sort newest first ourselves.
  const sorted = runs
    .map((run) => toRun(run, jobId))
    .filter((run) => !finishedStates || activeOnly || finishedStates.includes(run.state))
    .sort((a, b) => (b.startedAt ?? '9').localeCompare(a.startedAt ?? '9') || Number(b.id) - Number(a.id));
  return withSkippedItems(sorted, skippedItemsOf(runs));
}
