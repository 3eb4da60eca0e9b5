// The tries endpoint's task instances as TaskAttempts, newest first. Real Airflow answers the
// history rows and then the live task instance, so a cleared task not yet re-run can name one try
// number twice (the history row with its old state, the live row reset): both are kept, the live
// row first, rather than hiding either (reference airflow-api.md §5.6).
import type { TaskAttempt, TaskInstance } from '../core/model.js';
import { compact } from './compact.js';

export function toTries(tries: readonly TaskInstance[]): TaskAttempt[] {
  // Reversed before the stable sort, so the later (live) row of a repeated try number comes first.
  return [...tries]
    .reverse()
    .sort((a, b) => b.tryNumber - a.tryNumber)
    .map((ti) => ({
      attempt: ti.tryNumber,
      state: ti.state,
      rawState: ti.rawState,
      ...compact({
        startedAt: ti.startedAt,
        endedAt: ti.endedAt,
        durationMs: ti.durationMs,
        hostname: ti.hostname,
      }),
    }));
}
