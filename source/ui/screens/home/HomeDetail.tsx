// The detail line(s) of the focused home pane's selected row, with what they look up for that row
// alone: why its failed latest run failed, and its failed tasks where its kind shows them.

import type { ConsoleSession } from '../../../core/consoleSession.js';
import { failureTargetOfRun } from '../../../core/failureReasons.js';
import type { SortSpec } from '../../../core/homeRows.js';
import type { BackendKind } from '../../../core/model.js';
import type { Finding } from '../../../core/review/finding.js';
import { sanitizeName } from '../../../core/sanitize.js';
import { formatFailureReason } from '../../formatFailureReason.js';
import { useFailureReasons } from '../../hooks/useFailureReasons.js';
import { usePaneRows } from '../../hooks/usePaneRows.js';
import { workflowKey } from '../../review/reviewState.js';
import { describeFindings } from '../../review/useReviewMarkers.js';
import { DetailLines } from './DetailLines.js';
import { failedLatest } from './failedLatest.js';
import { usePaneStrips, useStoreVersion } from './useRowLookups.js';

export interface HomeDetailProps {
  /** The focused pane. */
  kind: BackendKind;
  session: ConsoleSession;
  filter: string;
  sort: SortSpec;
  /** The focused pane's cursor as the console's store holds it (its pane keeps it on its row). */
  cursor: number;
  lines: number;
  width: number;
  now: number;
  reviewed: ReadonlyMap<string, readonly Finding[]>;
}

export function HomeDetail({
  kind,
  session,
  filter,
  sort,
  cursor,
  lines,
  width,
  now,
  reviewed,
}: HomeDetailProps) {
  // The same rows the pane draws: the session caches them, so reading them again costs nothing.
  const data = usePaneRows(session.homeRows, session.home.panes[kind], filter, sort);
  const { recentOf } = usePaneStrips(session.runStrips(kind), data.windowFull);
  const failing = session.failingTasks(kind);
  useStoreVersion(failing);
  const selected = data.rows[Math.max(0, Math.min(cursor, data.rows.length - 1))];
  const recent = selected ? recentOf(selected) : [];
  // The selected row's failed latest run: why, on the detail line (one lookup, for that row only).
  const failure = failedLatest(recent);
  const target = failure ? failureTargetOfRun(failure) : undefined;
  const reasonOf = useFailureReasons(session.failureReasons, target ? [target] : []);
  const cause = target ? formatFailureReason(reasonOf(target), Math.max(20, width - 20)) : undefined;
  const findings = selected
    ? reviewed.get(workflowKey(selected.workflow.backend, selected.workflow.id))
    : undefined;
  return (
    <DetailLines
      row={selected}
      recent={recent}
      lines={lines}
      now={now}
      failing={failing}
      cause={cause}
      review={selected ? sanitizeName(describeFindings(findings)) : ''}
    />
  );
}
