// A workflow's runs × tasks grid, where every run has the workflow's tasks (runView 'taskGrid', an
// Airflow DAG), coloured by state like Airflow's grid view: runs are columns
// (newest on the right, a time axis above them), tasks rows in the DAG's structure under their
// groups. hjkl/arrows move the cell cursor; Enter opens the task instance under it, or opens and
// closes a task group or a mapped task's map indexes. Only the rows and columns that fit are
// rendered.
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { TaskSelector } from '../../../core/actions.js';
import { parseFilter } from '../../../core/filter.js';
import { formatDuration } from '../../../core/formatDuration.js';
import type { Run } from '../../../core/model.js';
import { sanitizeName } from '../../../core/sanitize.js';
import { createTaskGridResource, type GridStructure } from '../../../core/taskGrid.js';
import { durationOf, isElapsing } from '../../../core/timing.js';
import { useNow } from '../../hooks/useNow.js';
import { useRouteRef, useRouteState } from '../../hooks/useRouteState.js';
import { useStickyCursor } from '../../hooks/useStickyCursor.js';
import { type CommandHandlers, useScreenCommands } from '../../keys/screenCommands.js';
import type { Route } from '../../route.js';
import { colorEnabled, stateStyle } from '../../stateStyle.js';
import { formatTime, plural } from '../../text.js';
import {
  type ClearTarget,
  clearRequest,
  markRunRequest,
  markTaskRequest,
  RUN_STATE_CHOICES,
  TASK_STATE_CHOICES,
} from '../../writes/requests.js';
import type { ScreenProps } from '../ScreenProps.js';
import { buildRunGrid, type GridCell, type GridRow, gridRowKey, isOpen, openRows } from './buildRunGrid.js';
import { moveCursor } from './cursorCommands.js';
import { ResourceStatus } from './ResourceStatus.js';
import { runAxis } from './runAxis.js';
import { StateBadge } from './StateBadge.js';
import { useLatest } from './useLatest.js';
import { useScreenResource } from './useScreenResource.js';
import { windowStart } from './windowStart.js';

type RunsRoute = Extract<Route, { screen: 'runs' }>;

const runKey = (run: Run) => run.id;

/** Title, status, selected run, selected cell, and the three lines of the time axis. */
const CHROME_LINES = 7;

export function TaskGrid(props: ScreenProps<RunsRoute>) {
  const { route, width, height, writes } = props;
  const { session } = props;
  // The workflow's structure, read once while the grid's route is in the stack (`r` reads it again).
  const structure = useRouteRef<GridStructure>('structure', {});
  const { snapshot, resource } = useScreenResource(
    session.queries,
    `runs:${route.backend}:${route.workflowId}:${route.focusRunId ?? ''}`,
    () => createTaskGridResource(session.backends, route, structure),
  );
  const runs = snapshot.data?.runs ?? [];
  const data = snapshot.data;
  // Rebuilt when a poll brings new data, not on every key press.
  const allRows = useMemo(() => (data ? buildRunGrid(data.runs, data.tasks, data.definitions) : []), [data]);
  // Groups and mapped tasks the user opened or closed (Enter), kept while the route is in the stack.
  const [toggled, setToggled] = useRouteState<ReadonlySet<string>>('toggled', new Set());
  const shown = useMemo(() => openRows(allRows, toggled), [allRows, toggled]);
  const filter = parseFilter(props.filter);
  const rows = filter.empty
    ? shown
    : filterRows(shown, (row) =>
        filter.matches({
          text: [row.id, ...(row.kind === 'group' ? memberIds(allRows, row) : [])],
          // Newest first: `state:` is the latest run's state (cells run oldest to newest).
          states: row.cells.flatMap((cell) => (cell ? [cell.state] : [])).reverse(),
        }),
      );

  // Cursor: undefined until the user moves, so the first frame lands on the focused run's column
  // (or the newest) and on its first failed task, as an on-call would look first.
  // Kept while the route is in the stack, so Esc from a task instance comes back to its cell.
  const [cursor, setCursor] = useRouteState<{ row: number; col: number } | undefined>('cursor', undefined);
  const focusCol = route.focusRunId ? runs.findIndex((run) => run.id === route.focusRunId) : -1;
  const defaultCol = focusCol >= 0 ? focusCol : runs.length - 1;
  // A poll that brings a new run drops the oldest column once RUN_LIMIT are shown, and a new task
  // adds a row: the cell cursor follows its run and its task, not their positions. The setters
  // run after render (layout effect), when both `row` and `col` are known.
  const col = useStickyCursor({
    id: 'runs',
    rows: runs,
    keyOf: runKey,
    cursor: cursor?.col ?? defaultCol,
    setCursor: (next) => setCursor({ row, col: next }),
    viewKey: '',
  });
  const firstFailed = rows.findIndex((row) => row.kind !== 'group' && row.cells[col]?.state === 'failed');
  const firstTask = rows.findIndex((r) => r.kind === 'task');
  const row = useStickyCursor({
    id: 'tasks',
    rows,
    keyOf: gridRowKey,
    cursor: cursor?.row ?? Math.max(0, firstFailed >= 0 ? firstFailed : firstTask),
    setCursor: (next) => setCursor({ row: next, col }),
    viewKey: props.filter,
  });

  const labelWidth = Math.min(
    Math.max(12, Math.floor(width / 3)),
    Math.max(12, ...rows.map((r) => sanitizeName(r.label).length + r.depth * 2 + 4)),
  );
  const fitCols = Math.max(1, Math.floor((width - labelWidth - 1) / 2));
  const visibleRows = Math.max(1, height - CHROME_LINES);

  // Cells marked with space for one bulk clear, by run and task; kept while the grid is open.
  const [marked, setMarked] = useRouteState<ReadonlySet<string>>('marked', new Set());
  const view = useLatest({ rows, runs, row, col, marked, toggled });
  const refresh = () => void resource.refresh();
  /** The selected cell's task instance(s): a cell of several mapped instances stands for all of them. */
  const cellTarget = (): { run: Run; task: TaskSelector } | undefined => {
    const { rows, runs, row, col } = view.current;
    const target = rows[row];
    const run = runs[col];
    const cell = target?.cells[col];
    if (!target || !run) {
      props.flash(snapshot.data ? 'No task instance here to act on' : 'The grid is still loading', 'info');
      return undefined;
    }
    if (target.kind === 'group') {
      props.flash(`${sanitizeName(target.id)} is a task group: move down to its tasks`, 'info');
      return undefined;
    }
    if (!cell) {
      props.flash(`${sanitizeName(rowName(target))} did not exist in run ${sanitizeName(run.id)}`, 'info');
      return undefined;
    }
    // An index row stands for its own index; a mapped task's row for its most urgent one.
    const mapIndex = target.kind === 'index' ? target.mapIndex : cell.mapIndex;
    return { run, task: { taskId: target.id, ...(mapIndex !== undefined ? { mapIndex } : {}) } };
  };
  /** Opens or closes the rows under a group or a mapped task; the cursor stays on the row. */
  const toggle = (target: GridRow) => {
    const key = gridRowKey(target);
    const next = new Set(view.current.toggled);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    view.current = { ...view.current, toggled: next };
    setToggled(next);
  };
  const moveTo = (next: { row: number; col: number }) => {
    view.current = { ...view.current, ...next };
    setCursor(next);
  };
  // A write keeps the selection where it was: without this, the grid re-read after a clear would
  // land on its default cell again (the first failed one, which the clear just removed).
  const pin = () => moveTo({ row: view.current.row, col: view.current.col });
  const handlers: CommandHandlers = {
    drillDown() {
      const current = view.current.rows[view.current.row];
      if (current && (current.kind === 'group' || (current.kind === 'task' && current.children > 0))) {
        toggle(current);
        return;
      }
      const target = cellTarget();
      if (!target) return;
      props.open({
        screen: 'task',
        backend: route.backend,
        workflowId: route.workflowId,
        runId: target.run.id,
        taskId: target.task.taskId,
        ...(target.task.mapIndex !== undefined ? { mapIndex: target.task.mapIndex } : {}),
      });
    },
    cursorLeft() {
      const { row, col } = view.current;
      moveTo({ row, col: Math.max(0, col - 1) });
    },
    cursorRight() {
      const { row, col, runs } = view.current;
      moveTo({ row, col: Math.min(Math.max(0, runs.length - 1), col + 1) });
    },
    ...Object.fromEntries(
      (['cursorUp', 'cursorDown', 'pageUp', 'pageDown', 'cursorTop', 'cursorBottom'] as const).map(
        (command) => [
          command,
          () => {
            const { rows, row, col } = view.current;
            moveTo({ row: moveCursor(command, row, rows.length, visibleRows), col });
          },
        ],
      ),
    ),
    refresh() {
      // The DAG's structure too: r is how a changed DAG reaches the grid. A poll already in flight
      // read the old one, so the grid is read once more when it did.
      structure.current = {};
      void resource.refresh().then(() => {
        if (!structure.current.definitions && !structure.current.error) void resource.refresh();
      });
      props.flash('Refreshing…', 'info');
    },
    toggleMark() {
      const target = cellTarget();
      if (!target) return;
      // A mapped task's row marks the whole task; an index row marks its own index.
      const current = view.current.rows[view.current.row];
      const key = markKey(
        target.run.id,
        target.task.taskId,
        current?.kind === 'index' ? current.mapIndex : undefined,
      );
      const next = new Set(view.current.marked);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      view.current = { ...view.current, marked: next };
      setMarked(next);
    },
  };
  if (writes.offers(route.backend, 'clearTasks')) {
    handlers.retry = () => {
      pin();
      const chosen = view.current.marked;
      if (chosen.size > 0) {
        writes.start(
          clearRequest(markedTargets(chosen, view.current.runs, route), () => {
            setMarked(new Set());
            refresh();
          }),
        );
        return;
      }
      const single = cellTarget();
      if (single) {
        writes.retryTask({
          backend: route.backend,
          workflowId: route.workflowId,
          runId: single.run.id,
          task: single.task,
          onDone: refresh,
        });
      }
    };
    handlers.clearRun = () => {
      pin();
      const run = view.current.runs[view.current.col];
      if (!run) return;
      writes.start(
        clearRequest(
          [{ backend: route.backend, workflowId: route.workflowId, runId: run.id, tasks: [] }],
          refresh,
        ),
      );
    };
  }
  if (writes.offers(route.backend, 'markTaskState')) {
    handlers.mark = () => {
      pin();
      const target = cellTarget();
      if (!target) return;
      writes.choose(
        `Mark ${sanitizeName(target.task.taskId)} in ${sanitizeName(target.run.id)} as:`,
        TASK_STATE_CHOICES,
        (state) =>
          markTaskRequest(
            { backend: route.backend, workflowId: route.workflowId, runId: target.run.id, task: target.task },
            state,
            refresh,
          ),
      );
    };
  }
  if (writes.offers(route.backend, 'markRunState')) {
    handlers.markRun = () => {
      pin();
      const run = view.current.runs[view.current.col];
      if (!run) return;
      writes.choose(`Mark run ${sanitizeName(run.id)} as:`, RUN_STATE_CHOICES, (state) =>
        markRunRequest(
          { backend: route.backend, workflowId: route.workflowId, runId: run.id },
          state,
          refresh,
        ),
      );
    };
  }
  if (writes.offers(route.backend, 'trigger')) {
    handlers.trigger = () =>
      writes.trigger({
        backend: route.backend,
        workflowId: route.workflowId,
        workflowName: route.workflowName,
      });
  }
  useScreenCommands(handlers);

  // The selected run's duration ticks while it runs.
  const now = useNow(runs[col] !== undefined && isElapsing(runs[col] as Run));
  const rowStart = windowStart(row, rows.length, visibleRows);
  const colStart = windowStart(col, runs.length, fitCols);
  const shownRuns = runs.slice(colStart, colStart + fitCols);
  const axis = runAxis(shownRuns);
  const run = runs[col];
  const current = rows[row];
  const cell = current?.cells[col];
  const taskCount = allRows.filter((r) => r.kind === 'task').length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {`${sanitizeName(route.workflowName)} · ${plural(runs.length, 'run')} × ${plural(taskCount, 'task')}`}
        {marked.size > 0 ? ` · ${marked.size} selected (space; c clears them)` : ''}
        {filter.empty ? '' : ` · filter ${sanitizeName(props.filter)}`}
        {data?.structureError
          ? ` · rows by task id, the DAG's structure is unknown: ${sanitizeName(data.structureError)}`
          : ''}
      </Text>
      <ResourceStatus snapshot={snapshot} width={width} />
      <Text wrap="truncate-end">
        {run ? (
          <>
            {`run ${sanitizeName(run.id)} `}
            <StateBadge state={run.state} />
            {` · ${sanitizeName(run.trigger ?? '—')} · logical ${formatTime(run.logicalDate ?? undefined)} · started ${formatTime(run.startedAt, 'second')} · ${isElapsing(run) ? 'running for ' : ''}${formatDuration(durationOf(run, now))}`}
          </>
        ) : snapshot.data ? (
          'No runs yet.'
        ) : (
          ' '
        )}
      </Text>
      <Text wrap="truncate-end">{current && cell ? cellLine(current, cell, toggled) : ' '}</Text>
      <Text wrap="truncate-end" dimColor>
        {`${(shownRuns.length > 0 ? 'UTC' : '').padEnd(labelWidth)} ${axis.top}`}
      </Text>
      {[0, 1].map((line) => (
        <Text key={line} wrap="truncate-end">
          <Text dimColor>{`${(line === 1 && colStart > 0 ? '◀ older' : '').padEnd(labelWidth)} `}</Text>
          {axis.labels.map((label, index) => {
            const column = colStart + index;
            // Every other column on each line: a label starts over its own column's symbol.
            if (index % 2 !== line) return '  ';
            return (
              <Text key={column} inverse={column === col} dimColor={column !== col}>
                {label}
              </Text>
            );
          })}
          <Text dimColor>{line === 1 && colStart + fitCols < runs.length ? '▶' : ''}</Text>
        </Text>
      ))}
      {rows.slice(rowStart, rowStart + visibleRows).map((gridRow, index) => (
        <GridLine
          key={gridRowKey(gridRow)}
          row={gridRow}
          open={gridRow.children > 0 ? isOpen(gridRowKey(gridRow), toggled) : undefined}
          labelWidth={labelWidth}
          colStart={colStart}
          colCount={shownRuns.length}
          selectedCol={rowStart + index === row ? col : -1}
          markedCols={
            marked.size > 0 && gridRow.kind !== 'group'
              ? new Set(
                  runs.flatMap((r, i) =>
                    marked.has(
                      markKey(r.id, gridRow.id, gridRow.kind === 'index' ? gridRow.mapIndex : undefined),
                    )
                      ? [i]
                      : [],
                  ),
                )
              : NO_MARKS
          }
        />
      ))}
    </Box>
  );
}

/** `task` or `task[3]`, as the task screen names an instance. */
const rowName = (row: GridRow) => (row.kind === 'index' ? `${row.id}[${row.mapIndex}]` : row.id);

/** The line about the selected cell: its state and what Enter does there. */
function cellLine(row: GridRow, cell: GridCell, toggled: ReadonlySet<string>) {
  const open = isOpen(gridRowKey(row), toggled);
  const what =
    row.kind === 'group'
      ? ` · task group of ${plural(row.children, 'row')} · enter ${open ? 'closes' : 'opens'} it`
      : row.kind === 'task' && row.children > 0
        ? ` · ${cell.instances} mapped instances · enter ${open ? 'hides' : 'shows'} its ${plural(row.children, 'index', 'indexes')}`
        : row.kind === 'index'
          ? ' · enter opens this map index'
          : ' · enter opens the task instance';
  return (
    <>
      {`${sanitizeName(rowName(row))} `}
      <StateBadge state={cell.state} />
      {what}
    </>
  );
}

/** Cells marked for a bulk clear: a run, a task, and a map index where one index was marked. */
const markKey = (runId: string, taskId: string, mapIndex?: number) =>
  `${runId}\u0000${taskId}\u0000${mapIndex ?? -1}`;

/** The marked cells as clear targets, one per run (a mapped task's row: every index). */
function markedTargets(
  marked: ReadonlySet<string>,
  runs: readonly Run[],
  { backend, workflowId }: Pick<RunsRoute, 'backend' | 'workflowId'>,
): ClearTarget[] {
  const byRun = new Map<string, TaskSelector[]>();
  for (const key of marked) {
    const [runId = '', taskId = '', index = '-1'] = key.split('\u0000');
    if (!runs.some((run) => run.id === runId)) continue;
    const mapIndex = Number(index);
    const task: TaskSelector = mapIndex >= 0 ? { taskId, mapIndex } : { taskId };
    byRun.set(runId, [...(byRun.get(runId) ?? []), task]);
  }
  return [...byRun].map(([runId, tasks]) => ({ backend, workflowId, runId, tasks }));
}

/** The task ids under a group row, so a filter on a task's name finds its closed group too. */
function memberIds(rows: readonly GridRow[], group: GridRow): string[] {
  const key = gridRowKey(group);
  return rows.filter((row) => row.kind === 'task' && row.ancestors.includes(key)).map((row) => row.id);
}

/**
 * The rows that match, and every row above a match (a group or a mapped task stays above what
 * matched under it). Rows are in tree order, so a row's descendants are the deeper rows after it.
 */
function filterRows(rows: readonly GridRow[], keep: (row: GridRow) => boolean): GridRow[] {
  const kept = new Array<boolean>(rows.length).fill(false);
  // keptBelow[d]: a kept row of depth ≥ d lies after the current row, under the same parent.
  const keptBelow: boolean[] = [];
  for (let index = rows.length - 1; index >= 0; index -= 1) {
    const row = rows[index] as GridRow;
    kept[index] = keep(row) || (keptBelow[row.depth + 1] ?? false);
    keptBelow.length = row.depth + 1;
    for (let depth = 0; depth <= row.depth; depth += 1) {
      keptBelow[depth] = (keptBelow[depth] ?? false) || (kept[index] ?? false);
    }
  }
  return rows.filter((_, index) => kept[index]);
}

const NO_MARKS: ReadonlySet<number> = new Set();

function GridLine(props: {
  row: GridRow;
  /** Whether the rows under it show; undefined for a row with nothing under it. */
  open: boolean | undefined;
  labelWidth: number;
  colStart: number;
  colCount: number;
  selectedCol: number;
  /** Columns whose cell is marked for a bulk clear: drawn underlined, with a + after the symbol. */
  markedCols: ReadonlySet<number>;
}) {
  const { row, open, labelWidth, colStart, colCount, selectedCol, markedCols } = props;
  const selectedRow = selectedCol >= 0;
  const fold = open === undefined ? '' : open ? '▾ ' : '▸ ';
  const label = `${selectedRow ? '› ' : '  '}${'  '.repeat(row.depth)}${fold}${sanitizeName(row.label)}`;
  const color = colorEnabled();
  return (
    <Text wrap="truncate-end">
      <Text bold={row.kind === 'group'} dimColor={row.kind === 'index' && !selectedRow}>
        {label.padEnd(labelWidth).slice(0, labelWidth)}
      </Text>{' '}
      {row.cells.slice(colStart, colStart + colCount).map((cell, index) => {
        const style = cell ? stateStyle(cell.state) : undefined;
        const column = colStart + index;
        return (
          <Text key={column}>
            <Text
              inverse={column === selectedCol}
              underline={markedCols.has(column)}
              {...(color && style ? { color: style.color } : {})}
            >
              {style ? style.symbol : ' '}
            </Text>
            {markedCols.has(column) ? '+' : ' '}
          </Text>
        );
      })}
    </Text>
  );
}
