// One Airflow task instance (tries, duration, operator, host, state, and the Databricks
// run its XComs name). `g` or Enter follows the selected link to the Databricks run screen: the
// join the Databricks provider already publishes (run_id / run_page_url XComs).
import { Box, Text } from 'ink';
import type { TaskSelector } from '../../core/actions.js';
import { BACKEND_LABEL } from '../../core/backendLabel.js';
import { failureTargetOfTask } from '../../core/failureReasons.js';
import { formatDuration } from '../../core/formatDuration.js';
import { type CrossLink, STATES, type TaskAttempt, type TaskInstance } from '../../core/model.js';
import { linkedRunKind } from '../../core/runDetail.js';
import { sanitizeName } from '../../core/sanitize.js';
import { createTaskDetailResource, type LinkedJob, type TaskDetail } from '../../core/taskDetail.js';
import { durationOf, isElapsing } from '../../core/timing.js';
import { formatFailureReason } from '../formatFailureReason.js';
import { useFailureReasons } from '../hooks/useFailureReasons.js';
import { useNow } from '../hooks/useNow.js';
import { useRouteState } from '../hooks/useRouteState.js';
import { useStickyCursor } from '../hooks/useStickyCursor.js';
import { useScreenCommands } from '../keys/screenCommands.js';
import { logTargetOfLink, logTargetOfTask } from '../logs/logTarget.js';
import { type Route, routeLabel } from '../route.js';
import { colorEnabled, stateStyle } from '../stateStyle.js';
import { formatTime } from '../text.js';
import { markTaskRequest, TASK_STATE_CHOICES } from '../writes/requests.js';
import { cursorCommands } from './parts/cursorCommands.js';
import { jobTitle } from './parts/jobTitle.js';
import { ResourceStatus } from './parts/ResourceStatus.js';
import { RowCursor } from './parts/RowCursor.js';
import { StateBadge } from './parts/StateBadge.js';
import { urlCommands } from './parts/urlCommands.js';
import { useLatest } from './parts/useLatest.js';
import { useScreenResource } from './parts/useScreenResource.js';
import { windowStart } from './parts/windowStart.js';
import type { ScreenProps } from './ScreenProps.js';

type TaskRoute = Extract<Route, { screen: 'task' }>;

/** The tries table shows the newest few; a longer retry chain says how many there were. */
const MAX_TRY_ROWS = 5;

/** Lines above the link rows. */
const CHROME_LINES = 10;

const linkKey = (link: CrossLink) => `${link.workflowId ?? ''}:${link.runId}`;

export function linkRoute(link: CrossLink): Route {
  return { screen: 'run', backend: link.backend, workflowId: link.workflowId ?? '', runId: link.runId };
}

export function TaskScreen(props: ScreenProps<TaskRoute>) {
  // Keyed by route: another task instance starts with a fresh cursor even if React reuses this element.
  const { route } = props;
  return (
    <TaskView key={`${route.workflowId}:${route.runId}:${route.taskId}:${route.mapIndex ?? -1}`} {...props} />
  );
}

function TaskView(props: ScreenProps<TaskRoute>) {
  const { route, width, height, writes } = props;
  const { snapshot, resource } = useScreenResource(
    props.session.queries,
    `task:${route.workflowId}:${route.runId}:${route.taskId}:${route.mapIndex ?? -1}`,
    () => createTaskDetailResource(props.session.backends, route),
  );
  // Kept while the route is in the stack: Esc from a linked run comes back to the same link.
  const [cursor, setCursor] = useRouteState('cursor', 0);
  const links = snapshot.data?.links ?? [];
  // How the runs this task may have started are named: "Databricks run".
  const linked = linkedRunKind(route.backend);
  const linkedRun = `${linked ? `${BACKEND_LABEL[linked]} ` : ''}run`;
  const visibleRows = Math.max(1, height - CHROME_LINES - triesLines(snapshot.data?.tries));
  const selected = useStickyCursor({
    id: 'links',
    rows: links,
    keyOf: linkKey,
    cursor,
    setCursor,
    viewKey: '',
  });

  const view = useLatest({ links, count: links.length, selected, task: snapshot.data?.task });
  const refresh = () => void resource.refresh();
  // The instance the writes act on: the one shown (for a mapped task, its own index).
  const selector = (): TaskSelector | undefined => {
    const task = view.current.task;
    if (!task) return undefined;
    return {
      taskId: task.taskId,
      ...(task.mapIndex !== undefined && task.mapIndex >= 0 ? { mapIndex: task.mapIndex } : {}),
    };
  };
  useScreenCommands({
    ...cursorCommands(view, visibleRows, setCursor),
    // y / O: the selected linked run's page, else the task instance's own.
    ...urlCommands(
      () => view.current.links[view.current.selected]?.url ?? view.current.task?.url,
      props.urls,
      props.flash,
    ),
    openLink() {
      const { links, selected, task } = view.current;
      const link = links[selected];
      if (link) props.open(linkRoute(link));
      else if (task) props.flash(`This task names no ${linkedRun} (no run_id or run_page_url XCom)`, 'info');
    },
    openLog() {
      const { task } = view.current;
      if (task) props.open({ screen: 'log', panes: [logTargetOfTask(task)] });
    },
    openSplitLog() {
      const { links, selected, task } = view.current;
      if (!task) return;
      const link = links[selected];
      if (!link) {
        props.flash(`This task started no ${linkedRun}: l opens its log alone`, 'info');
        return;
      }
      props.open({ screen: 'log', panes: [logTargetOfTask(task), logTargetOfLink(link)] });
    },
    refresh() {
      refresh();
      props.flash('Refreshing…', 'info');
    },
    ...(writes.offers(route.backend, 'clearTasks')
      ? {
          retry() {
            const task = selector();
            if (task) {
              writes.retryTask({
                backend: route.backend,
                workflowId: route.workflowId,
                runId: route.runId,
                task,
                onDone: refresh,
              });
            }
          },
        }
      : {}),
    ...(writes.offers(route.backend, 'markTaskState')
      ? {
          mark() {
            const task = selector();
            if (!task) return;
            writes.choose(`Mark ${routeLabel(route)} as:`, TASK_STATE_CHOICES, (state) =>
              markTaskRequest(
                { backend: route.backend, workflowId: route.workflowId, runId: route.runId, task },
                state,
                refresh,
              ),
            );
          },
        }
      : {}),
  });

  const data = snapshot.data;
  const failedTask =
    data && (data.task.state === 'failed' || data.task.state === 'retrying') ? data.task : undefined;
  const reasonOf = useFailureReasons(
    props.session.failureReasons,
    failedTask ? [failureTargetOfTask(failedTask)] : [],
  );
  const reason = failedTask
    ? formatFailureReason(reasonOf(failureTargetOfTask(failedTask)), width * 2)
    : undefined;
  // A running try's elapsed time ticks every second.
  const now = useNow(data !== undefined && (isElapsing(data.task) || data.tries.some(isElapsing)));
  const name = `${sanitizeName(route.taskId)}${typeof route.mapIndex === 'number' && route.mapIndex >= 0 ? `[${route.mapIndex}]` : ''}`;
  const start = windowStart(selected, links.length, visibleRows);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {`Task ${name} · ${sanitizeName(route.workflowId)} · run ${sanitizeName(route.runId)}`}
      </Text>
      <ResourceStatus snapshot={snapshot} width={width} />
      {data ? <TaskFacts data={data} now={now} reason={reason} /> : null}
      {data ? <TriesTable tries={data.tries} now={now} /> : null}
      {data ? (
        <Text bold wrap="truncate-end">
          {links.length > 0
            ? `Linked ${linkedRun}${links.length > 1 ? 's' : ''} (g or enter opens):`
            : `No linked ${linkedRun}: this task pushed no run_id / run_page_url XCom.`}
        </Text>
      ) : null}
      {links.slice(start, start + visibleRows).map((link, index) => (
        <RowCursor key={`${link.workflowId ?? ''}:${link.runId}`} selected={start + index === selected}>
          {linkText(link, data?.linkJobs.get(link.runId))}
        </RowCursor>
      ))}
    </Box>
  );
}

function TaskFacts({ data, now, reason }: { data: TaskDetail; now: number; reason: string | undefined }) {
  const { task, run, instances } = data;
  // Backends disagree on maxTries (total tries vs retries left), so "of M" only shows when it fits.
  const tries =
    task.maxTries !== undefined && task.maxTries >= task.tryNumber
      ? `try ${task.tryNumber} of ${task.maxTries}`
      : `try ${task.tryNumber}`;
  return (
    <>
      <Text wrap="truncate-end">
        <StateBadge state={task.state} />
        {` (${sanitizeName(task.rawState)}) · ${tries}`}
      </Text>
      <Text wrap="truncate-end">
        {`operator ${sanitizeName(task.operator ?? '—')} · host ${sanitizeName(task.hostname ?? '—')}${task.group ? ` · group ${sanitizeName(task.group)}` : ''}`}
      </Text>
      <Text wrap="truncate-end">
        {`started ${formatTime(task.startedAt, 'second')} · ended ${formatTime(task.endedAt, 'second')} · ${isElapsing(task) ? 'running for' : 'duration'} ${formatDuration(durationOf(task, now))}`}
      </Text>
      <Text wrap="truncate-end">
        {'run '}
        <StateBadge state={run.state} />
        {` · ${sanitizeName(run.trigger ?? '—')} · logical date ${formatTime(run.logicalDate ?? undefined)}`}
      </Text>
      <Text wrap="truncate-end">{instances.length > 1 ? mappedSummary(instances) : ' '}</Text>
      {/* Why it failed, from the failed try's log (l opens it); a blank line otherwise. */}
      <Text wrap="truncate-end" {...(reason !== undefined && colorEnabled() ? { color: 'red' } : {})}>
        {reason !== undefined ? `cause: ${reason || 'no error line in its log'}` : ' '}
      </Text>
    </>
  );
}

/** "mapped ×12: ✓ 8 ✗ 2 ▶ 2": the count per state, as the Airflow grid summarises mapped tasks. */
export function mappedSummary(instances: readonly TaskInstance[]): string {
  const parts = STATES.map((state) => {
    const count = instances.filter((task) => task.state === state).length;
    return count > 0 ? `${stateStyle(state).symbol} ${count}` : '';
  }).filter((part) => part !== '');
  return `mapped ×${instances.length}: ${parts.join(' ')}`;
}

/** "Databricks run 812 · eod_risk_models (job 1000) · https://…": the job by name, the id after it. */
export function linkText(link: CrossLink, job: LinkedJob | undefined): string {
  const title = jobTitle(job?.name, job?.jobId || link.workflowId);
  const jobPart = title ? ` · ${title}` : '';
  return `${sanitizeName(link.label)}${jobPart}${link.url ? ` · ${sanitizeName(link.url)}` : ''}`;
}

/** Lines the tries table takes: title, column header, rows. */
function triesLines(tries: readonly TaskAttempt[] | undefined): number {
  return tries && tries.length > 0 ? 2 + Math.min(tries.length, MAX_TRY_ROWS) : 0;
}

/** Every try, newest first: try number, state, start, end, duration, host. */
function TriesTable({ tries, now }: { tries: readonly TaskAttempt[]; now: number }) {
  if (tries.length === 0) return null;
  const shown = tries.slice(0, MAX_TRY_ROWS);
  return (
    <>
      <Text bold wrap="truncate-end">
        {`Tries, newest first${tries.length > shown.length ? ` (${shown.length} of ${tries.length})` : ''}:`}
      </Text>
      <Text dimColor wrap="truncate-end">
        {'  TRY  STATE              STARTED              ENDED                DURATION  HOST'}
      </Text>
      {shown.map((attempt) => (
        // A cleared task can list one try number twice (toTries.ts): the state tells them apart.
        <Text key={`${attempt.attempt}:${attempt.rawState}:${attempt.startedAt ?? ''}`} wrap="truncate-end">
          {`  ${String(attempt.attempt).padStart(3)}  `}
          <StateBadge state={attempt.state} width={18} />
          {` ${formatTime(attempt.startedAt, 'second').padEnd(19)}  ${formatTime(attempt.endedAt, 'second').padEnd(19)}  ${formatDuration(durationOf(attempt, now)).padStart(8)}  ${sanitizeName(attempt.hostname ?? '—')}`}
        </Text>
      ))}
    </>
  );
}
