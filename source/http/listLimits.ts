// The bounds of one list read (every page of the DAGs, the jobs, a run's task instances...): how
// many items dagdeck accepts and how long the whole read may take. A server decides how many pages
// it announces and how fast it answers, so neither may decide how much memory dagdeck uses or how
// long a command or a pane waits.
import { type DagdeckError, Timeout } from '../core/errors.js';
import { formatDuration } from '../core/formatDuration.js';

export interface ListLimits {
  /** More items than this is refused, whatever the server announces. */
  maxItems: number;
  /** The whole list, every page and retry included, in ms. */
  deadlineMs: number;
}

/**
 * Generous: a run of a hundred mapped tasks at Airflow's default max_map_length (1024) has ~100,000
 * task instances, and the largest deployments hold tens of thousands of DAGs. A lie of a billion
 * is refused before a second page is asked for.
 */
export const DEFAULT_MAX_LIST_ITEMS = 200_000;
/** Two minutes: 10,000 DAGs take about a second; a list this slow is a server problem to report. */
export const DEFAULT_LIST_DEADLINE_MS = 120_000;

export const DEFAULT_LIST_LIMITS: ListLimits = {
  maxItems: DEFAULT_MAX_LIST_ITEMS,
  deadlineMs: DEFAULT_LIST_DEADLINE_MS,
};

/** The limits of a context: those it sets, the defaults for the rest. */
export function listLimits(given: Partial<ListLimits> | undefined): ListLimits {
  return {
    maxItems: given?.maxItems ?? DEFAULT_MAX_LIST_ITEMS,
    deadlineMs: given?.deadlineMs ?? DEFAULT_LIST_DEADLINE_MS,
  };
}

/**
 * Runs `read` with a signal that also aborts after `deadlineMs`. When the deadline is what ended
 * it, the error is `timedOut()` (a Timeout naming the list); a cancellation by the caller stays
 * the caller's AbortError.
 */
export async function withListDeadline<T>(
  deadlineMs: number,
  signal: AbortSignal | undefined,
  timedOut: () => DagdeckError,
  read: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException('the list deadline passed', 'TimeoutError')),
    deadlineMs,
  );
  const combined = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  try {
    return await read(combined);
  } catch (error) {
    if (deadline.signal.aborted && !signal?.aborted) throw timedOut();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The Timeout of a list that ran out of time, with how far it got. */
export function listTimeout(what: string, source: string, deadlineMs: number, progress: string): Timeout {
  return new Timeout(
    `${what} did not finish within ${formatDuration(deadlineMs)} (${source}, ${progress}): the server is too slow; try again, narrow the list, or raise the context's --list-timeout`,
  );
}
