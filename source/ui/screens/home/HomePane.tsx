// One home pane: the workflows of one backend as rows, with everything that is per pane (its rows,
// its cursor that follows its row, its run strips and failing tasks asked for the rows on screen,
// its columns). The home screen draws one per backend the context has; being a component of its
// own is what lets each pane keep its hooks whatever the number of backends.
import { useCallback, useMemo } from 'react';
import type { ConsoleSession } from '../../../core/consoleSession.js';
import { failingTasksKey } from '../../../core/failingTasks.js';
import type { HomeRow, SortKey, SortSpec } from '../../../core/homeRows.js';
import type { BackendKind } from '../../../core/model.js';
import type { Finding } from '../../../core/review/finding.js';
import { WORKFLOW_TRAITS, workflowListTitle } from '../../../core/workflowTraits.js';
import type { Column } from '../../components/WindowedTable.js';
import { formatFailingTasks } from '../../formatFailingTasks.js';
import { usePaneRows } from '../../hooks/usePaneRows.js';
import { useStickyCursor } from '../../hooks/useStickyCursor.js';
import { workflowKey } from '../../review/reviewState.js';
import { failedLatest } from './failedLatest.js';
import { dagColumns, type FailingCell, failingWidthIn, jobColumns } from './homeColumns.js';
import { cachedAge, PaneView } from './PaneView.js';
import {
  ownRunsWanted,
  usePaneStrips,
  useStoreVersion,
  useWanted,
  visibleRowsOf,
  workflowId,
} from './useRowLookups.js';

const SORT_COLUMN: Record<SortKey, string> = {
  name: 'name',
  id: 'id',
  age: 'last',
  state: 'runs',
  duration: 'dur',
};

const homeRowKey = (row: HomeRow) => row.key;

export interface HomePaneProps {
  kind: BackendKind;
  session: ConsoleSession;
  filter: string;
  sort: SortSpec;
  /** The cursor as the console's store holds it. */
  cursor: number;
  setCursor(pane: BackendKind, cursor: number): void;
  focused: boolean;
  width: number;
  height: number;
  /** Rows marked with space for a bulk retry. */
  marked: ReadonlySet<string>;
  /** What the latest `:review` found, by workflow. */
  reviewed: ReadonlyMap<string, readonly Finding[]>;
  /** The clock the ages are drawn at. */
  now: number;
  /** Changes once per age refresh period: the columns are made anew then, so ages redraw. */
  period: number;
  /** Lookups of the rows on screen are asked again when it changes (their entries expire). */
  tick: number;
}

export function HomePane(props: HomePaneProps) {
  const { kind, session, filter, sort, width, height, marked, reviewed, now, period, tick } = props;
  const data = usePaneRows(session.homeRows, session.home.panes[kind], filter, sort);
  // The cursor stays on its row when a poll reorders the rows (sort by age or state); a new filter
  // or sort keeps the index, as before.
  const { setCursor } = props;
  const cursor = useStickyCursor({
    id: kind,
    rows: data.rows,
    keyOf: homeRowKey,
    cursor: props.cursor,
    setCursor: useCallback((at: number) => setCursor(kind, at), [setCursor, kind]),
    viewKey: `${filter}\n${sort.key}:${sort.desc}`,
  });
  const strips = usePaneStrips(session.runStrips(kind), data.windowFull);
  const { recentOf } = strips;
  // Absent where this kind's list shows no failing tasks (the session decides).
  const failing = session.failingTasks(kind);
  const failingVersion = useStoreVersion(failing);
  const failingWidth = useMemo(() => failingWidthIn(width), [width]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: period makes new columns once per refresh period; failingVersion is the failing store's change signal
  const plain = useMemo(() => {
    // Workflows known by their id (Airflow DAGs) show that id, pause and the failed tasks; those
    // with a name beside a numeric id (Databricks jobs) show both, the duration and the tags.
    if (!WORKFLOW_TRAITS[kind].idIsName) return jobColumns(Date.now, recentOf);
    const cell: FailingCell = (row, w) => {
      const run = failedLatest(recentOf(row));
      return run && failing ? formatFailingTasks(failing.get(run), w) : '';
    };
    return dagColumns(Date.now, recentOf, cell, failingWidth);
  }, [kind, period, recentOf, failing, failingVersion, failingWidth]);
  // Rows marked with space for a bulk retry carry a + before their name; rows the latest `:review`
  // found a warning or an error on, a !.
  const columns = useMemo(() => {
    if (marked.size === 0 && reviewed.size === 0) return plain;
    const mark = (row: HomeRow) =>
      `${marked.has(row.key) ? '+' : ''}${reviewed.has(workflowKey(row.workflow.backend, row.workflow.id)) ? '!' : ''}`;
    return plain.map(
      (column): Column<HomeRow> =>
        column.id === 'name'
          ? {
              ...column,
              cell: (row: HomeRow) => {
                const prefix = mark(row);
                return prefix ? `${prefix}${String(column.cell(row))}` : column.cell(row);
              },
            }
          : column,
    );
  }, [plain, marked, reviewed]);
  const sortMark = useMemo(() => ({ columnId: SORT_COLUMN[sort.key], desc: sort.desc }), [sort]);

  // The rows on screen, and only those, get per-row lookups: the same window the table draws, so
  // 10,000 DAGs cost a screenful of requests.
  const visible = visibleRowsOf(data.rows, height, cursor);
  useWanted(strips.store, ownRunsWanted(visible, data.windowFull), workflowId, tick);
  useWanted(
    failing,
    visible.flatMap((row) => failedLatest(recentOf(row)) ?? []),
    failingTasksKey,
    tick,
  );

  return (
    <PaneView
      title={workflowListTitle(kind)}
      data={data}
      columns={columns}
      cursor={cursor}
      focused={props.focused}
      width={width}
      height={height}
      sort={sortMark}
      filter={filter}
      cachedAge={cachedAge(data.cachedAt, now)}
    />
  );
}
