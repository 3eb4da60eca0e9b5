// How long something has taken, by its state: a task or run still going has the time elapsed since
// it started (Airflow 3 keeps a cleared try's old `duration` on the instance that restarted, so a
// stored duration is never the live one); a finished one has its recorded duration, else its
// start-to-end span.
import { ACTIVE_STATES, type State } from './model.js';

export interface Timed {
  state: State;
  startedAt?: string | undefined;
  endedAt?: string | undefined;
  durationMs?: number | undefined;
}

export function durationOf(item: Timed, now: number): number | undefined {
  const started = item.startedAt ? Date.parse(item.startedAt) : Number.NaN;
  const ended = item.endedAt ? Date.parse(item.endedAt) : Number.NaN;
  // A try waiting for its retry (up_for_retry) is "active" but has ended: it has a duration.
  if (ACTIVE_STATES.has(item.state) && Number.isNaN(ended)) {
    return Number.isNaN(started) ? undefined : Math.max(0, now - started);
  }
  if (item.durationMs !== undefined) return item.durationMs;
  return Number.isNaN(started) || Number.isNaN(ended) ? undefined : Math.max(0, ended - started);
}

/** Whether durationOf() is a live, growing number. */
export function isElapsing(item: Timed): boolean {
  return ACTIVE_STATES.has(item.state) && item.startedAt !== undefined && !item.endedAt;
}
