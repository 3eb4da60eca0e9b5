// A workflow's runs as a list, newest first, where the backend opens each run for its own task runs
// (runView 'runList', a Databricks job): id, state, trigger, start, duration, repair count. Enter
// opens the run with its task runs. runs/list may omit repair_history, so an
// unknown repair count shows as — rather than a misleading 0; the run screen has the full history.
import { Box, Text } from 'ink';
import { applyFilter, parseFilter } from '../../../core/filter.js';
import { formatDuration } from '../../../core/formatDuration.js';
import type { Run } from '../../../core/model.js';
import { sanitizeName } from '../../../core/sanitize.js';
import { durationOf, isElapsing } from '../../../core/timing.js';
import { createWorkflowRunsResource } from '../../../core/workflowRuns.js';
import { useNow } from '../../hooks/useNow.js';
import { useRouteState } from '../../hooks/useRouteState.js';
import { useStickyCursor } from '../../hooks/useStickyCursor.js';
import { useScreenCommands } from '../../keys/screenCommands.js';
import type { Route } from '../../route.js';
import { formatTime, plural } from '../../text.js';
import type { ScreenProps } from '../ScreenProps.js';
import { cursorCommands } from './cursorCommands.js';
import { ResourceStatus } from './ResourceStatus.js';
import { RowCursor } from './RowCursor.js';
import { runCommands } from './runCommands.js';
import { StateBadge } from './StateBadge.js';
import { urlCommands } from './urlCommands.js';
import { useLatest } from './useLatest.js';
import { useScreenResource } from './useScreenResource.js';
import { windowStart } from './windowStart.js';

type RunsRoute = Extract<Route, { screen: 'runs' }>;

const runId = (run: Run) => run.id;

const RUN_LIMIT = 50;
/** Title, status, column header. */
const CHROME_LINES = 3;

export function RunList(props: ScreenProps<RunsRoute>) {
  const { route, width, height } = props;
  const { session } = props;
  const { snapshot, resource } = useScreenResource(
    session.queries,
    `runs:${route.backend}:${route.workflowId}`,
    () => createWorkflowRunsResource(session.backends, { ...route, limit: RUN_LIMIT }),
  );
  const filter = parseFilter(props.filter);
  const rows = applyFilter(snapshot.data ?? [], filter, (run) => ({
    text: [run.id, run.trigger ?? '', run.rawState],
    states: [run.state],
  }));
  // Kept while the route is in the stack (Esc from a run comes back to it); undefined until the
  // user moves, so the first frame lands on the focused run.
  const [cursor, setCursor] = useRouteState<number | undefined>('cursor', undefined);
  const focus = route.focusRunId ? rows.findIndex((run) => run.id === route.focusRunId) : -1;
  // Newest first: a new run shifts every row down, and the cursor follows its run.
  const selected = useStickyCursor({
    id: 'runs',
    rows,
    keyOf: runId,
    cursor: cursor ?? Math.max(0, focus),
    setCursor,
    viewKey: props.filter,
  });
  const visibleRows = Math.max(1, height - CHROME_LINES);

  const view = useLatest({ count: rows.length, selected, rows });
  useScreenCommands({
    ...cursorCommands(view, visibleRows, setCursor),
    drillDown() {
      const run = view.current.rows[view.current.selected];
      if (run)
        props.open({ screen: 'run', backend: route.backend, workflowId: route.workflowId, runId: run.id });
    },
    refresh() {
      void resource.refresh();
      props.flash('Refreshing…', 'info');
    },
    ...runCommands(
      props,
      () => view.current.rows[view.current.selected]?.id,
      () => void resource.refresh(),
    ),
    ...urlCommands(() => view.current.rows[view.current.selected]?.url, props.urls, props.flash),
  });

  const now = useNow(rows.some(isElapsing));
  const start = windowStart(selected, rows.length, visibleRows);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {`${sanitizeName(route.workflowName)} · job ${sanitizeName(route.workflowId)} · ${plural(rows.length, 'run')}`}
        {filter.empty ? '' : ` · filter ${sanitizeName(props.filter)}`}
        {rows.length > visibleRows ? `  ${selected + 1}/${rows.length}` : ''}
      </Text>
      <ResourceStatus snapshot={snapshot} width={width} />
      <Text dimColor wrap="truncate-end">
        {'  RUN ID            STATE              TRIGGER       STARTED (UTC)     DURATION  REPAIRS'}
      </Text>
      {rows.slice(start, start + visibleRows).map((run, index) => (
        <RowCursor key={run.id} selected={start + index === selected}>
          {`${sanitizeName(run.id).padEnd(17).slice(0, 17)} `}
          <StateBadge state={run.state} width={18} />
          {` ${sanitizeName(run.trigger ?? '—')
            .padEnd(13)
            .slice(
              0,
              13,
            )} ${formatTime(run.startedAt).padEnd(16)}  ${formatDuration(durationOf(run, now)).padStart(8)}  ${run.repairIds ? run.repairIds.length : '—'}`}
        </RowCursor>
      ))}
    </Box>
  );
}
