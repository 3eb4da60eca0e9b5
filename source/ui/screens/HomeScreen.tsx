// The home screen (issue 5): Airflow DAGs on the left, Databricks jobs on the right, stacked when
// the terminal is narrow; a one-line detail of the selected row below. Tab switches panes, Enter
// opens the runs of the selected row. Keys go to the App reducer (resolved against the latest
// state); this component only draws and reports.
import { Box, Text } from 'ink';
import { memo, useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { type FailingTasksStore, failingTasksKey } from '../../core/failingTasks.js';
import { failureTargetOfRun } from '../../core/failureReasons.js';
import { formatDuration } from '../../core/formatDuration.js';
import { LAST_N } from '../../core/homeResources.js';
import type { HomeRow, SortKey } from '../../core/homeRows.js';
import type { LookupStore } from '../../core/lookupStore.js';
import type { BackendKind, Run, Workflow } from '../../core/model.js';
import type { ListProgress } from '../../core/resource.js';
import type { RunStripStore } from '../../core/runStrips.js';
import { durationOf } from '../../core/timing.js';
import {
  type AppState,
  type AppStore,
  type HomeUi,
  type Pane,
  SORT_COMMANDS,
  topEntry,
} from '../appReducer.js';
import { runStripSegments } from '../components/RunStrip.js';
import { type Column, layoutColumns, WindowedTable, windowOffset } from '../components/WindowedTable.js';
import { formatFailingTasks } from '../formatFailingTasks.js';
import { formatFailureReason } from '../formatFailureReason.js';
import { useFailureReasons } from '../hooks/useFailureReasons.js';
import { useNow } from '../hooks/useNow.js';
import { type PaneRows, usePaneRows } from '../hooks/usePaneRows.js';
import { useStickyCursor } from '../hooks/useStickyCursor.js';
import type { Command } from '../keys/commands.js';
import { type CommandHandlers, useScreenCommands } from '../keys/screenCommands.js';
import { stateStyle } from '../stateStyle.js';
import { needsOwnRuns, stripRuns } from '../stripRuns.js';
import { formatAge } from '../text.js';
import { tint, useTheme } from '../theme.js';
import { type ClearTarget, pauseRequest, retryRequest } from '../writes/requests.js';
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

/** A row's last N runs as its strip shows them (runStrips.ts). */
type RecentOf = (row: HomeRow) => readonly Run[];

/** The clock the cells read when they render (so each render is exact to the second). */
type Clock = () => number;

function lastRunAge(runs: readonly Run[], now: number): string {
  const run = runs[0];
  return formatAge(run?.startedAt ?? run?.queuedAt, now);
}

/** The failing-tasks text of a DAG row at `width`: empty unless its latest run failed. */
type FailingCell = (row: HomeRow, width: number) => string;

const FAILING_ID = 'failing';

function dagColumns(
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
    // The failed tasks of the latest run (issue 5 "failing tasks"): what an on-call opens next, so
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
function failingWidthIn(width: number): number {
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

/** The latest run when it failed: the only runs whose tasks are looked up. */
function failedLatest(runs: readonly Run[]): Run | undefined {
  const run = runs[0];
  return run?.state === 'failed' ? run : undefined;
}

const noSubscribe = () => () => {};
const zero = () => 0;

/** Re-renders on every change of the store (absent when its backend is not configured). */
function useStoreVersion<In, T>(store: LookupStore<In, T> | undefined): number {
  return useSyncExternalStore(
    store?.subscribe ?? noSubscribe,
    store?.getSnapshot ?? zero,
    store?.getSnapshot ?? zero,
  );
}

/** The rows each shown pane draws now (WindowedTable's window), none for a hidden pane. */
function visibleRows(
  panes: AppState['panes'],
  heights: Record<Pane, number>,
  cursor: HomeUi['cursor'],
  data: Record<Pane, PaneRows>,
): Record<Pane, readonly HomeRow[]> {
  const slice = (pane: Pane): readonly HomeRow[] => {
    if (!panes.includes(pane)) return [];
    const rows = data[pane].rows;
    const visible = Math.max(0, heights[pane] - 2);
    const at = Math.max(0, Math.min(cursor[pane], rows.length - 1));
    const start = windowOffset(at, rows.length, visible);
    return rows.slice(start, start + visible);
  };
  return { dags: slice('dags'), jobs: slice('jobs') };
}

/** A pane's run strips: its lookup store, and each row's runs as its strip shows them. */
function usePaneStrips(
  store: RunStripStore | undefined,
  windowFull: boolean,
): { store: RunStripStore | undefined; recentOf: RecentOf } {
  const version = useStoreVersion(store);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the version is the store's change signal; stripRuns reads the store
  const recentOf = useMemo<RecentOf>(
    () => (row) => stripRuns(row, store, windowFull),
    [store, windowFull, version],
  );
  return { store, recentOf };
}

/** The workflows among `rows` whose strips need their own runs (runStrips.ts). */
function ownRunsWanted(rows: readonly HomeRow[], windowFull: boolean): Workflow[] {
  return rows.filter((row) => needsOwnRuns(row, windowFull)).map((row) => row.workflow);
}

const workflowId = (workflow: Workflow) => workflow.id;

/** How long the rows on screen must stay put before they are looked up: holding j asks nothing. */
export const WANT_SETTLE_MS = 150;

/**
 * Tells `store` which inputs the screen wants once their keys have settled for WANT_SETTLE_MS, and
 * again every `tick` (so entries that expire are asked again): a poll or a store update that
 * changes nothing on screen asks nothing, and rows scrolled past quickly are never asked.
 */
function useWanted<In>(
  store: LookupStore<In, unknown> | undefined,
  inputs: readonly In[],
  key: (input: In) => string,
  tick: number,
) {
  const wantedKey = inputs.map(key).join('\n');
  const latest = useRef(inputs);
  latest.current = inputs;
  // biome-ignore lint/correctness/useExhaustiveDependencies: wantedKey stands for latest's content; tick re-asks expired entries
  useEffect(() => {
    const timer = setTimeout(() => store?.want(latest.current), WANT_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [store, wantedKey, tick]);
}

/** How often ages and running durations on the home lists are redrawn. */
const AGE_REFRESH_MS = 5_000;

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

interface PaneViewProps {
  title: string;
  data: PaneRows;
  columns: Column<HomeRow>[];
  cursor: number;
  focused: boolean;
  width: number;
  height: number;
  sort: { columnId: string; desc: boolean };
  filter: string;
  /** "12m": how old the cached rows are, while the pane shows the last-known state. */
  cachedAge: string | undefined;
}

/** "· 2500 of 10013 loaded": while a long list arrives, how much of it the rows, sort and filter see. */
export function partialNote(partial: ListProgress | undefined): string {
  if (!partial) return '';
  return partial.total !== undefined
    ? ` · partial: ${partial.loaded} of ${partial.total} loaded`
    : ` · partial: ${partial.loaded} loaded`;
}

const PaneView = memo(function PaneView(props: PaneViewProps) {
  const theme = useTheme();
  const { data } = props;
  const count = data.rows.length === data.total ? `${data.total}` : `${data.rows.length}/${data.total}`;
  const position =
    data.rows.length > 0 ? ` ${Math.min(props.cursor, data.rows.length - 1) + 1}:${count}` : ` ${count}`;
  let empty = props.filter ? `Nothing matches /${props.filter}` : 'None';
  if (data.loading) empty = 'Loading…';
  else if (data.error && data.total === 0) empty = `✗ ${data.error}`;
  if (data.partial && props.filter)
    empty = `Nothing matches /${props.filter} yet${partialNote(data.partial)}`;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <Text
        wrap="truncate-end"
        bold={props.focused}
        {...tint(theme, props.focused ? theme.accent : undefined)}
      >
        {props.focused ? '▌' : ' '}
        {props.title}
        <Text dimColor>{position}</Text>
        {data.partial ? <Text {...tint(theme, theme.warning)}>{partialNote(data.partial)}</Text> : null}
        {props.cachedAge !== undefined ? (
          <Text bold {...tint(theme, theme.warning)}>{` · cached ${props.cachedAge} ago`}</Text>
        ) : data.stale ? (
          <Text {...tint(theme, theme.warning)}> stale</Text>
        ) : null}
      </Text>
      <WindowedTable
        rows={data.rows}
        columns={props.columns}
        rowKey={(row) => row.key}
        cursor={props.cursor}
        height={props.height - 1}
        width={props.width}
        focused={props.focused}
        sort={props.sort}
        dim={data.stale}
        empty={empty}
      />
    </Box>
  );
});

interface DetailProps {
  row: HomeRow | undefined;
  /** Why the latest run failed (first line), when it did. */
  cause: string | undefined;
  /** The row's strip runs. */
  recent: readonly Run[];
  lines: number;
  now: number;
  failing: FailingTasksStore | undefined;
}

function failingText(recent: readonly Run[], store: FailingTasksStore | undefined): string {
  const run = failedLatest(recent);
  if (!run || !store) return '';
  const entry = store.get(run);
  if (!entry || entry.status === 'loading') return 'failing tasks: looking up…';
  if (entry.status === 'error') return `failing tasks unknown: ${entry.message}`;
  return entry.value.length > 0 ? `failing ${entry.value.join(', ')}` : 'no failed task';
}

/**
 * The selected row in one or two lines: who and what (name, owners, tags, schedule), then its
 * latest run (state, age, failed tasks, failures among the last N). One line joins both.
 */
function DetailLines({ row, recent, lines, now, failing, cause }: DetailProps) {
  if (!row) return <Text> </Text>;
  const run = recent[0];
  const failedCount = recent.filter((r) => r.state === 'failed').length;
  const about = [
    row.workflow.backend === 'airflow' ? row.id : `${row.name} (${row.id})`,
    row.workflow.paused ? 'paused' : '',
    row.owners ? `owners ${row.owners}` : '',
    row.tags ? `tags ${row.tags}` : '',
    lines > 1 && row.schedule ? `schedule ${row.schedule}` : '',
    row.workflow.hasImportErrors ? 'import errors!' : '',
  ];
  const age = run ? formatAge(run.startedAt ?? run.queuedAt, now) : '';
  const latest = [
    run
      ? `last run ${stateStyle(run.state).symbol} ${stateStyle(run.state).word}${age ? ` ${age} ago` : ''}`
      : 'no recent runs',
    failingText(recent, failing),
    cause ? `cause: ${cause}` : '',
    failedCount > 0 ? `${failedCount} of last ${recent.length} failed` : '',
  ];
  const join = (parts: string[]) => parts.filter(Boolean).join(' · ');
  if (lines < 2) {
    return (
      <Text wrap="truncate-end" dimColor>
        {join([about[0] ?? '', ...latest, ...about.slice(1)])}
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end" dimColor>
        {join(about)}
      </Text>
      <Text wrap="truncate-end" dimColor>
        {join(latest)}
      </Text>
    </Box>
  );
}

/** How old cached rows are ("12m"), or undefined when the pane shows this session's own data. */
function cachedAge(cachedAt: number | undefined, now: number): string | undefined {
  if (cachedAt === undefined) return undefined;
  return formatAge(new Date(cachedAt).toISOString(), now) || '0s';
}

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
  // Rows marked with space for a bulk retry carry a + before their name.
  const marked = ui.marked;
  const markedCols = useMemo(() => {
    const withMarks = (columns: Column<HomeRow>[]) =>
      marked.size === 0
        ? columns
        : columns.map((column) =>
            column.id === 'name'
              ? {
                  ...column,
                  cell: (row: HomeRow) =>
                    marked.has(row.key) ? `+${String(column.cell(row))}` : column.cell(row),
                }
              : column,
          );
    return { dags: withMarks(dagCols), jobs: withMarks(jobCols) };
  }, [dagCols, jobCols, marked]);
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
      />
    </Box>
  );
}
