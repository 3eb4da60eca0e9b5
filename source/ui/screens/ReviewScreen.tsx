// `:review`: the platform review of both backends, worst first: severity, kind, the object and
// what is wrong; below, the selected finding's evidence (the fields as read) and what to change.
// s and t step through the severities and kinds shown; Enter opens the DAG, job or run concerned.
import { Box, Text } from 'ink';
import type { Capabilities } from '../../core/backend.js';
import { applyFilter, parseFilter } from '../../core/filter.js';
import {
  FINDING_KINDS,
  type Finding,
  type FindingKind,
  SEVERITIES,
  type Severity,
} from '../../core/review/finding.js';
import { workflowNameOf } from '../../core/review/objects.js';
import { sanitizeName } from '../../core/sanitize.js';
import { useResource } from '../hooks/useResource.js';
import { useRouteState } from '../hooks/useRouteState.js';
import { useStickyCursor } from '../hooks/useStickyCursor.js';
import { useScreenCommands } from '../keys/screenCommands.js';
import type { Route } from '../route.js';
import { fitCell } from '../text.js';
import { tint, useTheme } from '../theme.js';
import { cursorCommands } from './parts/cursorCommands.js';
import { ResourceStatus } from './parts/ResourceStatus.js';
import { RowCursor } from './parts/RowCursor.js';
import { useLatest } from './parts/useLatest.js';
import { windowStart } from './parts/windowStart.js';
import type { ScreenProps } from './ScreenProps.js';

/** Title, status, column header, two detail lines. */
const CHROME_LINES = 5;

const COLOR: Record<Severity, 'red' | 'yellow' | undefined> = {
  error: 'red',
  warning: 'yellow',
  info: undefined,
};

const findingKey = (finding: Finding) =>
  `${finding.check}:${finding.object.label}:${finding.object.runId ?? ''}:${finding.object.taskId ?? ''}`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The next value of a cycle that starts and ends with "all". */
function next<T>(values: readonly T[], current: T | 'all'): T | 'all' {
  const index = current === 'all' ? -1 : values.indexOf(current);
  return index + 1 >= values.length ? 'all' : (values[index + 1] as T);
}

/**
 * Where Enter on a finding leads: its run, on its own screen where the backend lists runs (runView)
 * or focused in the workflow's grid; else its workflow. Connections and contexts have no screen.
 */
export function routeOfFinding(
  finding: Finding,
  runView: Capabilities['runView'] | undefined,
): Route | undefined {
  const { object } = finding;
  if (!object.workflowId) return undefined;
  if (runView === 'runList' && object.runId && object.type === 'run') {
    return { screen: 'run', backend: object.backend, workflowId: object.workflowId, runId: object.runId };
  }
  return {
    screen: 'runs',
    backend: object.backend,
    workflowId: object.workflowId,
    workflowName: workflowNameOf(object) ?? object.workflowId,
    ...(object.runId && runView === 'taskGrid' ? { focusRunId: object.runId } : {}),
  };
}

export function ReviewScreen(props: ScreenProps<Extract<Route, { screen: 'review' }>>) {
  const { width, height } = props;
  const theme = useTheme();
  // The session's review, kept when the screen closes: its report marks the home rows.
  const { resource } = props.session.review;
  const snapshot = useResource(resource);
  const [cursor, setCursor] = useRouteState('cursor', 0);
  const [severity, setSeverity] = useRouteState<Severity | 'all'>('severity', 'all');
  const [kind, setKind] = useRouteState<FindingKind | 'all'>('kind', 'all');
  const filter = parseFilter(props.filter);
  const shown = (snapshot.data?.findings ?? []).filter(
    (finding) =>
      (severity === 'all' || finding.severity === severity) && (kind === 'all' || finding.kind === kind),
  );
  const rows = applyFilter(shown, filter, (finding) => ({
    text: [finding.severity, finding.kind, finding.object.label, finding.title, finding.check],
    states: [],
  }));
  const visibleRows = Math.max(1, height - CHROME_LINES);
  const selected = useStickyCursor({
    id: 'review',
    rows,
    keyOf: findingKey,
    cursor,
    setCursor,
    viewKey: `${props.filter}/${severity}/${kind}`,
  });
  const view = useLatest({ count: rows.length, selected, rows, severity, kind });
  useScreenCommands({
    ...cursorCommands(view, visibleRows, setCursor),
    refresh() {
      void resource.refresh();
      props.flash('Reviewing again…', 'info');
    },
    reviewSeverity() {
      setSeverity(next(SEVERITIES, view.current.severity));
    },
    reviewKind() {
      setKind(next(FINDING_KINDS, view.current.kind));
    },
    drillDown() {
      const finding = view.current.rows[view.current.selected];
      if (!finding) return;
      const route = routeOfFinding(
        finding,
        props.session.backends[finding.object.backend]?.capabilities.runView,
      );
      if (route) props.open(route);
      else props.flash(`No screen for ${sanitizeName(finding.object.label)}: ${finding.fix}`, 'info');
    },
  });
  const start = windowStart(selected, rows.length, visibleRows);
  const current = rows[selected];
  const objectWidth = Math.max(16, Math.floor((width - 24) * 0.4));
  const summary = snapshot.data?.summary;
  const showing = [severity === 'all' ? '' : severity, kind === 'all' ? '' : kind].filter(Boolean).join(' ');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {`Platform review · ${summary ? `${plural(summary.error, 'error')}, ${plural(summary.warning, 'warning')}, ${plural(summary.info, 'note')}` : 'reading both sides…'}`}
        {showing ? ` · showing ${showing}` : ''}
        {filter.empty ? '' : ` · filter ${sanitizeName(props.filter)}`}
        {rows.length > visibleRows ? `  ${selected + 1}/${rows.length}` : ''}
      </Text>
      <ResourceStatus snapshot={snapshot} width={width} />
      <Text dimColor wrap="truncate-end">
        {`  ${'LEVEL'.padEnd(7)}  ${'KIND'.padEnd(10)}  ${'OBJECT'.padEnd(objectWidth)}  FINDING`}
      </Text>
      {snapshot.data !== undefined && rows.length === 0 ? (
        <Text dimColor>
          {shown.length === 0 && snapshot.data.findings.length === 0
            ? '  No findings: both sides follow every practice checked.'
            : '  No finding matches (s: severity, t: kind, /: filter).'}
        </Text>
      ) : null}
      <Box flexDirection="column" height={visibleRows} overflow="hidden">
        {rows.slice(start, start + visibleRows).map((finding, index) => (
          <RowCursor key={findingKey(finding)} selected={start + index === selected}>
            <Text {...tint(theme, COLOR[finding.severity])}>{finding.severity.padEnd(7)}</Text>
            {`  ${finding.kind.padEnd(10)}  ${fitCell(sanitizeName(finding.object.label), objectWidth)}  ${sanitizeName(finding.title)}`}
          </RowCursor>
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        {current
          ? `evidence ${current.evidence.map((item) => `${sanitizeName(item.field)}=${sanitizeName(String(item.value))}`).join('  ')}`
          : ' '}
      </Text>
      <Text dimColor wrap="truncate-end">
        {current ? `fix: ${current.fix}` : ' '}
      </Text>
    </Box>
  );
}
