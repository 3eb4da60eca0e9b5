// The home screen: one pane per backend the context has (Airflow DAGs, Databricks jobs), side by
// side on a wide terminal and stacked on a narrow one, and the detail of the selected row below.
// Tab switches panes, Enter opens the runs of the selected row. Keys go to the App reducer
// (resolved against the latest state); this component lays the panes out and handles the keys,
// each pane draws itself (home/HomePane.tsx).
import { Box } from 'ink';
import { recentWindowFull } from '../../core/homeResources.js';
import type { HomeRow } from '../../core/homeRows.js';
import type { RunRef } from '../../core/runDetail.js';
import {
  type AppState,
  type AppStore,
  type HomeUi,
  type Pane,
  SORT_COMMANDS,
  topEntry,
} from '../appReducer.js';
import { useNow } from '../hooks/useNow.js';
import type { Command } from '../keys/commands.js';
import { type CommandHandlers, useScreenCommands } from '../keys/screenCommands.js';
import { useReviewMarkers } from '../review/useReviewMarkers.js';
import { stripRuns } from '../stripRuns.js';
import { type ClearTarget, pauseRequest, retryRequest } from '../writes/requests.js';
import { HomeDetail } from './home/HomeDetail.js';
import { HomePane } from './home/HomePane.js';
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

/** Side by side from this many columns; stacked below (works from 80×24 up). */
export const SIDE_BY_SIDE_COLUMNS = 100;

/** How often ages and running durations on the home lists are redrawn. */
const AGE_REFRESH_MS = 5_000;

/**
 * Two detail lines from this screen height (a 30-row terminal, after the App's header and
 * footer); one below, so 80×24 keeps every list row it can.
 */
export const TWO_LINE_DETAIL_ROWS = 23;

/**
 * Each pane's height: the whole body side by side; stacked, the body shared out, the first panes
 * taking the odd lines.
 */
function paneHeightsOf(panes: readonly Pane[], body: number, sideBySide: boolean): Map<Pane, number> {
  const heights = new Map<Pane, number>();
  const count = Math.max(1, panes.length);
  panes.forEach((pane, index) => {
    heights.set(pane, sideBySide ? body : Math.floor(body / count) + (index < body % count ? 1 : 0));
  });
  return heights;
}

export function HomeScreen(props: HomeScreenProps) {
  const { ui, panes, width, height, filter, session } = props;
  const lists = session.home.panes;
  // Ages ("37s", "5m") and running durations read the real clock, redrawn every few seconds; the
  // columns stay stable between keypresses so the pane that is not focused does not re-render.
  const now = useNow(true, AGE_REFRESH_MS);
  const period = Math.floor(now / AGE_REFRESH_MS);
  // Lookups of the rows on screen are asked again every 30 s (their entries expire).
  const tick = Math.floor(now / 30_000);
  const reviewed = useReviewMarkers(session.review);

  const sideBySide = width >= SIDE_BY_SIDE_COLUMNS && panes.length > 1;
  const detailLines = height >= TWO_LINE_DETAIL_ROWS ? 2 : 1;
  const body = Math.max(2, height - detailLines);
  const paneWidth = sideBySide ? Math.floor((width - 1) / panes.length) : width;
  const paneHeights = paneHeightsOf(panes, body, sideBySide);
  const pageOf = (pane: Pane) => Math.max(1, (paneHeights.get(pane) ?? body) - 2);

  // What the command handlers read at key time: the rows a pane shows now, from the session, and
  // the cursor the console's store holds (each move stores it at once), so every key of a burst
  // starts where the previous one left the cursor, whatever the last render saw.
  const { open, store, writes, flash, setCursor } = props;
  const rowsNow = (pane: Pane): HomeRow[] => {
    const state = store.getState();
    return session.homeRows.shownRows(lists[pane], topEntry(state).filter, state.home.sort[pane]);
  };
  const cursorNow = (pane: Pane, count: number): number =>
    Math.max(0, Math.min(store.getState().home.cursor[pane], count - 1));
  // A row's runs as its strip shows them, read at key time the way its pane draws them.
  const recentNow = (row: HomeRow) => {
    const kind = row.workflow.backend;
    const windowFull = recentWindowFull(kind, lists[kind]?.recentRuns.getSnapshot().data);
    return stripRuns(row, session.runStrips(kind), windowFull);
  };
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
      for (const pane of panes) {
        session.failingTasks(pane)?.expire();
        session.runStrips(pane)?.expire({ all: true });
        void lists[pane]?.workflows.refresh();
        void lists[pane]?.recentRuns.refresh();
      }
      flash('Refreshing…', 'info');
    },
    ...Object.fromEntries(
      Object.entries(SORT_COMMANDS).map(([command, key]) => [
        command,
        () => store.dispatch({ type: 'homeSort', pane: store.getState().home.pane, key }),
      ]),
    ),
    ...(writes.offers(ui.pane, 'trigger')
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
          ? panes.flatMap(rowsNow).filter((row) => marked.has(row.key))
          : [selectedRow()].flatMap((row) => (row ? [row] : []));
      const clears: ClearTarget[] = [];
      const repairs: RunRef[] = [];
      for (const row of picked) {
        const latest = recentNow(row)[0];
        if (latest?.state !== 'failed') continue;
        // A failed run is retried the way its backend can: by clearing its tasks where the
        // backend clears (they run again in the same run), else by repairing the run.
        const { backend, id } = row.workflow;
        const actions = session.backends[backend]?.capabilities.actions;
        if (actions?.has('clearTasks')) clears.push({ backend, workflowId: id, runId: latest.id, tasks: [] });
        else if (actions?.has('repairRun')) repairs.push({ backend, workflowId: id, runId: latest.id });
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
    ...(writes.offers(ui.pane, 'setPaused')
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

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box flexDirection={sideBySide ? 'row' : 'column'} height={body} overflow="hidden">
        {panes.map((pane, i) => (
          <Box key={pane} marginLeft={sideBySide && i > 0 ? 1 : 0}>
            <HomePane
              kind={pane}
              session={session}
              filter={filter}
              sort={ui.sort[pane]}
              cursor={ui.cursor[pane]}
              setCursor={setCursor}
              focused={ui.pane === pane}
              width={paneWidth}
              height={paneHeights.get(pane) ?? body}
              marked={ui.marked}
              reviewed={reviewed}
              now={now}
              period={period}
              tick={tick}
            />
          </Box>
        ))}
      </Box>
      <HomeDetail
        kind={ui.pane}
        session={session}
        filter={filter}
        sort={ui.sort[ui.pane]}
        cursor={ui.cursor[ui.pane]}
        lines={detailLines}
        width={width}
        now={now}
        reviewed={reviewed}
      />
    </Box>
  );
}
