// The first screen an on-call needs (`!` or `:now [6h]`): what needs action across both backends,
// by section (failures and import errors, runs over their usual p95, running, queued, streams),
// newest first within one, then failures a later success superseded in a collapsed "recovered"
// group (Enter on it opens it). One failure is one row: an Airflow task that started a Databricks
// run shows the run and its failing task as its chain. A backend that could not be read says
// "unknown" instead of counting zero. Enter opens the failed task or run; `o` the workflow's runs;
// space marks rows and `c` retries (a task that started a Databricks run offers both ways back).
import { Box, Text } from 'ink';
import type { ActionKind } from '../../core/actions.js';
import type { Capabilities } from '../../core/backend.js';
import { BACKEND_LABEL, BACKEND_SHORT_LABEL } from '../../core/backendLabel.js';
import type { FailureTarget } from '../../core/failureReasons.js';
import { applyFilter, parseFilter } from '../../core/filter.js';
import { formatDuration } from '../../core/formatDuration.js';
import {
  createIncidentsResource,
  DEFAULT_WINDOW_MS,
  type Incident,
  type IncidentKind,
  type IncidentsData,
} from '../../core/incidents.js';
import type { BackendKind } from '../../core/model.js';
import { sanitizeName } from '../../core/sanitize.js';
import { formatFailureReason } from '../formatFailureReason.js';
import { useFailureReasons } from '../hooks/useFailureReasons.js';
import { useNow } from '../hooks/useNow.js';
import { useRouteState } from '../hooks/useRouteState.js';
import { useStickyCursor } from '../hooks/useStickyCursor.js';
import { useScreenCommands } from '../keys/screenCommands.js';
import { logTargetOfIncident } from '../logs/logTarget.js';
import type { Route } from '../route.js';
import { colorEnabled } from '../stateStyle.js';
import { formatTime } from '../text.js';
import { type ClearTarget, clearRequest, retryRequest } from '../writes/requests.js';
import { cursorCommands } from './parts/cursorCommands.js';
import { ResourceStatus } from './parts/ResourceStatus.js';
import { RowCursor } from './parts/RowCursor.js';
import { StateBadge } from './parts/StateBadge.js';
import { urlCommands } from './parts/urlCommands.js';
import { useLatest } from './parts/useLatest.js';
import { useScreenResource } from './parts/useScreenResource.js';
import { windowStart } from './parts/windowStart.js';
import type { ScreenProps } from './ScreenProps.js';

const KIND_WORDS: Record<IncidentKind, string> = {
  failed: 'failed',
  import_error: 'import error',
  overdue: 'over usual',
  running: 'running',
  queued: 'queued',
  stream: 'streaming',
};

/** What the row is, in WHAT: a failed task or a failed run, a run over its p95... */
export function kindWord(incident: Incident): string {
  if (incident.kind === 'failed') return incident.taskId !== undefined ? 'failed task' : 'failed run';
  return KIND_WORDS[incident.kind];
}

/** Lines above the rows: title, status, backend problems, column header. */
const CHROME_LINES = 4;
const GROUP_KEY = '\u0000recovered';
const COMPACT_BELOW = 100;

/** A row of the view: an incident, or the header of the recovered group. */
type Row = { kind: 'incident'; incident: Incident; recovered: boolean } | { kind: 'group'; count: number };

const rowKey = (row: Row) => (row.kind === 'group' ? GROUP_KEY : row.incident.key);

/**
 * Where Enter on an incident leads, by how its backend shows runs: a run listed on its own opens
 * that run; in a task grid, the failed task (or the run's column of the grid).
 */
export function incidentRoute(incident: Incident, runView: Capabilities['runView']): Route | undefined {
  if (incident.kind === 'import_error') return undefined;
  if (runView === 'runList') {
    return {
      screen: 'run',
      backend: incident.backend,
      workflowId: incident.workflowId,
      runId: incident.runId,
    };
  }
  if (incident.taskId !== undefined) {
    return {
      screen: 'task',
      backend: incident.backend,
      workflowId: incident.workflowId,
      runId: incident.runId,
      taskId: incident.taskId,
      ...(incident.mapIndex !== undefined ? { mapIndex: incident.mapIndex } : {}),
    };
  }
  return runsRoute(incident);
}

/**
 * What clearing an incident means: its failed task, or its run's failed tasks; none where its
 * backend cannot clear tasks (`canClear`).
 */
export function clearTargetOf(incident: Incident, canClear: boolean): ClearTarget[] {
  if (!canClear || incident.state !== 'failed' || incident.kind !== 'failed') return [];
  const tasks =
    incident.taskId !== undefined
      ? [
          {
            taskId: incident.taskId,
            ...(incident.mapIndex !== undefined ? { mapIndex: incident.mapIndex } : {}),
          },
        ]
      : [];
  return [{ backend: incident.backend, workflowId: incident.workflowId, runId: incident.runId, tasks }];
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

/** "6h", "24h", "2d": the window in the title. */
function windowText(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 48 && Number.isInteger(hours / 24)) return `${hours / 24}d`;
  if (hours >= 1) return `${Math.round(hours * 10) / 10}h`;
  return `${Math.round(ms / 60_000)}m`;
}

/**
 * The title: the window, a backend that could not be read ("unknown", never zero), the view's own
 * state (`extras`: failures only, selection, filter), then the counts, so that a narrow terminal
 * cuts the counts and not what the view is showing.
 */
export function summaryLine(
  data: IncidentsData | undefined,
  windowMs: number,
  extras: readonly string[] = [],
): string {
  const parts = [`Incidents · last ${windowText(windowMs)}`];
  if (!data) return [...parts, ...extras].join(' · ');
  const count = (kinds: IncidentKind[]) => data.incidents.filter((i) => kinds.includes(i.kind)).length;
  const counts: [number, string][] = [
    [count(['failed', 'import_error']), 'failed'],
    [count(['overdue']), 'over usual time'],
    [count(['running']), 'running'],
    [count(['queued']), 'queued'],
    [count(['stream']), 'streaming'],
    [data.recovered.length, 'recovered'],
  ];
  const unknown = (Object.keys(data.reach) as BackendKind[]).filter((kind) => data.reach[kind]?.ok === false);
  // With one backend unknown the counts are the other's: say whose they are.
  const known = (Object.keys(data.reach) as BackendKind[]).filter((kind) => data.reach[kind]?.ok);
  const prefix =
    unknown.length > 0 && known.length > 0 ? `${known.map((k) => BACKEND_LABEL[k]).join(' + ')}: ` : '';
  const shown = counts.filter(([n, word]) => n > 0 || word === 'failed' || word === 'running');
  for (const kind of unknown) parts.push(`${BACKEND_LABEL[kind]}: unknown`);
  parts.push(...extras);
  parts.push(`${prefix}${shown.map(([n, word]) => `${n} ${word}`).join(' · ')}`);
  return parts.join(' · ');
}

export function IncidentsScreen(
  props: ScreenProps<{ screen: 'incidents'; windowMs?: number }> & {
    /** The clock failures are windowed by; Date.now unless a test pins it. */
    now?: (() => number) | undefined;
  },
) {
  const { width, height, writes } = props;
  const { backends } = props.session;
  const windowMs = props.route.windowMs ?? DEFAULT_WINDOW_MS;
  const { snapshot, resource } = useScreenResource(props.session.queries, `incidents:${windowMs}`, () =>
    createIncidentsResource({
      ...backends,
      windowMs,
      ...(props.now ? { now: props.now } : {}),
    }),
  );
  // Kept while the route is in the stack: Esc from a drill-down comes back to the same row and toggle.
  const [cursor, setCursor] = useRouteState('cursor', 0);
  const [failuresOnly, setFailuresOnly] = useRouteState('failuresOnly', false);
  const [showRecovered, setShowRecovered] = useRouteState('showRecovered', false);
  const filter = parseFilter(props.filter);
  const data = snapshot.data;
  const matches = (incident: Incident) =>
    (!failuresOnly || incident.kind === 'failed' || incident.kind === 'import_error') &&
    applyFilter([incident], filter, (one) => ({
      text: [
        one.workflowName,
        one.workflowId,
        one.runId,
        one.taskId ?? '',
        one.backend,
        kindWord(one),
        ...(one.linked ? [one.linked.runId, ...one.linked.failedTasks] : []),
        ...(one.failedTasks ?? []),
        ...one.notes,
      ],
      states: [one.state],
    })).length > 0;
  const current = (data?.incidents ?? []).filter(matches);
  const recovered = (data?.recovered ?? []).filter(matches);
  const rows: Row[] = current.map((incident) => ({ kind: 'incident', incident, recovered: false }));
  if (recovered.length > 0) {
    rows.push({ kind: 'group', count: recovered.length });
    if (showRecovered) {
      rows.push(...recovered.map((incident): Row => ({ kind: 'incident', incident, recovered: true })));
    }
  }
  const visibleRows = Math.max(1, height - CHROME_LINES);
  // Newest first: a new incident shifts every row down, and the cursor follows its incident.
  const selected = useStickyCursor({
    id: 'incidents',
    rows,
    keyOf: rowKey,
    cursor,
    setCursor,
    viewKey: `${props.filter}\n${failuresOnly}`,
  });

  // Rows marked with space for one bulk retry; kept by incident key while the view is open.
  const [marked, setMarked] = useRouteState<ReadonlySet<string>>('marked', new Set());
  const view = useLatest({ count: rows.length, selected, rows, marked });
  const currentRow = () => view.current.rows[view.current.selected];
  const currentIncident = () => {
    const row = currentRow();
    return row?.kind === 'incident' ? row.incident : undefined;
  };
  const refresh = () => void resource.refresh();
  // A failure is retried the way its backend offers: its tasks cleared, or its run repaired.
  const can = (incident: Incident, kind: ActionKind) =>
    backends[incident.backend]?.capabilities.actions.has(kind) === true;
  const canClear = (incident: Incident) => can(incident, 'clearTasks');
  const canRepair = (incident: Incident) => !canClear(incident) && can(incident, 'repairRun');
  useScreenCommands({
    ...cursorCommands(view, visibleRows, setCursor),
    ...urlCommands(() => currentIncident()?.linked?.url ?? currentIncident()?.url, props.urls, props.flash),
    drillDown() {
      const row = currentRow();
      if (row?.kind === 'group') {
        setShowRecovered((on) => !on);
        return;
      }
      const incident = currentIncident();
      if (!incident) return;
      const runView = backends[incident.backend]?.capabilities.runView;
      const route = runView ? incidentRoute(incident, runView) : undefined;
      if (route) props.open(route);
      else props.flash(`Import error in ${incident.workflowId}: ${incident.notes[0] ?? ''}`, 'error');
    },
    openRuns() {
      const incident = currentIncident();
      if (incident && incident.kind !== 'import_error') props.open(runsRoute(incident));
    },
    openLog() {
      const incident = currentIncident();
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
      const incident = currentIncident();
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
        const row = currentRow();
        const incident = currentIncident();
        if (!incident || !row || row.kind !== 'incident') return;
        if (row.recovered) {
          props.flash(
            `A later run (${incident.recoveredBy?.runId ?? '?'}) succeeded: nothing to retry`,
            'info',
          );
        } else if (incident.kind === 'import_error') {
          props.flash('An import error is fixed in the DAG file, not retried', 'info');
        } else if (incident.state !== 'failed') {
          props.flash('Only failed work is retried: this one is still going', 'info');
        } else if (canRepair(incident)) {
          writes.repair({
            backend: incident.backend,
            workflowId: incident.workflowId,
            runId: incident.runId,
            onDone: done,
          });
        } else if (incident.taskId !== undefined) {
          // A task that started a Databricks run is offered both ways back (clear, or repair).
          writes.retryTask({
            backend: incident.backend,
            workflowId: incident.workflowId,
            runId: incident.runId,
            task: {
              taskId: incident.taskId,
              ...(incident.mapIndex !== undefined ? { mapIndex: incident.mapIndex } : {}),
            },
            onDone: done,
          });
        } else writes.start(clearRequest(clearTargetOf(incident, canClear(incident)), done));
        return;
      }
      const picked = all.flatMap((row) =>
        row.kind === 'incident' &&
        !row.recovered &&
        chosen.has(row.incident.key) &&
        row.incident.state === 'failed'
          ? [row.incident]
          : [],
      );
      const clears = picked.flatMap((incident) => clearTargetOf(incident, canClear(incident)));
      const repairs = picked
        .filter((incident) => canRepair(incident) && incident.kind === 'failed')
        .map((incident) => ({
          backend: incident.backend,
          workflowId: incident.workflowId,
          runId: incident.runId,
        }));
      if (clears.length + repairs.length === 0) {
        props.flash('None of the selected rows has failed: nothing to retry', 'info');
        return;
      }
      writes.start(retryRequest(clears, repairs, done));
    },
  });

  const live = current.some((incident) => incident.startedAt !== undefined);
  const now = useNow(live);
  const start = windowStart(selected, rows.length, visibleRows);
  const onScreen = rows.slice(start, start + visibleRows);
  // The cause of each failure on screen, one lookup per row, asked for the rows shown only.
  const targets = onScreen.flatMap((row) =>
    row.kind === 'incident' ? (failureTargetOfIncident(row.incident) ?? []) : [],
  );
  const reasonOf = useFailureReasons(props.session.failureReasons, targets);
  const causeOf = (incident: Incident): string | undefined => {
    const target = failureTargetOfIncident(incident);
    if (!target) return undefined;
    const entry = reasonOf(target);
    // Shown once known: a row does not flicker through "…" while it is looked up.
    return entry?.status === 'ready' ? formatFailureReason(entry, CAUSE_WIDTH) || undefined : undefined;
  };
  const problems = data
    ? [
        ...(Object.keys(data.reach) as BackendKind[]).flatMap((kind) => {
          const reach = data.reach[kind];
          return reach && !reach.ok ? [`${BACKEND_LABEL[kind]} unknown (not zero): ${reach.error}`] : [];
        }),
        ...data.warnings,
      ]
    : [];
  // Below this width SRC and WHAT give their room to the chain (the chain and notes say the same).
  const compact = width < COMPACT_BELOW;
  const anyUnknown =
    problems.length > 0 && data !== undefined && Object.values(data.reach).some((r) => !r?.ok);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {summaryLine(data, windowMs, [
          ...(rows.length > visibleRows ? [`${selected + 1}/${rows.length}`] : []),
          ...(failuresOnly ? ['failures only (f)'] : []),
          ...(marked.size > 0 ? [`${marked.size} selected (space; c retries them)`] : []),
          ...(filter.empty ? [] : [`filter ${sanitizeName(props.filter)}`]),
        ])}
      </Text>
      <ResourceStatus snapshot={snapshot} width={width} />
      <Text wrap="truncate-end" {...(problems.length > 0 && colorEnabled() ? { color: 'red' } : {})}>
        {problems.length > 0 ? sanitizeName(problems.join(' · ')) : ' '}
      </Text>
      <Text dimColor wrap="truncate-end">
        {compact
          ? '   STATE      WHEN (UTC)   DURATION  WORKFLOW / TASK → CHAIN — CAUSE'
          : '   STATE      WHEN (UTC)  SRC    WHAT          DURATION  WORKFLOW / TASK → CHAIN — CAUSE'}
      </Text>
      {data !== undefined && rows.length === 0 ? (
        <Text dimColor>
          {!filter.empty || failuresOnly
            ? '  No incident matches.'
            : anyUnknown
              ? '  Nothing failed or running where the servers could be read; the rest is unknown.'
              : '  Nothing failed or running. ✓'}
        </Text>
      ) : null}
      {onScreen.map((row, index) =>
        row.kind === 'group' ? (
          <RowCursor key={GROUP_KEY} selected={start + index === selected}>
            <Text dimColor>
              {` ${showRecovered ? '▾' : '▸'} ${row.count} recovered: a later run succeeded (enter ${showRecovered ? 'hides' : 'shows'} them)`}
            </Text>
          </RowCursor>
        ) : (
          <IncidentRow
            key={row.incident.key}
            incident={row.incident}
            selected={start + index === selected}
            marked={marked.has(row.incident.key)}
            recovered={row.recovered}
            now={now}
            compact={compact}
            cause={causeOf(row.incident)}
          />
        ),
      )}
    </Box>
  );
}

/**
 * "fintech_eod_risk / run_risk_models try 2 → DBX run 812 → stress_tests · notes · run scheduled__…":
 * the chain before the notes before the run id, since run ids are long and the end is cut first.
 */
export function whereText(incident: Incident, cause?: string): string {
  const head = [sanitizeName(incident.workflowName)];
  if (incident.taskId !== undefined) {
    const mapped = incident.mapIndex !== undefined ? `[${incident.mapIndex}]` : '';
    const count = incident.failedInstances ? ` (${incident.failedInstances} mapped failed)` : '';
    const tryText = incident.tryNumber && incident.tryNumber > 1 ? ` try ${incident.tryNumber}` : '';
    head.push(`${sanitizeName(incident.taskId)}${mapped}${count}${tryText}`);
  }
  const chain = [head.join(' / ')];
  const linked = incident.linked;
  if (linked) {
    const state = linked.state && linked.state !== 'failed' ? ` (${linked.state})` : '';
    chain.push(`${BACKEND_SHORT_LABEL[linked.backend]} run ${sanitizeName(linked.runId)}${state}`);
    if (linked.failedTasks.length > 0) chain.push(linked.failedTasks.map(sanitizeName).join(', '));
  } else if (incident.failedTasks && incident.failedTasks.length > 0) {
    chain.push(incident.failedTasks.map(sanitizeName).join(', '));
  }
  const notes = incident.notes.map(sanitizeName);
  const earlier = linked?.earlierRuns.length ?? 0;
  if (earlier > 0) notes.push(`+${earlier} run${earlier === 1 ? '' : 's'} of earlier tries`);
  if (incident.usualMs !== undefined) notes.push(`usual ${formatDuration(incident.usualMs)}`);
  if (incident.recoveredBy) notes.push(`recovered by ${sanitizeName(incident.recoveredBy.runId)}`);
  if (incident.runId) notes.push(`run ${sanitizeName(incident.runId)}`);
  // The chain before the cause: on an Airflow task that started a Databricks run, the failing
  // Databricks task says more than the Airflow task's own exception, and a long cause is cut last.
  return [`${chain.join(' → ')}${cause ? ` — ${cause}` : ''}`, ...notes].join(' · ');
}

function IncidentRow({
  incident,
  selected,
  marked,
  recovered,
  now,
  compact,
  cause,
}: {
  incident: Incident;
  selected: boolean;
  marked: boolean;
  recovered: boolean;
  now: number;
  compact: boolean;
  /** A failure's first line, once known; undefined for running work. */
  cause: string | undefined;
}) {
  const source = [incident.backend, ...(incident.linked ? [incident.linked.backend] : [])]
    .map((kind) => BACKEND_SHORT_LABEL[kind])
    .join('→');
  // Running work's duration is live: the time since it started, redrawn every second.
  const started = incident.startedAt ? Date.parse(incident.startedAt) : Number.NaN;
  const duration = Number.isNaN(started) ? incident.durationMs : Math.max(0, now - started);
  const line = (
    <>
      {marked ? '+' : ' '}
      <StateBadge state={incident.state} width={10} />
      {` ${formatTime(incident.at).slice(5).padEnd(11)} `}
      {compact ? '' : `${source.padEnd(6)} ${kindWord(incident).padEnd(13)} `}
      {`${formatDuration(duration).padStart(8)}  `}
      {whereText(incident, cause)}
    </>
  );
  return <RowCursor selected={selected}>{recovered ? <Text dimColor>{line}</Text> : line}</RowCursor>;
}
