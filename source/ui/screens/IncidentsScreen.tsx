// The first screen an on-call needs (issue 5, incident view): failed and running work across both
// backends, newest first, one row each. Enter opens the failed Airflow task instance, the Airflow
// runs grid focused on the run, or the Databricks run; `o` opens the workflow's runs.
import { Box, Text } from 'ink';
import { applyFilter, parseFilter } from '../../core/filter.js';
import { createIncidentsResource, type Incident, type IncidentKind } from '../../core/incidents.js';
import { ACTIVE_STATES } from '../../core/model.js';
import { sanitizeName } from '../../core/sanitize.js';
import { useRouteState } from '../hooks/useRouteState.js';
import { useStickyCursor } from '../hooks/useStickyCursor.js';
import type { Route } from '../route.js';
import { colorEnabled, stateStyle } from '../stateStyle.js';
import { formatDuration } from './parts/formatDuration.js';
import { formatTime } from './parts/formatTime.js';
import { ResourceStatus } from './parts/ResourceStatus.js';
import { RowCursor } from './parts/RowCursor.js';
import { StateBadge } from './parts/StateBadge.js';
import { useListKeys } from './parts/useListKeys.js';
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
  const { backends, refreshTick, width, height } = props;
  const snapshot = useScreenResource(
    'incidents',
    () => createIncidentsResource({ airflow: backends.airflow, databricks: backends.databricks }),
    refreshTick,
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

  useListKeys({
    scope: 'incidents',
    rows,
    selected,
    page: visibleRows,
    setCursor,
    isActive: props.keysActive,
    onCommand(command, incident) {
      if (command === 'drillDown' && incident) props.open(incidentRoute(incident));
      else if (command === 'openRuns' && incident) props.open(runsRoute(incident));
      else if (command === 'failuresOnly') {
        setFailuresOnly((on) => !on);
        setCursor(0);
      } else return false;
      return true;
    },
  });

  const start = windowStart(selected, rows.length, visibleRows);
  const errors = snapshot.data?.errors ?? [];
  const failing = rows.filter((row) => row.state === 'failed').length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {`Incidents · ${failing} failed · ${rows.length - failing} running${failuresOnly ? ' · failures only (f)' : ''}${filter.empty ? '' : ` · filter ${sanitizeName(props.filter)}`}`}
        {rows.length > visibleRows ? `  ${selected + 1}/${rows.length}` : ''}
      </Text>
      <ResourceStatus snapshot={snapshot} width={width} />
      <Text wrap="truncate-end" {...(errors.length > 0 && colorEnabled() ? { color: 'red' } : {})}>
        {errors.length > 0 ? sanitizeName(errors.join(' · ')) : ' '}
      </Text>
      <Text dimColor wrap="truncate-end">
        {'  STATE      WHEN (UTC)  SRC WHAT         DURATION  WORKFLOW / TASK / RUN'}
      </Text>
      {snapshot.data !== undefined && rows.length === 0 ? (
        <Text dimColor>
          {filter.empty ? '  Nothing failed or running. ✓' : '  No incident matches the filter.'}
        </Text>
      ) : null}
      {rows.slice(start, start + visibleRows).map((incident, index) => (
        <IncidentRow key={incident.key} incident={incident} selected={start + index === selected} />
      ))}
    </Box>
  );
}

function IncidentRow({ incident, selected }: { incident: Incident; selected: boolean }) {
  // Task before run: run ids are long (scheduled__2026-11-19T09:00:00+00:00) and truncate first.
  const where = [
    sanitizeName(incident.workflowName),
    incident.taskId !== undefined
      ? `${sanitizeName(incident.taskId)}${incident.mapIndex !== undefined ? `[${incident.mapIndex}]` : ''}${incident.failedInstances ? ` (${incident.failedInstances} mapped failed)` : ''}`
      : undefined,
    sanitizeName(incident.runId),
  ]
    .filter((part) => part !== undefined)
    .join(' / ');
  return (
    <RowCursor selected={selected}>
      <StateBadge state={incident.state} width={10} />
      {` ${formatTime(incident.at).slice(5).padEnd(11)} ${incident.backend === 'airflow' ? 'AF ' : 'DBX'} `}
      {kindWord(incident).padEnd(12)}
      {` ${formatDuration(incident.durationMs).padStart(8)}  `}
      {where}
    </RowCursor>
  );
}
