// One home pane's data: its two resources (workflows, recent runs) joined into rows once per
// refresh, then filtered and sorted in memos, so a keypress that only moves the cursor does no
// O(n) work even with 10,000 rows.
import { useMemo } from 'react';
import { type PaneResources, recentWindowFull } from '../../core/homeResources.js';
import type { HomeRow, HomeRows, SortSpec } from '../../core/homeRows.js';
import type { ListProgress } from '../../core/resource.js';
import { useOptionalResource } from './useOptionalResource.js';

export interface PaneRows {
  /** Filtered and sorted. */
  rows: HomeRow[];
  total: number;
  loading: boolean;
  /** Shown rows come from an earlier successful fetch; the last one failed. */
  stale: boolean;
  error: string | undefined;
  /** The recent-runs window came back full, so it may have cut older runs off (runStrips.ts). */
  windowFull: boolean;
  /** Set while only the first pages of the workflows are in: sorting and filtering see those only. */
  partial: ListProgress | undefined;
  /** When the rows shown come from the last-known-state cache of an earlier session: when they were read. */
  cachedAt: number | undefined;
}

export function usePaneRows(
  homeRows: HomeRows,
  resources: PaneResources | undefined,
  filter: string,
  sort: SortSpec,
): PaneRows {
  const workflows = useOptionalResource(resources?.workflows);
  const runs = useOptionalResource(resources?.recentRuns);
  // The session's rows cache by input identity (core/homeRows.ts): the same data gives the same
  // rows, also after the home screen mounts again; a recent-runs poll only re-joins the run strips.
  const all = homeRows.allRows(resources);
  const rows = homeRows.shownRows(resources, filter, sort);
  const stale = workflows.stale || runs.stale;
  const error = workflows.error ?? runs.error;
  const windowFull = resources !== undefined && recentWindowFull(resources.backend.kind, runs.data);
  const loading = workflows.data === undefined && (workflows.loading || workflows.error === undefined);
  const partial = workflows.partial;
  const cachedAt = workflows.seeded ? workflows.updatedAt : undefined;
  // A stable object while nothing changed, so the pane that is not being moved in skips rendering.
  return useMemo(
    () => ({ rows, total: all.length, loading, stale, error, windowFull, partial, cachedAt }),
    [rows, all.length, loading, stale, error, windowFull, partial, cachedAt],
  );
}
