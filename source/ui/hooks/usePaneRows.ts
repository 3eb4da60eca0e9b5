// One home pane's data: its two resources (workflows, recent runs) joined into rows once per
// refresh, then filtered and sorted in memos, so a keypress that only moves the cursor does no
// O(n) work even with 10,000 rows.
import { useMemo } from 'react';
import { applyFilter, parseFilter } from '../../core/filter.js';
import type { ListProgress } from '../../core/resource.js';
import { LAST_N, type PaneResources, RECENT_RUNS_LIMIT } from '../homeResources.js';
import { buildWorkflowRows, type HomeRow, joinRecentRuns, type SortSpec, sortHomeRows } from '../homeRows.js';
import type { ListStatus } from '../statusStore.js';
import { useOptionalResource } from './useOptionalResource.js';

export interface PaneRows {
  /** Filtered and sorted. */
  rows: HomeRow[];
  total: number;
  loading: boolean;
  /** Shown rows come from an earlier successful fetch; the last one failed. */
  stale: boolean;
  error: string | undefined;
  status: ListStatus | undefined;
  /** The recent-runs window came back full, so it may have cut older runs off (runStrips.ts). */
  windowFull: boolean;
  /** Set while only the first pages of the workflows are in: sorting and filtering see those only. */
  partial: ListProgress | undefined;
  /** When the rows shown come from the last-known-state cache of an earlier session: when they were read. */
  cachedAt: number | undefined;
}

/** Stable, so the memos below see no change while nothing is loaded. */
const NO_ROWS: HomeRow[] = [];

export function usePaneRows(resources: PaneResources | undefined, filter: string, sort: SortSpec): PaneRows {
  const workflows = useOptionalResource(resources?.workflows);
  const runs = useOptionalResource(resources?.recentRuns);
  // The builders cache by input identity (homeRows.ts): the same data gives the same rows, also
  // after the home screen mounts again; a recent-runs poll only re-joins the run strips.
  const all = workflows.data ? joinRecentRuns(buildWorkflowRows(workflows.data), runs.data, LAST_N) : NO_ROWS;
  const parsed = useMemo(() => parseFilter(filter), [filter]);
  const filtered = useMemo(() => applyFilter(all, parsed, (row) => row.subject), [all, parsed]);
  const rows = useMemo(() => sortHomeRows(filtered, sort), [filtered, sort]);
  const stale = workflows.stale || runs.stale;
  const error = workflows.error ?? runs.error;
  const slow = workflows.slow || runs.slow;
  const warning = workflows.warning ?? runs.warning;
  const updatedAt =
    workflows.updatedAt !== undefined && runs.updatedAt !== undefined
      ? Math.min(workflows.updatedAt, runs.updatedAt)
      : (workflows.updatedAt ?? runs.updatedAt);
  const cached = workflows.seeded || runs.seeded;
  const status = useMemo<ListStatus | undefined>(
    () => (resources ? { updatedAt, stale, error, slow, warning, cached } : undefined),
    [resources, updatedAt, stale, error, slow, warning, cached],
  );
  const windowFull =
    resources !== undefined && (runs.data?.length ?? 0) >= RECENT_RUNS_LIMIT[resources.backend.kind];
  const loading = workflows.data === undefined && (workflows.loading || workflows.error === undefined);
  const partial = workflows.partial;
  const cachedAt = workflows.seeded ? workflows.updatedAt : undefined;
  // A stable object while nothing changed, so the pane that is not being moved in skips rendering.
  return useMemo(
    () => ({ rows, total: all.length, loading, stale, error, status, windowFull, partial, cachedAt }),
    [rows, all.length, loading, stale, error, status, windowFull, partial, cachedAt],
  );
}
