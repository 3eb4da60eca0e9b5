// The detail line(s) under the home panes: who and what the selected row is, and how its latest
// run went (state, age, failing tasks, cause, failures among the last N).
import { Box, Text } from 'ink';
import type { FailingTasksStore } from '../../../core/failingTasks.js';
import type { HomeRow } from '../../../core/homeRows.js';
import type { Run } from '../../../core/model.js';
import { WORKFLOW_TRAITS } from '../../../core/workflowTraits.js';
import { stateStyle } from '../../stateStyle.js';
import { formatAge } from '../../text.js';
import { failedLatest } from './failedLatest.js';

interface DetailProps {
  row: HomeRow | undefined;
  /** Why the latest run failed (first line), when it did. */
  cause: string | undefined;
  /** The row's strip runs. */
  recent: readonly Run[];
  lines: number;
  now: number;
  failing: FailingTasksStore | undefined;
  /** What the latest `:review` found on this workflow, one line ('' when nothing). */
  review: string;
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
export function DetailLines({ row, recent, lines, now, failing, cause, review }: DetailProps) {
  if (!row) return <Text> </Text>;
  const run = recent[0];
  const failedCount = recent.filter((r) => r.state === 'failed').length;
  const about = [
    // A workflow known by its id (a DAG) is named once; one with a name and an id shows both.
    WORKFLOW_TRAITS[row.workflow.backend].idIsName ? row.id : `${row.name} (${row.id})`,
    review,
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
