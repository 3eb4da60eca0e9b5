// The rows of the home lists, built once per data refresh (not per keypress): the workflows joined
// with the last N states from ONE listRecentRuns call per backend, grouped by workflow id. With
// 10,000 DAGs this is one pass over the workflows and one over the runs; filtering and sorting are
// memoised on top, so moving the cursor costs no O(n) work. The console session holds one
// `HomeRows` (its caches live as long as the session), and the key handlers ask it for the rows
// a pane shows now instead of reading what the last render saw.

import { applyFilter, type FilterSubject, parseFilter } from './filter.js';
import { LAST_N, type PaneResources } from './homeResources.js';
import type { Run, State, Workflow } from './model.js';
import { sanitizeName } from './sanitize.js';

export interface HomeRow {
  key: string;
  workflow: Workflow;
  /** Sanitised once here, so rendering never sees raw server text. */
  name: string;
  id: string;
  schedule: string;
  tags: string;
  owners: string;
  /** Newest first, at most N, from the window (the strip may add older ones: runStrips.ts). */
  recent: Run[];
  subject: FilterSubject;
}

/** The part of a row that depends on the workflow only: sanitised once per workflows fetch. */
export type WorkflowRow = Omit<HomeRow, 'recent' | 'subject'> & { tagList: string[] };

export type SortKey = 'name' | 'age' | 'state' | 'duration' | 'id';

export interface SortSpec {
  key: SortKey;
  desc: boolean;
}

/** The direction a column sorts in on its first press: newest, longest, worst first. */
export const NATURAL_DESC: Record<SortKey, boolean> = {
  name: false,
  id: false,
  age: true,
  duration: true,
  state: false,
};

// Lower is worse: failed rows first when sorting by state (the question is "what is broken").
const SEVERITY: Record<State, number> = {
  failed: 0,
  upstream_failed: 1,
  retrying: 2,
  running: 3,
  queued: 4,
  scheduled: 5,
  canceled: 6,
  blocked: 7,
  success: 8,
  skipped: 9,
  none: 10,
};

// One collator for every comparison: String#localeCompare builds one per call (the bench's hot `compare`).
const byText = new Intl.Collator(undefined, { numeric: true }).compare;

function lastTime(row: HomeRow): string {
  const run = row.recent[0];
  return run?.startedAt ?? run?.queuedAt ?? '';
}

function compare(a: HomeRow, b: HomeRow, key: SortKey): number {
  switch (key) {
    case 'name':
      return byText(a.name, b.name);
    case 'id': {
      const na = Number(a.id);
      const nb = Number(b.id);
      return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : byText(a.id, b.id);
    }
    case 'age':
      return lastTime(a) < lastTime(b) ? -1 : lastTime(a) > lastTime(b) ? 1 : 0;
    case 'duration':
      return (a.recent[0]?.durationMs ?? -1) - (b.recent[0]?.durationMs ?? -1);
    case 'state': {
      const sa = a.recent[0] ? SEVERITY[a.recent[0].state] : 11;
      const sb = b.recent[0] ? SEVERITY[b.recent[0].state] : 11;
      return sa - sb;
    }
  }
}

export interface HomeRows {
  buildWorkflowRows(workflows: readonly Workflow[]): WorkflowRow[];
  joinRecentRuns(base: readonly WorkflowRow[], runs: readonly Run[] | undefined, lastN: number): HomeRow[];
  /** A sorted copy; ties keep the name order so the list does not jump between refreshes. */
  sortHomeRows(rows: readonly HomeRow[], spec: SortSpec): HomeRow[];
  /** Every row of a pane, as its lists stand now (none before the workflows are read). */
  allRows(pane: PaneResources | undefined): HomeRow[];
  /** The rows a pane shows now: filtered and sorted. The same array while nothing changed. */
  shownRows(pane: PaneResources | undefined, filter: string, sort: SortSpec): HomeRow[];
}

const NO_ROWS: HomeRow[] = [];

export function createHomeRows(): HomeRows {
  // The home screen mounts again on every Esc back from a drill-down, so the builders cache their
  // last result by input identity: going back to 15,000 rows then costs nothing until the data
  // really changes (bench/README.md, "esc back to the lists").
  const workflowRowsCache = new WeakMap<readonly Workflow[], WorkflowRow[]>();
  // A list read page by page arrives as longer and longer arrays of the same workflow objects: each
  // row is built once, not once per page.
  const workflowRowCache = new WeakMap<Workflow, WorkflowRow>();
  const joinedCache = new WeakMap<
    readonly WorkflowRow[],
    { runs: readonly Run[] | undefined; lastN: number; rows: HomeRow[] }
  >();
  const joinedRowCache = new WeakMap<
    WorkflowRow,
    { runs: readonly Run[] | undefined; lastN: number; row: HomeRow }
  >();
  const sortedCache = new WeakMap<readonly HomeRow[], { key: string; rows: HomeRow[] }>();
  const filteredCache = new WeakMap<readonly HomeRow[], { filter: string; rows: HomeRow[] }>();

  function buildWorkflowRows(workflows: readonly Workflow[]): WorkflowRow[] {
    const cached = workflowRowsCache.get(workflows);
    if (cached) return cached;
    const built = workflows.map((workflow) => {
      const known = workflowRowCache.get(workflow);
      if (known) return known;
      const tagList = workflow.tags.map(sanitizeName);
      const row: WorkflowRow = {
        key: `${workflow.backend}:${workflow.id}`,
        workflow,
        name: sanitizeName(workflow.name),
        id: sanitizeName(workflow.id),
        schedule: sanitizeName(workflow.schedule ?? ''),
        tags: tagList.join(','),
        tagList,
        owners: workflow.owners.map(sanitizeName).join(','),
      };
      workflowRowCache.set(workflow, row);
      return row;
    });
    workflowRowsCache.set(workflows, built);
    return built;
  }

  /**
   * Joins the recent runs onto the workflow rows: this part runs on every recent-runs poll, so it only
   * groups and links (no sanitising, no string building).
   */
  function joinRecentRuns(
    base: readonly WorkflowRow[],
    runs: readonly Run[] | undefined,
    lastN: number,
  ): HomeRow[] {
    const cached = joinedCache.get(base);
    if (cached && cached.runs === runs && cached.lastN === lastN) return cached.rows;
    const byWorkflow = new Map<string, Run[]>();
    for (const run of runs ?? []) {
      const list = byWorkflow.get(run.workflowId);
      if (!list) byWorkflow.set(run.workflowId, [run]);
      else if (list.length < lastN) list.push(run);
    }
    const rows = base.map((row) => {
      // A list read page by page joins the same runs onto longer and longer lists: each row once.
      const known = joinedRowCache.get(row);
      if (known && known.runs === runs && known.lastN === lastN) return known.row;
      const recent = byWorkflow.get(row.workflow.id) ?? [];
      const joined: HomeRow = {
        ...row,
        recent,
        subject: {
          text: [row.name, row.id, row.schedule],
          tags: row.tagList,
          states: recent.map((run) => run.state),
        },
      };
      joinedRowCache.set(row, { runs, lastN, row: joined });
      return joined;
    });
    joinedCache.set(base, { runs, lastN, rows });
    return rows;
  }

  function sortHomeRows(rows: readonly HomeRow[], spec: SortSpec): HomeRow[] {
    const key = `${spec.key}:${spec.desc}`;
    const cached = sortedCache.get(rows);
    if (cached && cached.key === key) return cached.rows;
    const sign = spec.desc ? -1 : 1;
    const sorted = [...rows].sort((a, b) => sign * compare(a, b, spec.key) || byText(a.name, b.name));
    sortedCache.set(rows, { key, rows: sorted });
    return sorted;
  }

  const allRows = (pane: PaneResources | undefined): HomeRow[] => {
    const workflows = pane?.workflows.getSnapshot().data;
    if (!pane || !workflows) return NO_ROWS;
    return joinRecentRuns(buildWorkflowRows(workflows), pane.recentRuns.getSnapshot().data, LAST_N);
  };

  const filterRows = (rows: HomeRow[], filter: string): HomeRow[] => {
    const cached = filteredCache.get(rows);
    if (cached && cached.filter === filter) return cached.rows;
    const filtered = applyFilter(rows, parseFilter(filter), (row) => row.subject);
    filteredCache.set(rows, { filter, rows: filtered });
    return filtered;
  };

  return {
    buildWorkflowRows,
    joinRecentRuns,
    sortHomeRows,
    allRows,
    shownRows: (pane, filter, sort) => sortHomeRows(filterRows(allRows(pane), filter), sort),
  };
}
