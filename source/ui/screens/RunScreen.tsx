// Route 'run': one run opened on its own, where the backend lists its runs (runView 'runList'): its
// task runs with their attempts, states and durations, its repair history and its run page URL,
// and the way back to the task of another backend that started it. The run page URL is printed as plain text so it can be copied over SSH;
// it is sanitised like every other server string (an OSC 8 link could spoof the target).
import { Box, Text } from 'ink';
import { BACKEND_LABEL } from '../../core/backendLabel.js';
import { failureTargetOfTask } from '../../core/failureReasons.js';
import { applyFilter, parseFilter } from '../../core/filter.js';
import { formatDuration } from '../../core/formatDuration.js';
import type { BackendKind, Run, RunRepair, TaskInstance } from '../../core/model.js';
import type { ResourceSnapshot } from '../../core/resource.js';
import {
  createRunDetailResource,
  createRunOriginResource,
  type RunOrigin,
  runOriginKind,
} from '../../core/runDetail.js';
import { sanitizeName } from '../../core/sanitize.js';
import { durationOf, isElapsing } from '../../core/timing.js';
import { formatFailureReason } from '../formatFailureReason.js';
import { useFailureReasons } from '../hooks/useFailureReasons.js';
import { useNow } from '../hooks/useNow.js';
import { useRouteState } from '../hooks/useRouteState.js';
import { useStickyCursor } from '../hooks/useStickyCursor.js';
import { useScreenCommands } from '../keys/screenCommands.js';
import { logTargetOfTask } from '../logs/logTarget.js';
import type { Route } from '../route.js';
import { colorEnabled } from '../stateStyle.js';
import { formatTime } from '../text.js';
import { cursorCommands } from './parts/cursorCommands.js';
import { jobTitle } from './parts/jobTitle.js';
import { ResourceStatus } from './parts/ResourceStatus.js';
import { RowCursor } from './parts/RowCursor.js';
import { runCommands } from './parts/runCommands.js';
import { StateBadge } from './parts/StateBadge.js';
import { urlCommands } from './parts/urlCommands.js';
import { useLatest } from './parts/useLatest.js';
import { useScreenResource } from './parts/useScreenResource.js';
import { windowStart } from './parts/windowStart.js';
import type { ScreenProps } from './ScreenProps.js';

type RunRoute = Extract<Route, { screen: 'run' }>;

const taskKey = (task: TaskInstance) => task.taskId;

/** Title, status, run summary (3 lines), URL, column header. */
const CHROME_LINES = 7;
/** Columns of a task row besides its key, the cause and the dependencies. */
const TASK_COLUMNS = 2 + 1 + 18 + 1 + 13 + 1 + 8 + 2;
/** Narrower than this a cause column says too little: the message line has the first one. */
const MIN_CAUSE = 16;
/** The repair table shows the newest few; the summary line says how many there were. */
const MAX_REPAIR_ROWS = 5;

export function RunScreen(props: ScreenProps<RunRoute>) {
  // Keyed by route: another run starts with a fresh cursor even if React reuses this element.
  return <RunView key={`${props.route.workflowId}:${props.route.runId}`} {...props} />;
}

function RunView(props: ScreenProps<RunRoute>) {
  const { route, width, height } = props;
  const { session } = props;
  const { snapshot, resource } = useScreenResource(
    session.queries,
    `run:${route.workflowId}:${route.runId}`,
    () => createRunDetailResource(session.backends, route),
  );
  // Kept while the route is in the stack (a later screen pushed over it keeps its place).
  const [cursor, setCursor] = useRouteState('cursor', 0);
  const filter = parseFilter(props.filter);
  const rows = applyFilter(snapshot.data?.tasks ?? [], filter, (task) => ({
    text: [task.taskId, task.operator ?? '', ...(task.dependsOn ?? [])],
    states: [task.state, ...(task.attempts ?? []).map((attempt) => attempt.state)],
  }));
  // The way back to the task (of another backend) that started this run, when there can be one.
  const originKind = runOriginKind(session.backends, route.backend);
  const originLines = originKind ? 1 : 0;
  const visibleRows = Math.max(1, height - CHROME_LINES - originLines - repairLines(snapshot.data?.run));
  const selected = useStickyCursor({
    id: 'tasks',
    rows,
    keyOf: taskKey,
    cursor,
    setCursor,
    viewKey: props.filter,
  });

  const origin = useScreenResource(session.queries, `origin:${route.workflowId}:${route.runId}`, () =>
    createRunOriginResource(session.backends, route),
  ).snapshot;
  const view = useLatest({ count: rows.length, selected, rows, origin: origin.data });
  useScreenCommands({
    ...cursorCommands(view, visibleRows, setCursor),
    ...urlCommands(
      () => view.current.rows[view.current.selected]?.url ?? snapshot.data?.run.url,
      props.urls,
      props.flash,
    ),
    openLog() {
      const task = view.current.rows[view.current.selected];
      if (task) props.open({ screen: 'log', panes: [logTargetOfTask(task)] });
    },
    ...(originKind
      ? {
          openLink() {
            const found = view.current.origin;
            if (!found) {
              props.flash(
                `No ${BACKEND_LABEL[originKind]} task of the recent DAG runs started this run`,
                'info',
              );
              return;
            }
            const { task } = found;
            props.open({
              screen: 'task',
              backend: task.backend,
              workflowId: task.workflowId,
              runId: task.runId,
              taskId: task.taskId,
              ...(task.mapIndex !== undefined && task.mapIndex >= 0 ? { mapIndex: task.mapIndex } : {}),
            });
          },
        }
      : {}),
    refresh() {
      void resource.refresh();
      props.flash('Refreshing…', 'info');
    },
    ...runCommands(
      props,
      () => route.runId,
      () => void resource.refresh(),
    ),
  });

  const run = snapshot.data?.run;
  const now = useNow(run !== undefined && (isElapsing(run) || rows.some(isElapsing)));
  const start = windowStart(selected, rows.length, visibleRows);
  const onScreen = rows.slice(start, start + visibleRows);
  const keyWidth = Math.min(40, Math.max(8, ...onScreen.map((task) => sanitizeName(task.taskId).length)));
  // The cause of each failed task on screen (its error, else the state message), asked for those only.
  // The run's first failed task is explained on the message line, whether on screen or not.
  const firstFailed = (snapshot.data?.tasks ?? []).find((task) => task.state === 'failed');
  const failed = onScreen.filter((task) => task.state === 'failed' && task !== firstFailed);
  const reasonOf = useFailureReasons(
    props.session.failureReasons,
    [...(firstFailed ? [firstFailed] : []), ...failed].map(failureTargetOfTask),
  );
  const dependsWidth = Math.min(
    30,
    Math.max(10, ...onScreen.map((task) => (task.dependsOn ?? []).map(sanitizeName).join(', ').length)),
  );
  // What the row keeps for a cause column once the other columns and the dependencies have theirs.
  const room = width - (keyWidth + TASK_COLUMNS) - dependsWidth - 2;
  const causeWidth =
    onScreen.some((task) => task.state === 'failed') && room >= MIN_CAUSE ? Math.min(60, room) : 0;
  const firstCause = firstFailed
    ? `${sanitizeName(firstFailed.taskId)}: ${formatFailureReason(reasonOf(failureTargetOfTask(firstFailed)), width * 2)}`
    : undefined;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {`${BACKEND_LABEL[route.backend]} run ${sanitizeName(route.runId)} · ${jobTitle(run?.name, route.workflowId || run?.workflowId || '?')}`}
        {rows.length > visibleRows ? `  ${selected + 1}/${rows.length}` : ''}
      </Text>
      <ResourceStatus snapshot={snapshot} width={width} />
      {run ? <RunSummary run={run} now={now} /> : <Text> </Text>}
      <Text wrap="truncate-end">
        {run ? `trigger ${sanitizeName(run.trigger ?? '—')} · ${repairLine(run)}` : ' '}
      </Text>
      {originKind ? <OriginLine kind={originKind} origin={origin} /> : null}
      {snapshot.data ? <RepairTable run={snapshot.data.run} tasks={snapshot.data.tasks} /> : null}
      <Text wrap="truncate-end">
        {[run?.note ? `message: ${sanitizeName(run.note)}` : '', firstCause ? `cause ${firstCause}` : '']
          .filter(Boolean)
          .join(' · ') || ' '}
      </Text>
      <Text wrap="truncate-end">{run?.url ? `url: ${sanitizeName(run.url)}` : ' '}</Text>
      <Text dimColor wrap="truncate-end">
        {`  ${'TASK'.padEnd(keyWidth)} STATE              ATTEMPTS      DURATION  ${causeWidth > 0 ? `${'CAUSE'.padEnd(causeWidth)}  ` : ''}DEPENDS ON`}
      </Text>
      {onScreen.map((task, index) => (
        <TaskRow
          key={task.taskId}
          task={task}
          keyWidth={keyWidth}
          selected={start + index === selected}
          now={now}
          cause={
            causeWidth === 0
              ? undefined
              : task.state === 'failed'
                ? formatFailureReason(reasonOf(failureTargetOfTask(task)), causeWidth)
                : ''
          }
          causeWidth={causeWidth}
        />
      ))}
    </Box>
  );
}

/** "started by Airflow fintech_eod_risk / risk_modelling.run_risk_models try 2 · g opens it". */
function OriginLine({ kind, origin }: { kind: BackendKind; origin: ResourceSnapshot<RunOrigin | null> }) {
  const found = origin.data;
  const label = BACKEND_LABEL[kind];
  let text = `started by: looking for the ${label} task that started it…`;
  if (found) {
    const { task, tryNumber } = found;
    const mapped = task.mapIndex !== undefined && task.mapIndex >= 0 ? `[${task.mapIndex}]` : '';
    text = `started by ${BACKEND_LABEL[task.backend]} ${sanitizeName(task.workflowId)} / ${sanitizeName(task.taskId)}${mapped} try ${tryNumber} (${task.state}) · g opens it · run ${sanitizeName(task.runId)}`;
  } else if (found === null) text = `started by: no ${label} task of the recent DAG runs`;
  else if (origin.error) text = `started by: unknown (${sanitizeName(origin.error)})`;
  return (
    <Text wrap="truncate-end" dimColor={!found}>
      {text}
    </Text>
  );
}

function RunSummary({ run, now }: { run: Run; now: number }) {
  return (
    <Text wrap="truncate-end">
      <StateBadge state={run.state} />
      {` (${sanitizeName(run.rawState)}) · started ${formatTime(run.startedAt, 'second')} · ended ${formatTime(run.endedAt, 'second')} UTC · ${isElapsing(run) ? 'running for ' : ''}${formatDuration(durationOf(run, now))}`}
    </Text>
  );
}

function repairLine(run: Run): string {
  const repairs = run.repairIds ?? [];
  if (repairs.length === 0) return 'no repairs';
  return `repaired ${repairs.length}× (repair ids ${repairs.join(', ')})`;
}

/** Lines the repair table takes: column header and rows. */
function repairLines(run: Run | undefined): number {
  const count = run?.repairs?.length ?? 0;
  return count > 0 ? 1 + Math.min(count, MAX_REPAIR_ROWS) : 0;
}

/** The task keys a repair re-ran: the attempts whose task run ids its task_run_ids name. */
export function rerunTaskKeys(repair: RunRepair, tasks: readonly TaskInstance[]): string[] {
  const keyOf = new Map<string, string>();
  for (const task of tasks) {
    for (const attempt of task.attempts ?? []) {
      if (attempt.taskRunId) keyOf.set(attempt.taskRunId, task.taskId);
    }
  }
  // An id no attempt carries (not visible yet) is shown as the id, so the count stays right.
  return repair.taskRunIds.map((id) => keyOf.get(id) ?? `task run ${id}`);
}

/** Each repair, newest first: id, when it started, its state and the task keys it re-ran. */
function RepairTable({ run, tasks }: { run: Run; tasks: readonly TaskInstance[] }) {
  const repairs = [...(run.repairs ?? [])].reverse();
  if (repairs.length === 0) return null;
  const shown = repairs.slice(0, MAX_REPAIR_ROWS);
  return (
    <>
      <Text dimColor wrap="truncate-end">
        {`  REPAIR            STARTED (UTC)     STATE              RE-RAN${repairs.length > shown.length ? ` (newest ${shown.length} of ${repairs.length})` : ''}`}
      </Text>
      {shown.map((repair) => (
        <Text key={repair.id} wrap="truncate-end">
          {`  ${String(repair.id).padEnd(16).slice(0, 16)}  ${formatTime(repair.startedAt).padEnd(16)}  `}
          {repair.state ? <StateBadge state={repair.state} width={18} /> : '—'.padEnd(18)}
          {` ${rerunTaskKeys(repair, tasks).map(sanitizeName).join(', ') || '—'}`}
        </Text>
      ))}
    </>
  );
}

function TaskRow({
  task,
  keyWidth,
  selected,
  now,
  cause,
  causeWidth,
}: {
  task: TaskInstance;
  keyWidth: number;
  selected: boolean;
  now: number;
  /** The failure's first line, cut to causeWidth ('' for a task that did not fail); no column when undefined. */
  cause: string | undefined;
  causeWidth: number;
}) {
  // Long retry chains keep their latest attempts; the count says how many there were.
  const attempts = (task.attempts ?? []).slice(-12);
  return (
    <RowCursor selected={selected}>
      {`${sanitizeName(task.taskId).padEnd(keyWidth).slice(0, keyWidth)} `}
      <StateBadge state={task.state} width={18} />{' '}
      {attempts.map((attempt) => (
        <StateBadge key={attempt.attempt} state={attempt.state} word={false} />
      ))}
      {`${' '.repeat(Math.max(1, 13 - attempts.length))} ${formatDuration(durationOf(task, now)).padStart(8)}  `}
      {cause !== undefined ? (
        <Text {...(cause !== '' && colorEnabled() ? { color: 'red' } : {})}>
          {`${cause.padEnd(causeWidth)}  `}
        </Text>
      ) : null}
      {(task.dependsOn ?? []).map(sanitizeName).join(', ') || '—'}
    </RowCursor>
  );
}
