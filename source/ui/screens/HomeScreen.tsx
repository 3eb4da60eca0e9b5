// The home screen (issue 5): Airflow DAGs on the left, Databricks jobs on the right, stacked when
// the terminal is narrow; a one-line detail of the selected row below. Tab switches panes, Enter
// opens the runs of the selected row. Keys go to the App reducer (resolved against the latest
// state); this component only draws and reports.
import { Box } from 'ink';
import { useCallback, useMemo } from 'react';
import { failingTasksKey } from '../../core/failingTasks.js';
import { failureTargetOfRun } from '../../core/failureReasons.js';
import type { HomeRow, SortKey } from '../../core/homeRows.js';
import type { BackendKind } from '../../core/model.js';
import { sanitizeName } from '../../core/sanitize.js';
import {
  type AppState,
  type AppStore,
  type HomeUi,
  type Pane,
  SORT_COMMANDS,
  topEntry,
} from '../appReducer.js';
import type { Column } from '../components/WindowedTable.js';
import { formatFailingTasks } from '../formatFailingTasks.js';
import { formatFailureReason } from '../formatFailureReason.js';
import { useFailureReasons } from '../hooks/useFailureReasons.js';
import { useNow } from '../hooks/useNow.js';
import { type PaneRows, usePaneRows } from '../hooks/usePaneRows.js';
import { useStickyCursor } from '../hooks/useStickyCursor.js';
import type { Command } from '../keys/commands.js';
import { type CommandHandlers, useScreenCommands } from '../keys/screenCommands.js';
import { workflowKey } from '../review/reviewState.js';
import { describeFindings, useReviewMarkers } from '../review/useReviewMarkers.js';
import { type ClearTarget, pauseRequest, retryRequest } from '../writes/requests.js';
import { DetailLines } from './home/DetailLines.js';
import { failedLatest } from './home/failedLatest.js';
import {
  dagColumns,
  type FailingCell,
  failingWidthIn,
  jobColumns,
  type RecentOf,
} from './home/homeColumns.js';
import { cachedAge, PaneView } from './home/PaneView.js';
import {
  ownRunsWanted,
  usePaneStrips,
  useStoreVersion,
  useWanted,
  visibleRows,
  workflowId,
} from './home/useRowLookups.js';
import { moveCursor } from './parts/cursorCommands.js';
import type { ScreenProps } from './ScreenProps.js';

export interface HomeScreenProps extends ScreenProps<{ screen: 'home' }> {
  ui: HomeUi;
  panes: AppState['panes'];
  /** The console's store: the panes' focus, cursor and sort live there (they outlive this screen). */
  store: AppStore;
  /** Stores a pane's cursor that followed its row after a poll (the reducer owns the cursor). */
  setCursor(pane: Pane, cursor: number): void;
}

/** Side by side from this many columns; stacked below (issue 5: works from 80×24 up). */
export const SIDE_BY_SIDE_COLUMNS = 100;

const BACKEND_OF: Record<Pane, BackendKind> = { dags: 'airflow', jobs: 'databricks' };
const SORT_COLUMN: Record<SortKey, string> = {
  name: 'name',
  id: 'id',
  age: 'last',
  state: 'runs',
  duration: 'dur',
};

const homeRowKey = (row: HomeRow) => row.key;

/** How often ages and running durations on the home lists are redrawn. */
const AGE_REFRESH_MS = 5_000;

/**
 * Two detail lines from this screen height (a 30-row terminal, after the App's header and
 * footer); one below, so 80×24 keeps every list row it can.
 */
export const TWO_LINE_DETAIL_ROWS = 23;

export function HomeScreen(props: HomeScreenProps) {
  const { ui, panes, width, height, filter, session } = props;
  const lists = session.home.panes;
  const dags = usePaneRows(session.homeRows, lists.airflow, filter, ui.sort.dags);
  const jobs = usePaneRows(session.homeRows, lists.databricks, filter, ui.sort.jobs);
  const data: Record<Pane, PaneRows> = { dags, jobs };
  // The cursor stays on its DAG or job when a poll reorders the rows (sort by age or state);
  // a new filter or sort keeps the index, as before.
  const { setCursor } = props;
  const dagCursor = useStickyCursor({
    id: 'dags',
    rows: dags.rows,
    keyOf: homeRowKey,
    cursor: props.ui.cursor.dags,
    setCursor: useCallback((cursor: number) => setCursor('dags', cursor), [setCursor]),
    viewKey: `${filter}\n${ui.sort.dags.key}:${ui.sort.dags.desc}`,
  });
  const jobCursor = useStickyCursor({
    id: 'jobs',
    rows: jobs.rows,
    keyOf: homeRowKey,
    cursor: props.ui.cursor.jobs,
    setCursor: useCallback((cursor: number) => setCursor('jobs', cursor), [setCursor]),
    viewKey: `${filter}\n${ui.sort.jobs.key}:${ui.sort.jobs.desc}`,
  });
  const cursor: HomeUi['cursor'] = { dags: dagCursor, jobs: jobCursor };
  // Ages ("37s", "5m") and running durations read the real clock, redrawn every few seconds; the
  // columns stay stable between keypresses so the pane that is not focused does not re-render.
  const now = useNow(true, AGE_REFRESH_MS);
  // The columns change identity once per refresh period, so both panes redraw their ages then.
  const period = Math.floor(now / AGE_REFRESH_MS);
  // Lookups of the rows on screen are asked again every 30 s (their entries expire).
  const tick = Math.floor(now / 30_000);
  const failing = session.failingTasks('airflow');
  const failingVersion = useStoreVersion(failing);
  // One store and memo per pane, so strips arriving in one pane do not re-render the other.
  const dagStrips = usePaneStrips(session.runStrips('airflow'), dags.windowFull);
  const jobStrips = usePaneStrips(session.runStrips('databricks'), jobs.windowFull);
  const dagRecentOf = dagStrips.recentOf;
  const jobRecentOf = jobStrips.recentOf;
  const recentOf: Record<Pane, RecentOf> = { dags: dagRecentOf, jobs: jobRecentOf };

  const sideBySide = width >= SIDE_BY_SIDE_COLUMNS && panes.length > 1;
  const detailLines = height >= TWO_LINE_DETAIL_ROWS ? 2 : 1;
  const body = Math.max(2, height - detailLines);
  const paneWidth = sideBySide ? Math.floor((width - 1) / panes.length) : width;
  const failingWidth = useMemo(() => failingWidthIn(paneWidth), [paneWidth]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: failingVersion is the store's change signal; the cells read the store
  const dagCols = useMemo(() => {
    const cell: FailingCell = (row, w) => {
      const run = failedLatest(dagRecentOf(row));
      return run && failing ? formatFailingTasks(failing.get(run), w) : '';
    };
    return dagColumns(Date.now, dagRecentOf, cell, failingWidth);
  }, [period, dagRecentOf, failing, failingVersion, failingWidth]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: period makes new columns once per refresh period
  const jobCols = useMemo(() => jobColumns(Date.now, jobRecentOf), [period, jobRecentOf]);
  // Rows marked with space for a bulk retry carry a + before their name; rows the latest `:review`
  // found a warning or an error on, a !.
  const marked = ui.marked;
  const reviewed = useReviewMarkers(props.session.backends);
  const markedCols = useMemo(() => {
    const mark = (row: HomeRow) =>
      `${marked.has(row.key) ? '+' : ''}${reviewed.has(workflowKey(row.workflow.backend, row.workflow.id)) ? '!' : ''}`;
    const withMarks = (columns: Column<HomeRow>[]) =>
      marked.size === 0 && reviewed.size === 0
        ? columns
        : columns.map((column) =>
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
    return { dags: withMarks(dagCols), jobs: withMarks(jobCols) };
  }, [dagCols, jobCols, marked, reviewed]);
  const columns: Record<Pane, Column<HomeRow>[]> = markedCols;
  const paneHeights: Record<Pane, number> = { dags: body, jobs: body };
  if (!sideBySide && panes.length > 1) {
    paneHeights.dags = Math.ceil(body / 2);
    paneHeights.jobs = body - paneHeights.dags;
  }
  const pageOf = (pane: Pane) => Math.max(1, paneHeights[pane] - 2);

  // The rows on screen, and only those, get per-row lookups: the same window the table draws
  // (title and header lines off the pane height), so 10,000 DAGs cost a screenful of requests.
  const visible = visibleRows(panes, paneHeights, cursor, data);
  useWanted(dagStrips.store, ownRunsWanted(visible.dags, dags.windowFull), workflowId, tick);
  useWanted(jobStrips.store, ownRunsWanted(visible.jobs, jobs.windowFull), workflowId, tick);
  useWanted(
    failing,
    visible.dags.flatMap((row) => failedLatest(recentOf.dags(row)) ?? []),
    failingTasksKey,
    tick,
  );

  // What the command handlers read at key time: the rows a pane shows now, from the session, and
  // the cursor the console's store holds (each move stores it at once), so every key of a burst
  // starts where the previous one left the cursor, whatever the last render saw.
  const { open, store, writes, flash } = props;
  const rowsNow = (pane: Pane): HomeRow[] => {
    const state = store.getState();
    return session.homeRows.shownRows(lists[BACKEND_OF[pane]], topEntry(state).filter, state.home.sort[pane]);
  };
  const cursorNow = (pane: Pane, count: number): number =>
    Math.max(0, Math.min(store.getState().home.cursor[pane], count - 1));
  const move = (command: Command) => () => {
    const pane = store.getState().home.pane;
    const count = rowsNow(pane).length;
    setCursor(pane, moveCursor(command, cursorNow(pane, count), count, pageOf(pane) + 1));
  };
  const selectedRow = (): HomeRow | undefined => {
    const pane = store.getState().home.pane;
    const list = rowsNow(pane);
    return list[cursorNow(pane, list.length)];
  };
  const backendOfPane = BACKEND_OF[ui.pane];
  const handlers: CommandHandlers = {
    cursorUp: move('cursorUp'),
    cursorDown: move('cursorDown'),
    pageUp: move('pageUp'),
    pageDown: move('pageDown'),
    cursorTop: move('cursorTop'),
    cursorBottom: move('cursorBottom'),
    nextPane() {
      const { pane } = store.getState().home;
      const index = panes.indexOf(pane);
      store.dispatch({ type: 'homePane', pane: panes[(index + 1) % panes.length] ?? pane });
    },
    drillDown() {
      const row = selectedRow();
      if (!row) return;
      open({
        screen: 'runs',
        backend: row.workflow.backend,
        workflowId: row.workflow.id,
        workflowName: row.name,
      });
    },
    refresh() {
      failing?.expire();
      dagStrips.store?.expire({ all: true });
      jobStrips.store?.expire({ all: true });
      for (const pane of Object.values(lists)) {
        void pane?.workflows.refresh();
        void pane?.recentRuns.refresh();
      }
      flash('Refreshing…', 'info');
    },
    ...Object.fromEntries(
      Object.entries(SORT_COMMANDS).map(([command, key]) => [
        command,
        () => store.dispatch({ type: 'homeSort', pane: store.getState().home.pane, key }),
      ]),
    ),
    ...(writes.offers(backendOfPane, 'trigger')
      ? {
          trigger() {
            const row = selectedRow();
            if (row)
              writes.trigger({
                backend: row.workflow.backend,
                workflowId: row.workflow.id,
                workflowName: row.name,
              });
          },
        }
      : {}),
    toggleMark() {
      const row = selectedRow();
      if (!row) return;
      store.dispatch({ type: 'homeMark', key: row.key });
      const count = store.getState().home.marked.size;
      flash(
        count > 0 ? `${count} selected: c retries their failed latest runs in one plan` : 'Nothing selected',
        'info',
      );
    },
    retry() {
      const { marked } = store.getState().home;
      const picked =
        marked.size > 0
          ? [...rowsNow('dags'), ...rowsNow('jobs')].filter((row) => marked.has(row.key))
          : [selectedRow()].flatMap((row) => (row ? [row] : []));
      const clears: ClearTarget[] = [];
      const repairs: { workflowId: string; runId: string }[] = [];
      for (const row of picked) {
        const latest = recentOf[row.workflow.backend === 'airflow' ? 'dags' : 'jobs'](row)[0];
        if (latest?.state !== 'failed') continue;
        if (row.workflow.backend === 'airflow') {
          clears.push({ backend: 'airflow', workflowId: row.workflow.id, runId: latest.id, tasks: [] });
        } else repairs.push({ workflowId: row.workflow.id, runId: latest.id });
      }
      if (clears.length + repairs.length === 0) {
        flash(
          picked.length === 1
            ? `The latest run of ${picked[0]?.name ?? 'this row'} has not failed: nothing to retry`
            : 'No selected row has a failed latest run: nothing to retry',
          'info',
        );
        return;
      }
      const done = () => {
        store.dispatch({ type: 'homeMark' });
        for (const pane of Object.values(lists)) void pane?.recentRuns.refresh();
      };
      const [repair] = repairs;
      if (marked.size === 0 && repair) writes.repair({ ...repair, onDone: done });
      else writes.start(retryRequest(clears, repairs, done));
    },
    ...(writes.offers(backendOfPane, 'setPaused')
      ? {
          togglePause() {
            const row = selectedRow();
            if (row)
              writes.start(
                pauseRequest(
                  row.workflow,
                  row.name,
                  () => void lists[row.workflow.backend]?.workflows.refresh(),
                ),
              );
          },
        }
      : {}),
  };
  useScreenCommands(handlers);

  const sorts = useMemo(
    () => ({
      dags: { columnId: SORT_COLUMN[ui.sort.dags.key], desc: ui.sort.dags.desc },
      jobs: { columnId: SORT_COLUMN[ui.sort.jobs.key], desc: ui.sort.jobs.desc },
    }),
    [ui.sort],
  );
  const focusedRows = data[ui.pane].rows;
  const selected = focusedRows[Math.min(cursor[ui.pane], focusedRows.length - 1)];
  // The selected row's failed latest run: why, on the detail line (one lookup, for that row only).
  const selectedFailure = selected ? failedLatest(recentOf[ui.pane](selected)) : undefined;
  const reasonOf = useFailureReasons(
    session.failureReasons(BACKEND_OF[ui.pane]),
    selectedFailure ? [failureTargetOfRun(selectedFailure)] : [],
  );
  const cause = selectedFailure
    ? formatFailureReason(reasonOf(failureTargetOfRun(selectedFailure)), Math.max(20, width - 20))
    : undefined;

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box flexDirection={sideBySide ? 'row' : 'column'} height={body} overflow="hidden">
        {panes.map((pane, i) => (
          <Box key={pane} marginLeft={sideBySide && i > 0 ? 1 : 0}>
            <PaneView
              title={pane === 'dags' ? 'Airflow DAGs' : 'Databricks jobs'}
              data={data[pane]}
              columns={columns[pane]}
              cursor={cursor[pane]}
              focused={ui.pane === pane}
              width={paneWidth}
              height={paneHeights[pane]}
              sort={sorts[pane]}
              filter={filter}
              cachedAge={cachedAge(data[pane].cachedAt, now)}
            />
          </Box>
        ))}
      </Box>
      <DetailLines
        row={selected}
        recent={selected ? recentOf[ui.pane](selected) : []}
        lines={detailLines}
        now={now}
        // Failing tasks are an Airflow lookup: a job row's detail never waits for one.
        failing={ui.pane === 'dags' ? failing : undefined}
        cause={cause}
        review={
          selected
            ? sanitizeName(
                describeFindings(reviewed.get(workflowKey(selected.workflow.backend, selected.workflow.id))),
              )
            : ''
        }
      />
    </Box>
  );
}
