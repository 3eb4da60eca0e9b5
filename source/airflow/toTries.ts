// The tries endpoint's task instances as TaskAttempts, newest first. Real Airflow answers the
// history rows and then the live task instance, so one try number can come twice: a cleared task
// not yet re-run (the history row with its old state, the live row reset) keeps both, the live row
// first; a task restarting (the history row and the live row of the same try in the same state)
// keeps only the live row, which is the one whose timing is current.
import type { TaskAttempt, TaskInstance } from '../core/model.js';
import { compact } from './compact.js';

export function toTries(tries: readonly TaskInstance[]): TaskAttempt[] {
  // Reversed before the stable sort, so the later (live) row of a repeated try number comes first.
  const seen = new Set<string>();
  return [...tries]
    .reverse()
    .sort((a, b) => b.tryNumber - a.tryNumber)
    .filter((ti) => {
      const key = `${ti.tryNumber}:${ti.state}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
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
