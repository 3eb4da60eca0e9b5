// The first screen an on-call needs (issue 5, incident view): failed and running work across both
// backends, newest first, one row each. Enter opens the failed Airflow task instance, the Airflow
// runs grid focused on the run, or the Databricks run; `o` opens the workflow's runs.
import { Box, Text } from 'ink';
import { applyFilter, parseFilter } from '../../core/filter.js';
import { formatDuration } from '../../core/formatDuration.js';
import { createIncidentsResource, type Incident, type IncidentKind } from '../../core/incidents.js';
import { ACTIVE_STATES } from '../../core/model.js';
import { sanitizeName } from '../../core/sanitize.js';
import { type FailureTarget, formatFailureReason } from '../failureReasonStore.js';
import { useFailureReasons } from '../hooks/useFailureReasons.js';
import { useRouteState } from '../hooks/useRouteState.js';
import { useStickyCursor } from '../hooks/useStickyCursor.js';
import { useScreenCommands } from '../keys/screenCommands.js';
import { logTargetOfIncident } from '../logs/logTarget.js';
import type { Route } from '../route.js';
import { colorEnabled, stateStyle } from '../stateStyle.js';
import { formatTime } from '../text.js';
import { type ClearTarget, clearRequest, retryRequest } from '../writes/requests.js';
import { cursorCommands } from './parts/cursorCommands.js';
import { ResourceStatus } from './parts/ResourceStatus.js';
import { RowCursor } from './parts/RowCursor.js';
import { StateBadge } from './parts/StateBadge.js';
import { useLatest } from './parts/useLatest.js';
import { useScreenResource } from './parts/useScreenResource.js';
import { windowStart } from './parts/windowStart.js';
import type { ScreenProps } from './ScreenProps.js';

const KIND_WORDS: Record<IncidentKind, string> = {
  failed_task: 'failed task',
  failed_run: 'failed run',
  running: 'running',
  long_running: 'long running',
};

/** What the row is: an active run that has not started yet is "queued", not "running". */
function kindWord(incident: Incident): string {
  const waiting = incident.state === 'queued' || incident.state === 'scheduled';
  if (waiting && incident.kind === 'running') return stateStyle(incident.state).word;
  if (waiting && incident.kind === 'long_running') return `long ${stateStyle(incident.state).word}`;
  return KIND_WORDS[incident.kind];
}

/** Lines above the rows: title, status, backend errors, column header. */
const CHROME_LINES = 4;

const incidentKey = (incident: Incident) => incident.key;

export function incidentRoute(incident: Incident): Route {
  if (incident.backend === 'databricks') {
    return { screen: 'run', backend: 'databricks', workflowId: incident.workflowId, runId: incident.runId };
  }
  if (incident.kind === 'failed_task' && incident.taskId !== undefined) {
    return {
      screen: 'task',
      backend: 'airflow',
      workflowId: incident.workflowId,
      runId: incident.runId,
      taskId: incident.taskId,
      ...(incident.mapIndex !== undefined ? { mapIndex: incident.mapIndex } : {}),
    };
  }
  return runsRoute(incident);
}

/** What clearing an incident means: its failed task, or its run's failed tasks; none for Databricks. */
export function clearTargetOf(incident: Incident): ClearTarget[] {
  if (incident.backend !== 'airflow' || incident.state !== 'failed') return [];
  const tasks =
    incident.kind === 'failed_task' && incident.taskId !== undefined
      ? [
          {
            taskId: incident.taskId,
            ...(incident.mapIndex !== undefined ? { mapIndex: incident.mapIndex } : {}),
          },
        ]
      : [];
  return [{ backend: 'airflow', workflowId: incident.workflowId, runId: incident.runId, tasks }];
}

/** What explains a failed incident: its failed task, or its run (then the run's first failed task). */
export function failureTargetOfIncident(incident: Incident): FailureTarget | undefined {
  if (incident.state !== 'failed') return undefined;
  return {
    backend: incident.backend,
    workflowId: incident.workflowId,
    runId: incident.runId,
    ...(incident.taskId !== undefined ? { taskId: incident.taskId } : {}),
    ...(incident.mapIndex !== undefined ? { mapIndex: incident.mapIndex } : {}),
    ...(incident.at ? { endedAt: incident.at } : {}),
  };
}

/** Columns the cause takes on an incident row. */
const CAUSE_WIDTH = 50;

function runsRoute(incident: Incident): Route {
  return {
    screen: 'runs',
    backend: incident.backend,
    workflowId: incident.workflowId,
    workflowName: incident.workflowName,
    focusRunId: incident.runId,
  };
}

export function IncidentsScreen(props: ScreenProps<{ screen: 'incidents' }>) {
  const { backends, width, height, writes } = props;
  const { snapshot, resource } = useScreenResource('incidents', () =>
    createIncidentsResource({ airflow: backends.airflow, databricks: backends.databricks }),
  );
  // Kept while the route is in the stack: Esc from a drill-down comes back to the same row and toggle.
  const [cursor, setCursor] = useRouteState('cursor', 0);
  const [failuresOnly, setFailuresOnly] = useRouteState('failuresOnly', false);
  const filter = parseFilter(props.filter);
  const all = snapshot.data?.incidents ?? [];
  const shown = failuresOnly ? all.filter((incident) => !ACTIVE_STATES.has(incident.state)) : all;
  const rows = applyFilter(shown, filter, (incident) => ({
    text: [
      incident.workflowName,
      incident.workflowId,
      incident.runId,
      incident.taskId ?? '',
      incident.backend,
      kindWord(incident),
    ],
    states: [incident.state],
  }));
  const visibleRows = Math.max(1, height - CHROME_LINES);
  // Newest first: a new incident shifts every row down, and the cursor follows its incident.
  const selected = useStickyCursor({
    id: 'incidents',
    rows,
    keyOf: incidentKey,
    cursor,
    setCursor,
    viewKey: `${props.filter}\n${failuresOnly}`,
  });

  // Rows marked with space for one bulk clear; kept by incident key while the view is open.
  const [marked, setMarked] = useRouteState<ReadonlySet<string>>('marked', new Set());
  const view = useLatest({ count: rows.length, selected, rows, marked });
  const current = () => view.current.rows[view.current.selected];
  const refresh = () => void resource.refresh();
  useScreenCommands({
    ...cursorCommands(view, visibleRows, setCursor),
    drillDown() {
      const incident = current();
      if (incident) props.open(incidentRoute(incident));
    },
    openRuns() {
      const incident = current();
      if (incident) props.open(runsRoute(incident));
    },
    openLog() {
      const incident = current();
      if (incident) props.open({ screen: 'log', panes: [logTargetOfIncident(incident)] });
    },
    failuresOnly() {
      setFailuresOnly((on) => !on);
      setCursor(0);
    },
    refresh() {
      refresh();
      props.flash('Refreshing…', 'info');
    },
    toggleMark() {
      const incident = current();
      if (!incident) return;
      const next = new Set(view.current.marked);
      if (next.has(incident.key)) next.delete(incident.key);
      else next.add(incident.key);
      view.current = { ...view.current, marked: next };
      setMarked(next);
    },
    retry() {
      const { rows: all, marked: chosen } = view.current;
      const done = () => {
        setMarked(new Set());
        refresh();
      };
      if (chosen.size === 0) {
        const incident = current();
        if (!incident) return;
        if (incident.state !== 'failed') {
          props.flash('Only failed work is retried: this one is still going', 'info');
        } else if (incident.backend === 'databricks') {
          writes.repair({ workflowId: incident.workflowId, runId: incident.runId, onDone: done });
        } else if (incident.kind === 'failed_task' && incident.taskId !== undefined) {
          // A task that started a Databricks run is offered both ways back (clear, or repair).
          writes.retryTask({
            workflowId: incident.workflowId,
            runId: incident.runId,
            task: {
              taskId: incident.taskId,
              ...(incident.mapIndex !== undefined ? { mapIndex: incident.mapIndex } : {}),
            },
            onDone: done,
          });
        } else writes.start(clearRequest(clearTargetOf(incident), done));
        return;
      }
      const picked = all.filter((incident) => chosen.has(incident.key) && incident.state === 'failed');
      const clears = picked.flatMap(clearTargetOf);
      const repairs = picked
        .filter((incident) => incident.backend === 'databricks')
        .map((incident) => ({ workflowId: incident.workflowId, runId: incident.runId }));
      if (clears.length + repairs.length === 0) {
        props.flash('None of the selected rows has failed: nothing to retry', 'info');
        return;
      }
      writes.start(retryRequest(clears, repairs, done));
    },
  });

  const start = windowStart(selected, rows.length, visibleRows);
  const onScreen = rows.slice(start, start + visibleRows);
  // The cause of each failure on screen, one lookup per row, asked for the rows shown only.
  const targets = onScreen.flatMap((incident) => failureTargetOfIncident(incident) ?? []);
  const airflowReason = useFailureReasons(
    backends.airflow,
    targets.filter((target) => target.backend === 'airflow'),
  );
  const databricksReason = useFailureReasons(
    backends.databricks,
    targets.filter((target) => target.backend === 'databricks'),
  );
  const causeOf = (incident: Incident): string | undefined => {
    const target = failureTargetOfIncident(incident);
    if (!target) return undefined;
    const entry = (target.backend === 'airflow' ? airflowReason : databricksReason)(target);
    // Shown once known: a row does not flicker through "…" while it is looked up.
    return entry?.status === 'ready' ? formatFailureReason(entry, CAUSE_WIDTH) || undefined : undefined;
  };
  const errors = snapshot.data?.errors ?? [];
  const failing = rows.filter((row) => row.state === 'failed').length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {`Incidents · ${failing} failed · ${rows.length - failing} running${failuresOnly ? ' · failures only (f)' : ''}${marked.size > 0 ? ` · ${marked.size} selected (space; c retries them)` : ''}${filter.empty ? '' : ` · filter ${sanitizeName(props.filter)}`}`}
        {rows.length > visibleRows ? `  ${selected + 1}/${rows.length}` : ''}
      </Text>
      <ResourceStatus snapshot={snapshot} width={width} />
      <Text wrap="truncate-end" {...(errors.length > 0 && colorEnabled() ? { color: 'red' } : {})}>
        {errors.length > 0 ? sanitizeName(errors.join(' · ')) : ' '}
      </Text>
      <Text dimColor wrap="truncate-end">
        {'   STATE      WHEN (UTC)  SRC WHAT         DURATION  WORKFLOW / TASK — CAUSE / RUN'}
      </Text>
      {snapshot.data !== undefined && rows.length === 0 ? (
        <Text dimColor>
          {filter.empty ? '  Nothing failed or running. ✓' : '  No incident matches the filter.'}
        </Text>
      ) : null}
      {onScreen.map((incident, index) => (
        <IncidentRow
          key={incident.key}
          incident={incident}
          selected={start + index === selected}
          marked={marked.has(incident.key)}
          cause={causeOf(incident)}
        />
      ))}
    </Box>
  );
}

function IncidentRow({
  incident,
  selected,
  marked,
  cause,
}: {
  incident: Incident;
  selected: boolean;
  marked: boolean;
  /** A failure's first line, once known; undefined for running work. */
  cause: string | undefined;
}) {
  // Task and cause before run: run ids are long (scheduled__2026-11-19T09:00:00+00:00) and truncate first.
  const what = [
    sanitizeName(incident.workflowName),
    incident.taskId !== undefined
      ? `${sanitizeName(incident.taskId)}${incident.mapIndex !== undefined ? `[${incident.mapIndex}]` : ''}${incident.failedInstances ? ` (${incident.failedInstances} mapped failed)` : ''}`
      : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' / ');
  const where = `${what}${cause ? ` — ${cause}` : ''} / ${sanitizeName(incident.runId)}`;
  return (
    <RowCursor selected={selected}>
      {marked ? '+' : ' '}
      <StateBadge state={incident.state} width={10} />
      {` ${formatTime(incident.at).slice(5).padEnd(11)} ${incident.backend === 'airflow' ? 'AF ' : 'DBX'} `}
      {kindWord(incident).padEnd(12)}
      {` ${formatDuration(incident.durationMs).padStart(8)}  `}
      {where}
    </RowCursor>
  );
}
