// The columns of the two home panes: a DAG's name, pause, schedule, run strip, age and failing
// tasks; a job's name, id, trigger, run strip, duration, age and tags. Optional columns drop in
// their priority order on a narrow terminal (WindowedTable.tsx).
import { formatDuration } from '../../../core/formatDuration.js';
import { LAST_N } from '../../../core/homeResources.js';
import type { HomeRow } from '../../../core/homeRows.js';
import type { Run } from '../../../core/model.js';
import { durationOf } from '../../../core/timing.js';
import { runStripSegments } from '../../components/RunStrip.js';
import { type Column, layoutColumns } from '../../components/WindowedTable.js';
import { stateStyle } from '../../stateStyle.js';
import { formatAge } from '../../text.js';

/** A row's last N runs as its strip shows them (runStrips.ts). */
export type RecentOf = (row: HomeRow) => readonly Run[];

/** The clock the cells read when they render (so each render is exact to the second). */
export type Clock = () => number;

function lastRunAge(runs: readonly Run[], now: number): string {
  const run = runs[0];
  return formatAge(run?.startedAt ?? run?.queuedAt, now);
}

/** The failing-tasks text of a DAG row at `width`: empty unless its latest run failed. */
export type FailingCell = (row: HomeRow, width: number) => string;

export const FAILING_ID = 'failing';

export function dagColumns(
  now: Clock,
  recentOf: RecentOf,
  failing: FailingCell,
  failingWidth: number,
): Column<HomeRow>[] {
  return [
    // Whole DAG ids come before a wider failing column: spare width fills the name first.
    { id: 'name', title: 'DAG', width: 14, ideal: 22, grow: true, cell: (row) => row.id },
    {
      id: 'paused',
      title: 'on',
      width: 3,
      dropPriority: 2,
      cell: (row) => (row.workflow.paused ? 'off' : 'on'),
    },
    { id: 'schedule', title: 'schedule', width: 11, dropPriority: 3, cell: (row) => row.schedule },
    {
      id: 'runs',
      title: 'runs',
      width: LAST_N,
      cell: (row) => runStripSegments(recentOf(row), LAST_N),
    },
    { id: 'last', title: 'last', width: 4, align: 'right', cell: (row) => lastRunAge(recentOf(row), now()) },
    // The failed tasks of the latest run: what an on-call opens next, so
    // never dropped (the schedule and paused columns go first; the detail line has them, and the
    // failed-run count that this column replaced).
    {
      id: FAILING_ID,
      title: 'failing',
      width: 15,
      grow: true,
      cell: (row) => {
        const text = failing(row, failingWidth);
        return text ? [{ text, color: stateStyle('failed').color }] : '';
      },
    },
  ];
}

/** The width the failing column gets in a pane `width` wide (0 when it is dropped). */
export function failingWidthIn(width: number): number {
  const layout = layoutColumns(
    dagColumns(
      () => 0,
      (row) => row.recent,
      () => '',
      0,
    ),
    width,
  );
  return layout.find(({ column }) => column.id === FAILING_ID)?.width ?? 0;
}

/** The width a job name gets before optional columns are kept. */
export const JOB_NAME_IDEAL = 24;

export function jobColumns(now: Clock, recentOf: RecentOf = (row) => row.recent): Column<HomeRow>[] {
  return [
    // Job names are what an on-call scans for: the table drops the id, then the tags, before it
    // cuts a name shorter than JOB_NAME_IDEAL (most job names fit in it).
    { id: 'name', title: 'job', width: 14, ideal: JOB_NAME_IDEAL, grow: true, cell: (row) => row.name },
    // Databricks job ids are 15-16 digits: shown whole or not at all (the detail line has it too).
    { id: 'id', title: 'id', width: 16, align: 'right', dropPriority: 7, cell: (row) => row.id },
    { id: 'schedule', title: 'trigger', width: 11, dropPriority: 2, cell: (row) => row.schedule },
    {
      id: 'runs',
      title: 'runs',
      width: LAST_N,
      cell: (row) => runStripSegments(recentOf(row), LAST_N),
    },
    {
      id: 'dur',
      title: 'dur',
      width: 7,
      align: 'right',
      dropPriority: 1,
      cell: (row) => {
        const run = recentOf(row)[0];
        return run ? formatDuration(durationOf(run, now())) : '';
      },
    },
    {
      id: 'last',
      title: 'last',
      width: 4,
      align: 'right',
      dropPriority: 5,
      cell: (row) => lastRunAge(recentOf(row), now()),
    },
    // Tags are on the detail line too; a few cut characters of them are worth less than the age.
    { id: 'tags', title: 'tags', width: 8, grow: true, dropPriority: 6, cell: (row) => row.tags },
  ];
}
