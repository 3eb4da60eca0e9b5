// The tries endpoint's task instances as TaskAttempts, newest first, one row per try. Real Airflow
// answers the history rows and then the live task instance, and a task cleared while it runs puts
// one try number on both:
// - Airflow 3.3 records the try in the history (failed, ended at the clear) and keeps the live
//   instance under the same number, `restarting` and then reset to no state, with that try's start,
//   end and duration, until it is queued as the next try: the history row is the try, the live one
//   only repeats it.
// - Airflow 2.10 records the try the same way, but the try it was running goes on and ends (success)
//   under the same number: the live row is the try's real outcome.
// So a live row replaces the history row of its number unless it is such a placeholder (restarting,
// reset, waiting). A live instance waiting for its next try still carries the previous try's times;
// they are left out, since that try has its own row.
import type { State, TaskAttempt, TaskInstance } from '../core/model.js';
import { compact } from './compact.js';

const WAITING: ReadonlySet<State> = new Set(['queued', 'scheduled', 'none']);

/** A live row that stands for no try of its own: restarting, reset, or waiting to be run again. */
const placeholder = (ti: TaskInstance) => ti.rawState === 'restarting' || WAITING.has(ti.state);

export function toTries(tries: readonly TaskInstance[]): TaskAttempt[] {
  const live = tries.at(-1);
  const byTry = new Map<number, TaskInstance>();
  for (const ti of tries) {
    const seen = byTry.get(ti.tryNumber);
    byTry.set(ti.tryNumber, seen && placeholder(ti) ? seen : ti);
  }
  return [...byTry.values()]
    .sort((a, b) => b.tryNumber - a.tryNumber)
    .map((ti) => {
      const pending = ti === live && WAITING.has(ti.state);
      return {
        attempt: ti.tryNumber,
        state: ti.state,
        rawState: ti.rawState,
        ...compact({
          startedAt: pending ? undefined : ti.startedAt,
          endedAt: pending ? undefined : ti.endedAt,
          durationMs: pending ? undefined : ti.durationMs,
          hostname: ti.hostname,
        }),
      };
    });
}
