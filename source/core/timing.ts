// How long something has taken, by its state: a task or run still going has the time elapsed since
// it started (Airflow 3 keeps a cleared try's old `duration` on the instance that restarted, so a
// stored duration is never the live one); a finished one has its recorded duration, else its
// start-to-end span.
import type { State } from './model.js';

/** States in which the work is going now; queued and scheduled work has not started (again). */
const GOING: ReadonlySet<State> = new Set(['running', 'retrying']);
const WAITING: ReadonlySet<State> = new Set(['queued', 'scheduled']);

export interface Timed {
  state: State;
  startedAt?: string | undefined;
  endedAt?: string | undefined;
  durationMs?: number | undefined;
}

export function durationOf(item: Timed, now: number): number | undefined {
  const started = item.startedAt ? Date.parse(item.startedAt) : Number.NaN;
  const ended = item.endedAt ? Date.parse(item.endedAt) : Number.NaN;
  // Queued again (a cleared run keeps its old start): nothing has run yet this time.
  if (WAITING.has(item.state)) return undefined;
  // A try waiting for its retry (up_for_retry) counts as going but has ended: it has a duration.
  if (GOING.has(item.state) && Number.isNaN(ended)) {
    return Number.isNaN(started) ? undefined : Math.max(0, now - started);
  }
  if (item.durationMs !== undefined) return item.durationMs;
  return Number.isNaN(started) || Number.isNaN(ended) ? undefined : Math.max(0, ended - started);
}

/** Whether durationOf() is a live, growing number. */
export function isElapsing(item: Timed): boolean {
  return GOING.has(item.state) && item.startedAt !== undefined && !item.endedAt;
}
